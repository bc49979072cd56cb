// Branches in the chat: the ‹ n / m › switcher on a message that has other versions (an older
// reply kept by Regenerate, an edited message), and "Branch from here" with its choice of a new
// branch in this conversation or a new conversation. `useBranching` gives the chat view these
// pieces for each message, so the view itself only places them.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
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
  const at = versions.indexOf(current);
  if (versions.length < 2 || at < 0) return null;
  return (
    <span
      className="versions"
      role="group"
      aria-label={`Version ${at + 1} of ${versions.length}`}
      data-testid="versions"
    >
      <button
        type="button"
        aria-label="Previous version"
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
        aria-label="Next version"
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
      <h2 id={`${id}-title`}>Branch from here</h2>
      <p id={`${id}-body`}>
        Continue the conversation from this message. Nothing is lost: what came after it stays in the other branch.
      </p>
      <div className="row end wrap">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={() => onChoose('conversation')}>
          In a new conversation
        </button>
        <button type="button" className="primary" onClick={() => onChoose('branch')} autoFocus>
          In this conversation
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

  const failed = (what: string) => (error: unknown) =>
    useToasts.getState().show({ message: `Could not ${what}: ${errorMessage(error)}`, tone: 'error' });
  const choose = async (into: 'branch' | 'conversation') => {
    const from = branchingFrom;
    setBranchingFrom(null);
    if (!conversationId || !from) return;
    try {
      const continued = await useBranches.getState().branchFrom(conversationId, from, into);
      if (continued !== conversationId) navigate(chatHref(continued));
      useToasts.getState().show(
        {
          message:
            into === 'branch'
              ? 'New branch: your next message continues from here. The rest stays in the other branch.'
              : 'Copied into a new conversation.',
        },
        5_000,
      );
    } catch (error) {
      failed('branch from here')(error);
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
          onShow={(id) => void useBranches.getState().show(conversationId, id).catch(failed('show that version'))}
        />
      );
    },
    branchAction: (message) =>
      conversationId && message.status !== 'streaming' ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => setBranchingFrom(message.id)}
          aria-label={`Branch from here: ${message.role === 'user' ? 'your message' : 'reply'}`}
        >
          Branch
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
