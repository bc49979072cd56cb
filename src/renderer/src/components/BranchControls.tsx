// Branches in the chat: the ‹ n / m › switcher on a message that has other versions (an older
// reply kept by Regenerate, an edited message), and "Branch from here" with its choice of a new
// branch in this conversation or a new conversation. `useBranching` gives the chat view these
// pieces for each message, so the view itself only places them.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../i18n';
import type { Message } from '../../../shared/domain';
import { errorMessage } from '../lib/errors';
import { chatHref } from '../lib/route';
import { useBranches } from '../stores/branches-store';
import { navigate } from '../stores/route-store';
import { useToasts } from '../stores/toast-store';

export function VersionSwitcher({
  versions,
  current,
  onShow,
  disabled,
}: {
  versions: string[];
  current: string;
  onShow: (id: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const at = versions.indexOf(current);
  if (versions.length < 2 || at < 0) return null;
  return (
    <span
      className="versions"
      role="group"
      aria-label={t('branch.version', { current: at + 1, count: versions.length })}
      data-testid="versions"
    >
      <button
        type="button"
        aria-label={t('branch.previous')}
        disabled={disabled || at === 0}
        onClick={() => onShow(versions[at - 1]!)}
      >
        ‹
      </button>
      <span aria-hidden="true">
        {at + 1} / {versions.length}
      </span>
      <button
        type="button"
        aria-label={t('branch.next')}
        disabled={disabled || at === versions.length - 1}
        onClick={() => onShow(versions[at + 1]!)}
      >
        ›
      </button>
    </span>
  );
}

export function BranchDialog({
  open,
  onChoose,
  onCancel,
}: {
  open: boolean;
  onChoose: (into: 'branch' | 'conversation') => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog branch-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => (e.preventDefault(), onCancel())}
      data-testid="branch-dialog"
    >
      <h2 id={`${id}-title`}>{t('branch.title')}</h2>
      <p id={`${id}-body`}>{t('branch.body')}</p>
      <div className="row end wrap">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" onClick={() => onChoose('conversation')}>
          {t('branch.newConversation')}
        </button>
        <button type="button" className="primary" onClick={() => onChoose('branch')} autoFocus>
          {t('branch.thisConversation')}
        </button>
      </div>
    </dialog>
  );
}

export interface Branching {
  /** The ‹ n / m › switcher for a message with other versions, or null. */
  versionsOf: (message: Message) => ReactNode;
  /** The "Branch from here" action of a message. */
  branchAction: (message: Message) => ReactNode;
  /** The dialog asking where the branch goes; place it once. */
  dialog: ReactNode;
}

export function useBranching(conversationId: string | null, messages: Message[], busy: boolean): Branching {
  const points = useBranches((s) => (conversationId ? s.points[conversationId] : undefined));
  const [branchingFrom, setBranchingFrom] = useState<string | null>(null);
  // Versions appear when a turn ends (regenerate, edit) or another branch is shown.
  const shownIds = messages.map((m) => m.id).join(' ');
  useEffect(() => {
    if (conversationId && !busy)
      void useBranches
        .getState()
        .load(conversationId)
        .catch(() => undefined);
  }, [conversationId, shownIds, busy]);

  const failed = (what: 'branch.failedBranch' | 'branch.failedShow') => (error: unknown) =>
    useToasts.getState().show({ message: translate(what, { error: errorMessage(error) }), tone: 'error' });
  const choose = async (into: 'branch' | 'conversation') => {
    const from = branchingFrom;
    setBranchingFrom(null);
    if (!conversationId || !from) return;
    try {
      const continued = await useBranches.getState().branchFrom(conversationId, from, into);
      if (continued !== conversationId) navigate(chatHref(continued));
      useToasts.getState().show(
        {
          message: into === 'branch' ? translate('branch.created') : translate('branch.copied'),
        },
        5_000,
      );
    } catch (error) {
      failed('branch.failedBranch')(error);
    }
  };

  return {
    versionsOf: (message) => {
      const versions = points?.[message.id];
      if (!conversationId || !versions) return null;
      return (
        <VersionSwitcher
          versions={versions}
          current={message.id}
          disabled={busy}
          onShow={(id) => void useBranches.getState().show(conversationId, id).catch(failed('branch.failedShow'))}
        />
      );
    },
    branchAction: (message) =>
      conversationId && message.status !== 'streaming' ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => setBranchingFrom(message.id)}
          aria-label={message.role === 'user' ? translate('branch.actionYours') : translate('branch.actionReply')}
        >
          {translate('branch.action')}
        </button>
      ) : null,
    dialog: (
      <BranchDialog
        open={branchingFrom !== null}
        onChoose={(into) => void choose(into)}
        onCancel={() => setBranchingFrom(null)}
      />
    ),
  };
}
