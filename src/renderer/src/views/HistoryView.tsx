// Every conversation (a virtual list, so thousands stay smooth) and search across all
// messages. Each conversation can be renamed, pinned, archived, exported or deleted.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '../../../shared/domain';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PinnedMark } from '../components/PinnedMark';
import { Snippet } from '../components/Snippet';
import { conversationTitle, formatTime } from '../lib/conversations';
import { toggleArchived } from '../lib/archive';
import { errorMessage } from '../lib/errors';
import { plural } from '../lib/plural';
import { chatHref } from '../lib/route';
import { useChat } from '../stores/chat-store';
import { useConversations } from '../stores/conversations-store';
import { useHistory } from '../stores/history-store';
import { useMemory } from '../stores/memory-store';
import { useTags, withFilter } from '../stores/tags-store';
import { useToasts } from '../stores/toast-store';
import { TagChips, TagFilter } from '../components/Tags';
import { TagActions } from '../components/TagActions';
import { t as translate } from '../i18n';

export function HistoryView() {
  // The view's own slice of its store, compared field by field: a new object each time is not a change.
  const history = useHistory(
    useShallow((s) => ({
      conversations: s.conversations,
      showArchived: s.showArchived,
      loading: s.loading,
      error: s.error,
      query: s.query,
      hits: s.hits,
      searching: s.searching,
      searchError: s.searchError,
      replace: s.replace,
      drop: s.drop,
      setShowArchived: s.setShowArchived,
    })),
  );
  const [draftQuery, setDraftQuery] = useState(history.query);
  const [toDelete, setToDelete] = useState<Conversation | null>(null);
  // The memories that came from the conversation being deleted, offered for deletion with it.
  const [itsMemories, setItsMemories] = useState(0);
  const [withMemories, setWithMemories] = useState(false);
  const askDelete = (conversation: Conversation) => {
    setItsMemories(0);
    setWithMemories(false);
    setToDelete(conversation);
    void useHistory.getState().memoriesFrom(conversation.id).then(setItsMemories);
  };

  useEffect(() => {
    void useHistory.getState().load();
  }, []);

  const tagFilter = useTags((s) => s.filter);
  const byConversation = useTags((s) => s.byConversation);
  const shown = withFilter({ filter: tagFilter, byConversation }, history.conversations);

  useEffect(() => {
    const timer = setTimeout(() => void useHistory.getState().search(draftQuery), 250);
    return () => clearTimeout(timer);
  }, [draftQuery, tagFilter]);

  const act = async (work: () => Promise<Conversation | void>) => {
    try {
      const updated = await work();
      if (updated) history.replace(updated);
    } catch (error) {
      useToasts.getState().show({ message: errorMessage(error), tone: 'error' });
    }
  };
  const conversations = useConversations.getState();
  const titleOf = (id: string) =>
    conversationTitle(history.conversations.find((c) => c.id === id) ?? conversations.find(id));

  return (
    <div className="history-view">
      <h1>History</h1>
      <form role="search" className="row history-search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="history-search">Search messages</label>
        <input
          id="history-search"
          type="search"
          value={draftQuery}
          onChange={(e) => setDraftQuery(e.target.value)}
          placeholder="Words from any message"
        />
      </form>
      <div className="row wrap tag-bar">
        <TagFilter id="history-tag-filter" />
        <TagActions />
      </div>
      {history.query.trim() ? (
        <section aria-label="Search results" className="search-results">
          {history.searchError && <p className="error">{history.searchError}</p>}
          <p className="muted" aria-live="polite">
            {history.searching ? 'Searching…' : `${history.hits.length} result${history.hits.length === 1 ? '' : 's'}`}
          </p>
          <ul>
            {history.hits.map((hit) => (
              <li key={hit.chunkId} className="hit">
                <a
                  href={chatHref(hit.conversationId, hit.type === 'message' ? hit.responseId : null)}
                  data-testid="search-hit"
                >
                  <span className="hit-title">{titleOf(hit.conversationId)}</span>
                  <span className="muted">
                    {' '}
                    · {hit.type === 'summary' ? 'summary' : hit.role === 'user' ? 'you' : 'Mnemo'} ·{' '}
                    {formatTime(hit.createdAt)}
                  </span>
                  <br />
                  <Snippet text={hit.snippet} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section aria-label="All conversations">
          <div className="row spread">
            <label className="inline">
              <input
                type="checkbox"
                checked={history.showArchived}
                onChange={(e) => void history.setShowArchived(e.target.checked)}
              />
              Show archived
            </label>
            <span className="muted">{history.loading ? 'Loading…' : plural(shown.length, 'conversation')}</span>
          </div>
          {history.error && <p className="error">{history.error}</p>}
          {!history.loading && shown.length === 0 && tagFilter && (
            <p className="muted">
              {translate(history.showArchived ? 'tags.noneTagged' : 'tags.noneTaggedArchivedHidden')}
            </p>
          )}
          <ConversationRows
            conversations={shown}
            onRename={(c, title) => act(() => conversations.rename(c.id, title))}
            onPin={(c) => act(() => conversations.setPinned(c.id, !c.pinned))}
            onArchive={(c) => act(() => toggleArchived(c))}
            onExport={(c, format) => act(() => conversations.exportAs(c.id, format))}
            onDelete={askDelete}
          />
        </section>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this conversation?"
        body={`“${conversationTitle(toDelete)}” and everything in it will be deleted from this machine. This cannot be undone.`}
        confirmLabel="Delete"
        onCancel={() => setToDelete(null)}
        onConfirm={() => {
          const target = toDelete;
          setToDelete(null);
          if (!target) return;
          void act(async () => {
            const memoriesDeleted = await conversations.remove(target.id, withMemories && itsMemories > 0);
            history.drop(target.id);
            useChat.getState().forget(target.id);
            const also =
              memoriesDeleted > 0
                ? `, with ${memoriesDeleted === 1 ? 'the memory' : `the ${memoriesDeleted} memories`} that came from it`
                : '';
            useToasts.getState().show({ message: `Deleted “${conversationTitle(target)}”${also}.` }, 5_000);
            if (memoriesDeleted > 0) void useMemory.getState().load();
          });
        }}
      >
        {itsMemories > 0 && (
          <label className="inline">
            <input type="checkbox" checked={withMemories} onChange={(e) => setWithMemories(e.target.checked)} />
            Also delete the {itsMemories === 1 ? 'memory' : `${itsMemories} memories`} that came from it
          </label>
        )}
      </ConfirmDialog>
    </div>
  );
}

interface RowsProps {
  conversations: Conversation[];
  onRename: (c: Conversation, title: string) => Promise<void>;
  onPin: (c: Conversation) => Promise<void>;
  onArchive: (c: Conversation) => Promise<void>;
  onExport: (c: Conversation, format: 'markdown' | 'json') => Promise<void>;
  onDelete: (c: Conversation) => void;
}

const ROW_HEIGHT = 76;

function ConversationRows({ conversations, ...actions }: RowsProps) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    <div ref={parentRef} className="virtual-list" data-testid="history-list">
      <ul style={{ height: virtualizer.getTotalSize(), position: 'relative' }} aria-label="Conversations">
        {virtualizer.getVirtualItems().map((row) => {
          const conversation = conversations[row.index];
          if (!conversation) return null;
          return (
            <li
              key={conversation.id}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="history-row"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
            >
              <ConversationRow conversation={conversation} {...actions} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ConversationRow({
  conversation,
  onRename,
  onPin,
  onArchive,
  onExport,
  onDelete,
}: { conversation: Conversation } & Omit<RowsProps, 'conversations'>) {
  const [title, setTitle] = useState<string | null>(null);
  const [emptyTitle, setEmptyTitle] = useState(false);
  const name = conversationTitle(conversation);
  return (
    <div className="history-item">
      {title === null ? (
        <div>
          <a href={chatHref(conversation.id)} className="history-title">
            {conversation.pinned && <PinnedMark />}
            {name}
          </a>
          <span className="muted small">
            {' '}
            · {formatTime(conversation.updatedAt)}
            {conversation.archived && ' · archived'}
            {conversation.temporary && ' · temporary'}
          </span>
          <TagChips conversationId={conversation.id} />
        </div>
      ) : (
        <form
          className="row wrap rename-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!title.trim()) return setEmptyTitle(true);
            await onRename(conversation, title.trim());
            setTitle(null);
          }}
        >
          <label htmlFor={`rename-${conversation.id}`} className="visually-hidden">
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            value={title}
            maxLength={200}
            autoFocus
            aria-invalid={emptyTitle || undefined}
            aria-describedby={emptyTitle ? `rename-${conversation.id}-error` : undefined}
            onChange={(e) => (setTitle(e.target.value), setEmptyTitle(false))}
            onKeyDown={(e) => e.key === 'Escape' && setTitle(null)}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setTitle(null)}>
            Cancel
          </button>
          {emptyTitle && (
            <p id={`rename-${conversation.id}-error`} className="field-error small rename-error">
              A title cannot be empty.
            </p>
          )}
        </form>
      )}
      <div className="row wrap small-buttons">
        <button
          type="button"
          onClick={() => (setTitle(conversation.title), setEmptyTitle(false))}
          aria-label={`Rename ${name}`}
        >
          Rename
        </button>
        <button
          type="button"
          onClick={() => void onPin(conversation)}
          aria-label={`${conversation.pinned ? 'Unpin' : 'Pin'} ${name}`}
        >
          {conversation.pinned ? 'Unpin' : 'Pin'}
        </button>
        {/* A double click's second click (detail 2) must not undo the first. */}
        <button
          type="button"
          onClick={(e) => e.detail <= 1 && void onArchive(conversation)}
          aria-label={`${conversation.archived ? 'Unarchive' : 'Archive'} ${name}`}
        >
          {conversation.archived ? 'Unarchive' : 'Archive'}
        </button>
        <button
          type="button"
          onClick={() => void onExport(conversation, 'markdown')}
          aria-label={`Export ${name} as Markdown`}
        >
          Markdown
        </button>
        <button type="button" onClick={() => void onExport(conversation, 'json')} aria-label={`Export ${name} as JSON`}>
          JSON
        </button>
        <button type="button" className="danger" onClick={() => onDelete(conversation)} aria-label={`Delete ${name}`}>
          Delete
        </button>
      </div>
    </div>
  );
}
