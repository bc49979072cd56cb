// Tags in the UI: chips on a conversation, the editor in the chat's header (add with the
// existing tags offered as you type, remove with a chip's ×), and the filter the sidebar and
// History share. Everything is reachable by keyboard and named for screen readers.
import { Tag as TagIcon, X } from 'lucide-react';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { MAX_TAG_CHARS, MAX_TAGS_PER_CONVERSATION, tagName, type Tag } from '../../../shared/tags';
import { tagsOf, useTags } from '../stores/tags-store';

const NONE: string[] = [];

/** One conversation's tags; re-renders only when they (or the tags themselves) change. */
function useConversationTags(conversationId: string): Tag[] {
  const ids = useTags((s) => s.byConversation[conversationId] ?? NONE);
  const all = useTags((s) => s.tags);
  return useMemo(
    () => tagsOf({ tags: all, byConversation: { [conversationId]: ids } }, conversationId),
    [all, ids, conversationId],
  );
}

/** A conversation's tags as small chips (no controls: for lists). */
export function TagChips({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const tags = useConversationTags(conversationId);
  if (tags.length === 0) return null;
  return (
    <span className="tag-chips" data-testid="tag-chips">
      <span className="visually-hidden">{t('tags.label')}</span>
      {tags.map((tag) => (
        <span key={tag.id} className="tag-chip">
          {tag.name}
        </span>
      ))}
    </span>
  );
}

/** The chat header's tags: chips that can be removed, and "Add tag" with the existing tags offered. */
export function TagEditor({ conversationId, title }: { conversationId: string; title: string }) {
  const { t } = useTranslation();
  const tags = useConversationTags(conversationId);
  const all = useTags((s) => s.tags);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const inputId = useId();
  const offered = all.filter((tag) => !tags.some((own) => own.id === tag.id));
  const full = tags.length >= MAX_TAGS_PER_CONVERSATION;

  const close = () => {
    setAdding(false);
    setDraft('');
    setProblem(null);
    // Focus goes back where the user started, not to the page's top.
    requestAnimationFrame(() => addButton.current?.focus());
  };
  const submit = async () => {
    if (!draft.trim()) return close();
    // The contract's own rule, checked here too so the reason shows beside the field.
    const checked = tagName.safeParse(draft);
    if (!checked.success) return setProblem(checked.error.issues[0]?.message ?? 'That name cannot be a tag.');
    if (await useTags.getState().add(conversationId, checked.data)) setDraft('');
    input.current?.focus();
  };
  const removeTag = async (tag: Tag, index: number) => {
    await useTags.getState().remove(conversationId, tag.id);
    // Focus the next chip's remove button (or the previous, or "Add tag") so the keyboard stays in place.
    requestAnimationFrame(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>('[data-testid="tag-remove"]');
      (buttons[Math.min(index, buttons.length - 1)] ?? addButton.current)?.focus();
    });
  };

  return (
    <div className="tag-editor" role="group" aria-label={t('tags.of', { title })} data-testid="tag-editor">
      <ul className="tag-chips" aria-label={t('tags.list')}>
        {tags.map((tag, index) => (
          <li key={tag.id} className="tag-chip">
            {tag.name}
            <button
              type="button"
              className="tag-remove"
              aria-label={t('tags.remove', { name: tag.name })}
              title={t('tags.remove', { name: tag.name })}
              onClick={() => void removeTag(tag, index)}
              data-testid="tag-remove"
            >
              <X size={14} aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      {adding ? (
        <form
          className="tag-add-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            {t('tags.newTag')}
          </label>
          <input
            id={inputId}
            ref={input}
            list={listId}
            value={draft}
            maxLength={MAX_TAG_CHARS}
            placeholder={t('tags.placeholder')}
            autoFocus
            autoComplete="off"
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem ? `${inputId}-problem` : undefined}
            onChange={(e) => (setDraft(e.target.value), setProblem(null))}
            onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}
            onBlur={(e) => !e.currentTarget.form?.contains(e.relatedTarget) && !draft.trim() && close()}
            data-testid="tag-input"
          />
          <datalist id={listId}>
            {offered.map((tag) => (
              <option key={tag.id} value={tag.name} />
            ))}
          </datalist>
          <button type="submit">{t('tags.add')}</button>
          <button type="button" onClick={close}>
            {t('tags.done')}
          </button>
          {problem && (
            <p id={`${inputId}-problem`} className="field-error small" role="alert">
              {problem}
            </p>
          )}
        </form>
      ) : (
        <button
          type="button"
          ref={addButton}
          className="tag-add"
          onClick={() => setAdding(true)}
          disabled={full}
          title={full ? t('tags.full', { max: MAX_TAGS_PER_CONVERSATION }) : undefined}
          data-testid="tag-add"
        >
          <TagIcon size={14} aria-hidden />
          {t('tags.addTag')}
        </button>
      )}
    </div>
  );
}

/** Filter a conversation list by tag; shown only once there are tags. */
export function TagFilter({ id }: { id: string }) {
  const { t } = useTranslation();
  const { tags, filter } = useTags(useShallow((s) => ({ tags: s.tags, filter: s.filter })));
  if (tags.length === 0 && filter === null) return null;
  return (
    <div className="tag-filter">
      <label htmlFor={id}>{t('tags.filter')}</label>
      <select
        id={id}
        value={filter ?? ''}
        onChange={(e) => useTags.getState().setFilter(e.target.value || null)}
        data-testid="tag-filter"
      >
        <option value="">{t('tags.all')}</option>
        {tags.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {t('tags.option', { name: tag.name, n: tag.conversationCount })}
          </option>
        ))}
      </select>
    </div>
  );
}
