// "Why this reply?": what one reply was answered with. Every item of its prompt grouped by
// section, with what it cost and why it was there in plain words, a link to where it came
// from, and the budget bar. Read from the record kept with the reply, so any past reply can be
// inspected; what was deleted since is shown as such.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContextItemView } from '../../../shared/contract';
import { BudgetBar } from '../components/BudgetBar';
import { t as translate } from '../i18n';
import { useFormat } from '../i18n/format';
import { sectionLabel, SECTION_ORDER } from '../lib/budget';
import { reasonText } from '../lib/context-reason';
import { chatHref, memoryHref } from '../lib/route';
import { useTurnContexts } from '../stores/turn-context-store';

export interface ContextInspectorProps {
  /** The reply to explain; null when the conversation has none yet. */
  messageId: string | null;
  /** Changes while the reply is being written, so its context is read once it is there. */
  refreshKey?: string;
  onClose: () => void;
}

export function ContextInspector({ messageId, refreshKey, onClose }: ContextInspectorProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useTurnContexts((s) => (messageId ? s.byReply[messageId] : undefined));
  useEffect(() => {
    if (messageId) void useTurnContexts.getState().load(messageId);
  }, [messageId, refreshKey]);
  const view = state?.status === 'ready' ? state.view : null;
  return (
    <aside
      className="inspector"
      id="context-inspector"
      aria-labelledby="inspector-title"
      data-testid="context-inspector"
    >
      <div className="row spread">
        <h2 id="inspector-title">{t('message.why')}</h2>
        <button type="button" onClick={onClose} aria-label={t('inspector.close')}>
          {t('common.close')}
        </button>
      </div>
      {!messageId ? (
        <p className="muted">{t('inspector.noReply')}</p>
      ) : state?.status === 'failed' ? (
        <p className="error">{t('inspector.failed', { error: state.error })}</p>
      ) : !state || state.status === 'loading' ? (
        <p className="muted">{t('common.loading')}</p>
      ) : !view ? (
        <p className="muted">{t('inspector.nothingKept')}</p>
      ) : (
        <>
          <p className="muted small">
            {t('inspector.putTogether', { when: f.dateTime(view.at) })} ·{' '}
            {view.context.retrievalMode === 'hybrid' ? t('inspector.hybrid') : t('inspector.wordsOnly')}
          </p>
          <BudgetBar budget={view.context.budget} />
          {groupBySection(view.context.items).map(([section, items]) => (
            <section key={section} className="inspector-section" aria-label={sectionLabel(section)}>
              <h3>
                {sectionLabel(section)}{' '}
                <span className="muted">
                  {t('inspector.sectionTokens', { count: items.reduce((n, i) => n + i.tokens, 0) })}
                </span>
              </h3>
              <ul>
                {items.map((item, index) => (
                  <ContextItemRow key={index} item={item} />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </aside>
  );
}

function ContextItemRow({ item }: { item: ContextItemView }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li className="context-item" data-testid="context-item">
      <p className="context-reason">{reasonText(item.reason)}</p>
      <div className="row wrap small muted">
        <span>{t('inspector.tokens', { count: item.tokens })}</span>
        {item.timestamp !== undefined && <span>{f.date(item.timestamp)}</span>}
        {item.supersededBy && (
          <span className="stale-label" data-testid="stale-label">
            {t('inspector.outOfDate', { current: item.supersededBy.current })}
          </span>
        )}
        {!item.gone && <SourceLink item={item} />}
      </div>
      {item.gone ? (
        <p className="muted small" data-testid="context-gone">
          {t('inspector.gone')}
        </p>
      ) : (
        <details>
          <summary>{preview(item.text)}</summary>
          <pre className="context-text">{item.text}</pre>
        </details>
      )}
    </li>
  );
}

function SourceLink({ item }: { item: ContextItemView }) {
  const { t } = useTranslation();
  const { source } = item;
  if (item.section === 'user' || item.section === 'system' || item.section === 'tools') return null;
  const messageId = source.messageId ?? source.coveredMessageIds?.[0];
  if (source.conversationId && messageId)
    return <a href={chatHref(source.conversationId, messageId)}>{t('inspector.openMessage')}</a>;
  if (source.conversationId) return <a href={chatHref(source.conversationId)}>{t('inspector.openConversation')}</a>;
  if (source.memoryId) return <a href={memoryHref(source.memoryId)}>{t('inspector.openMemory')}</a>;
  return null;
}

function groupBySection(items: ContextItemView[]): [string, ContextItemView[]][] {
  const groups = new Map<string, ContextItemView[]>();
  for (const item of items) groups.set(item.section, [...(groups.get(item.section) ?? []), item]);
  const order = (s: string) => {
    const i = (SECTION_ORDER as readonly string[]).indexOf(s);
    return i === -1 ? SECTION_ORDER.length : i;
  };
  return [...groups.entries()].sort(([a], [b]) => order(a) - order(b));
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line || translate('inspector.empty');
}
