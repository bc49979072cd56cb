// What Mnemo remembers: list, search, filter by category; add, edit in place, delete with
// Undo, pin as core memory; each memory's source message and change history; import and
// export as JSON.
import { useEffect, useState } from 'react';
import type { Memory, MemorySource } from '../../../shared/domain';
import { conversationTitle, formatTime } from '../lib/conversations';
import { chatHref } from '../lib/route';
import { ReviewQueue } from '../components/ReviewQueue';
import { useForget } from '../stores/forget-store';
import { useMemory } from '../stores/memory-store';

export function MemoryView({ focusId }: { focusId: string | null }) {
  const store = useMemory();
  const [query, setQuery] = useState(store.query);

  useEffect(() => {
    void useMemory.getState().load();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => void useMemory.getState().search(query), 250);
    return () => clearTimeout(timer);
  }, [query]);
  useEffect(() => {
    if (!focusId || !store.memories.some((m) => m.id === focusId)) return;
    const element = document.getElementById(`memory-${focusId}`);
    element?.scrollIntoView({ block: 'center' });
    element?.focus({ preventScroll: true });
  }, [focusId, store.memories]);

  const shown = store.results ? store.results.map((r) => r.memory) : store.memories;

  return (
    <div className="memory-view">
      <div className="row spread">
        <h1>Memory</h1>
        <div className="row">
          <button type="button" onClick={() => void store.exportAll()}>
            Export JSON
          </button>
          <label className="button file-button">
            Import JSON
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) await store.importJson(await file.text());
              }}
            />
          </label>
        </div>
      </div>
      {store.error && (
        <p className="error" role="alert">
          {store.error}
        </p>
      )}
      <ReviewQueue onApproved={() => void useMemory.getState().load()} />
      <AddMemoryForm categories={store.categories} onAdd={store.add} />
      <div className="row wrap filters">
        <form role="search" onSubmit={(e) => e.preventDefault()} className="row">
          <label htmlFor="memory-search">Search memories</label>
          <input id="memory-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
        <label className="inline">
          Category
          <select
            value={store.category}
            onChange={(e) => void store.setCategory(e.target.value)}
            disabled={!!store.results}
          >
            <option value="">All</option>
            {store.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted" aria-live="polite" data-testid="memory-count">
        {store.loading ? (
          'Loading…'
        ) : store.results ? (
          <MatchCount matches={shown.length} total={store.memories.length} query={store.query} />
        ) : (
          `${shown.length} ${shown.length === 1 ? 'memory' : 'memories'}`
        )}
      </p>
      <ul className="memory-list">
        {shown.map((memory) => (
          <MemoryItem key={memory.id} memory={memory} highlighted={memory.id === focusId} />
        ))}
      </ul>
    </div>
  );
}

function MatchCount({ matches, total, query }: { matches: number; total: number; query: string }) {
  if (matches === 0) return <>No memory matches “{query}”.</>;
  return (
    <>
      <span className="match-count">{matches}</span> of {total} {total === 1 ? 'memory matches' : 'memories match'} “
      {query}”
    </>
  );
}

/** Where a memory came from, in words. */
const SOURCE_WORDS: Record<MemorySource, string> = {
  user: 'added by you',
  model: 'saved by the assistant',
  promoted: 'from one of your messages',
};

function AddMemoryForm({
  categories,
  onAdd,
}: {
  categories: string[];
  onAdd: ReturnType<typeof useMemory.getState>['add'];
}) {
  const [content, setContent] = useState('');
  const [category, setCategory] = useState('');
  const [importance, setImportance] = useState(3);
  const [pinned, setPinned] = useState(false);
  return (
    <form
      className="card add-memory"
      aria-label="Add a memory"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!content.trim()) return;
        if (
          await onAdd({
            content: content.trim(),
            importance,
            pinned,
            ...(category.trim() ? { category: category.trim() } : {}),
          })
        ) {
          setContent('');
          setCategory('');
          setPinned(false);
        }
      }}
    >
      <label htmlFor="new-memory">New memory</label>
      <textarea
        id="new-memory"
        rows={2}
        maxLength={4000}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
      <div className="row wrap">
        <label className="inline">
          Category
          <input
            list="memory-categories"
            value={category}
            maxLength={40}
            onChange={(e) => setCategory(e.target.value)}
            placeholder="e.g. preference"
          />
        </label>
        <datalist id="memory-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <ImportanceSelect value={importance} onChange={setImportance} />
        <label className="inline">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
          Core memory
        </label>
        <button type="submit" className="primary" disabled={!content.trim()}>
          Add memory
        </button>
      </div>
    </form>
  );
}

function ImportanceSelect({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <label className="inline">
      Importance
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {[1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

function MemoryItem({ memory, highlighted }: { memory: Memory; highlighted: boolean }) {
  const { edit, remove, loadDetails } = useMemory.getState();
  const details = useMemory((s) => s.details[memory.id]);
  const [editing, setEditing] = useState<{ content: string; category: string; importance: number } | null>(null);
  const [open, setOpen] = useState(false);
  const short = memory.content.length > 40 ? `${memory.content.slice(0, 40)}…` : memory.content;

  return (
    <li
      id={`memory-${memory.id}`}
      tabIndex={-1}
      className={`card memory${highlighted ? ' highlighted' : ''}${memory.pinned ? ' pinned' : ''}`}
      data-testid="memory-item"
    >
      {editing ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (
              await edit({
                memoryId: memory.id,
                content: editing.content,
                category: editing.category,
                importance: editing.importance,
              })
            )
              setEditing(null);
          }}
        >
          <label htmlFor={`edit-memory-${memory.id}`}>Memory text</label>
          <textarea
            id={`edit-memory-${memory.id}`}
            value={editing.content}
            rows={3}
            maxLength={4000}
            autoFocus
            onChange={(e) => setEditing({ ...editing, content: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
          />
          <div className="row wrap">
            <label className="inline">
              Category
              <input
                value={editing.category}
                maxLength={40}
                onChange={(e) => setEditing({ ...editing, category: e.target.value })}
              />
            </label>
            <ImportanceSelect
              value={editing.importance}
              onChange={(importance) => setEditing({ ...editing, importance })}
            />
            <button type="submit" className="primary" disabled={!editing.content.trim() || !editing.category.trim()}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="memory-content">{memory.content}</p>
          <p className="muted small">
            {memory.pinned && <span className="tag">core</span>} {memory.category} · importance {memory.importance} ·{' '}
            {SOURCE_WORDS[memory.source]} · {formatTime(memory.updatedAt)}
          </p>
          <div className="row wrap small-buttons">
            <button
              type="button"
              onClick={() =>
                setEditing({ content: memory.content, category: memory.category, importance: memory.importance })
              }
              aria-label={`Edit memory: ${short}`}
            >
              Edit
            </button>
            <button
              type="button"
              onClick={() => void edit({ memoryId: memory.id, pinned: !memory.pinned })}
              aria-label={`${memory.pinned ? 'Unpin' : 'Pin as core'}: ${short}`}
            >
              {memory.pinned ? 'Unpin core' : 'Pin as core'}
            </button>
            <button
              type="button"
              aria-expanded={open}
              onClick={() => {
                if (!open) void loadDetails(memory.id);
                setOpen(!open);
              }}
              aria-label={`Source and history: ${short}`}
            >
              Source and history
            </button>
            <button
              type="button"
              onClick={() => void useForget.getState().open({ memoryId: memory.id })}
              aria-label={`Forget this everywhere: ${short}`}
            >
              Forget everywhere
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void remove(memory)}
              aria-label={`Delete memory: ${short}`}
            >
              Delete
            </button>
          </div>
        </>
      )}
      {open && <MemoryDetailsPanel details={details} />}
    </li>
  );
}

function MemoryDetailsPanel({
  details,
}: {
  details: ReturnType<typeof useMemory.getState>['details'][string] | undefined;
}) {
  if (!details) return <p className="muted">Loading…</p>;
  if (details.error) return <p className="error">{details.error}</p>;
  const source = details.provenance;
  return (
    <div className="memory-details">
      <h3>Source</h3>
      {source?.message ? (
        <p>
          <a href={chatHref(source.message.conversationId, source.message.id)}>
            {conversationTitle(source.conversation)}
          </a>
          : “{source.message.content.slice(0, 200)}
          {source.message.content.length > 200 ? '…' : ''}”
        </p>
      ) : (
        <p className="muted">Added by hand, or its source message was deleted.</p>
      )}
      {details.versions.length > 1 && (
        <>
          <h3>Earlier values</h3>
          <ul className="memory-versions">
            {details.versions
              .filter((v) => v.validTo !== null)
              .map((v) => (
                <li key={v.validFrom}>
                  “{v.content}” · held from {formatTime(v.validFrom)} until {formatTime(v.validTo!)}
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>Changes</h3>
      <ol className="memory-history">
        {details.history.map((entry) => (
          <li key={entry.id}>
            <span>
              {formatTime(entry.at)} · {entry.action} by {entry.actor}
            </span>
            {entry.after?.content !== undefined && entry.before?.content !== entry.after.content && (
              <span className="muted"> → “{entry.after.content}”</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
