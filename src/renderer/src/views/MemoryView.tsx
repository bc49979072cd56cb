// What Mnemo remembers: list, search, filter by category; add, edit in place, delete with
// Undo, pin as core memory; each memory's source message and change history; import and
// export as JSON.
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Memory, MemorySource } from '../../../shared/domain';
import { conversationTitle, formatTime } from '../lib/conversations';
import { i18n } from '../i18n';
import { chatHref } from '../lib/route';
import { ReviewQueue } from '../components/ReviewQueue';
import { useForget } from '../stores/forget-store';
import { useShallow } from 'zustand/react/shallow';
import { memorySelectors, useMemory } from '../stores/memory-store';

export function MemoryView({ focusId }: { focusId: string | null }) {
  const { t } = useTranslation();
  const store = useMemory(useShallow(memorySelectors.list));
  const { exportAll, importJson, add, setCategory } = useMemory.getState();
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
        <h1>{t('nav.memory')}</h1>
        <div className="row">
          <button type="button" onClick={() => void exportAll()}>
            {t('memory.exportJson')}
          </button>
          <label className="button file-button">
            {t('memory.importJson')}
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) await importJson(await file.text());
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
      <AddMemoryForm categories={store.categories} onAdd={add} />
      <div className="row wrap filters">
        <form role="search" onSubmit={(e) => e.preventDefault()} className="row">
          <label htmlFor="memory-search">{t('memory.search')}</label>
          <input id="memory-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
        <label className="inline">
          {t('memory.category')}
          <select value={store.category} onChange={(e) => void setCategory(e.target.value)} disabled={!!store.results}>
            <option value="">{t('memory.all')}</option>
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
          t('common.loading')
        ) : store.results ? (
          <MatchCount matches={shown.length} total={store.memories.length} query={store.query} />
        ) : (
          t('memory.count', { count: shown.length })
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
  const { t } = useTranslation();
  if (matches === 0) return <>{t('memory.noMatch', { query })}</>;
  return (
    <Trans
      i18nKey="memory.matches"
      t={t}
      values={{ matches, count: total, query }}
      components={[<span key="matches" className="match-count" />]}
    />
  );
}

/** Where a memory came from, in words. */
const sourceWords = (source: MemorySource) => i18n.t(`memory.source.${source}`);

function AddMemoryForm({
  categories,
  onAdd,
}: {
  categories: string[];
  onAdd: ReturnType<typeof useMemory.getState>['add'];
}) {
  const { t } = useTranslation();
  const [content, setContent] = useState('');
  const [category, setCategory] = useState('');
  const [importance, setImportance] = useState(3);
  const [pinned, setPinned] = useState(false);
  return (
    <form
      className="card add-memory"
      aria-label={t('memory.add')}
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
      <label htmlFor="new-memory">{t('memory.new')}</label>
      <textarea
        id="new-memory"
        rows={2}
        maxLength={4000}
        value={content}
        onChange={(e) => setContent(e.target.value)}
      />
      <div className="row wrap">
        <label className="inline">
          {t('memory.category')}
          <input
            list="memory-categories"
            value={category}
            maxLength={40}
            onChange={(e) => setCategory(e.target.value)}
            placeholder={t('memory.categoryPlaceholder')}
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
          {t('memory.core')}
        </label>
        <button type="submit" className="primary" disabled={!content.trim()}>
          {t('memory.addButton')}
        </button>
      </div>
    </form>
  );
}

function ImportanceSelect({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <label className="inline">
      {t('memory.importance')}
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
  const { t } = useTranslation();
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
          <label htmlFor={`edit-memory-${memory.id}`}>{t('memory.text')}</label>
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
              {t('memory.category')}
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
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="memory-content">{memory.content}</p>
          <p className="muted small">
            {memory.pinned && <span className="tag">{t('memory.coreTag')}</span>}{' '}
            {t('memory.meta', {
              category: memory.category,
              importance: memory.importance,
              source: sourceWords(memory.source),
              time: formatTime(memory.updatedAt),
            })}
          </p>
          <div className="row wrap small-buttons">
            <button
              type="button"
              onClick={() =>
                setEditing({ content: memory.content, category: memory.category, importance: memory.importance })
              }
              aria-label={t('memory.editLabel', { short })}
            >
              {t('memory.edit')}
            </button>
            <button
              type="button"
              onClick={() => void edit({ memoryId: memory.id, pinned: !memory.pinned })}
              aria-label={memory.pinned ? t('memory.unpinLabel', { short }) : t('memory.pinLabel', { short })}
            >
              {memory.pinned ? t('memory.unpin') : t('memory.pin')}
            </button>
            <button
              type="button"
              aria-expanded={open}
              onClick={() => {
                if (!open) void loadDetails(memory.id);
                setOpen(!open);
              }}
              aria-label={t('memory.detailsLabel', { short })}
            >
              {t('memory.details')}
            </button>
            <button
              type="button"
              onClick={() => void useForget.getState().open({ memoryId: memory.id })}
              aria-label={t('memory.forgetLabel', { short })}
            >
              {t('memory.forget')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void remove(memory)}
              aria-label={t('memory.deleteLabel', { short })}
            >
              {t('common.delete')}
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
  const { t } = useTranslation();
  if (!details) return <p className="muted">{t('common.loading')}</p>;
  if (details.error) return <p className="error">{details.error}</p>;
  const source = details.provenance;
  return (
    <div className="memory-details">
      <h3>{t('memory.sourceTitle')}</h3>
      {source?.message ? (
        <p>
          <a href={chatHref(source.message.conversationId, source.message.id)}>
            {conversationTitle(source.conversation)}
          </a>
          : “{source.message.content.slice(0, 200)}
          {source.message.content.length > 200 ? '…' : ''}”
        </p>
      ) : (
        <p className="muted">{t('memory.noSource')}</p>
      )}
      {details.versions.length > 1 && (
        <>
          <h3>{t('memory.earlier')}</h3>
          <ul className="memory-versions">
            {details.versions
              .filter((v) => v.validTo !== null)
              .map((v) => (
                <li key={v.validFrom}>
                  {t('memory.held', {
                    content: v.content,
                    from: formatTime(v.validFrom),
                    until: formatTime(v.validTo!),
                  })}
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>{t('memory.changes')}</h3>
      <ol className="memory-history">
        {details.history.map((entry) => (
          <li key={entry.id}>
            <span>
              {t('memory.change', {
                time: formatTime(entry.at),
                action: t(`memory.action.${entry.action}`),
                actor: t(`memory.actor.${entry.actor}`),
              })}
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
