// What the last turn was answered with: every item of the prompt grouped by section, with
// its tokens, score, reason and a link to where it came from, and the budget bar.
import type { ContextItemView, ContextView } from '../../../shared/contract';
import { BudgetBar } from '../components/BudgetBar';
import { SECTION_LABELS, SECTION_ORDER } from '../lib/budget';
import { chatHref, memoryHref } from '../lib/route';

export function ContextInspector({ context, onClose }: { context: ContextView | null; onClose: () => void }) {
  return (
    <aside className="inspector" id="context-inspector" aria-labelledby="inspector-title" data-testid="context-inspector">
      <div className="row spread">
        <h2 id="inspector-title">Context of the last turn</h2>
        <button type="button" onClick={onClose} aria-label="Close context inspector">
          Close
        </button>
      </div>
      {!context ? (
        <p className="muted">Nothing recorded yet. The context is kept for the last turn of each conversation since Mnemo started; send a message to see it.</p>
      ) : (
        <>
          <BudgetBar budget={context.budget} />
          <p className="muted">
            Retrieval: {context.retrievalMode === 'hybrid' ? 'vector + keyword' : 'keyword only'} · assembled in {Math.round(context.timings.totalMs)} ms
          </p>
          {groupBySection(context.items).map(([section, items]) => (
            <section key={section} className="inspector-section" aria-label={SECTION_LABELS[section] ?? section}>
              <h3>
                {SECTION_LABELS[section] ?? section} <span className="muted">({items.reduce((n, i) => n + i.tokens, 0)} tokens)</span>
              </h3>
              <ul>
                {items.map((item, index) => (
                  <li key={index} className="context-item">
                    <div className="row wrap small">
                      <span>{item.tokens} tokens</span>
                      <span>score {item.score === null ? '—' : item.score.toFixed(3)}</span>
                      <span>{item.reason}</span>
                      {item.supersededBy && (
                        <span className="stale-label" data-testid="stale-label">
                          said on {new Date(item.timestamp ?? 0).toISOString().slice(0, 10)}, out of date
                        </span>
                      )}
                      <SourceLink item={item} />
                    </div>
                    <details>
                      <summary>{preview(item.text)}</summary>
                      <pre className="context-text">{item.text}</pre>
                    </details>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </aside>
  );
}

function SourceLink({ item }: { item: ContextItemView }) {
  const { source } = item;
  const messageId = source.messageId ?? source.coveredMessageIds?.[0];
  if (source.conversationId && messageId) return <a href={chatHref(source.conversationId, messageId)}>Open source message</a>;
  if (source.conversationId) return <a href={chatHref(source.conversationId)}>Open source conversation</a>;
  if (source.memoryId) return <a href={memoryHref(source.memoryId)}>Open memory</a>;
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
  return line.length > 120 ? `${line.slice(0, 120)}…` : line || '(empty)';
}
