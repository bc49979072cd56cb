// Rename or delete the tag the lists are filtered by: everywhere, for every conversation that
// carries it. Renaming to another tag's name merges the two (the engine says which one stays).
import { useEffect, useState } from 'react';
import { MAX_TAG_CHARS } from '../../../shared/tags';
import { useConfirm } from '../stores/confirm-store';
import { useTags } from '../stores/tags-store';
import { useToasts } from '../stores/toast-store';

export function TagActions() {
  const tag = useTags((s) => s.tags.find((t) => t.id === s.filter));
  const [name, setName] = useState<string | null>(null);
  useEffect(() => setName(null), [tag?.id]);
  if (!tag) return null;

  const remove = async () => {
    const carried = tag.conversationCount === 1 ? 'the conversation' : `the ${tag.conversationCount} conversations`;
    const yes = await useConfirm.getState().ask({
      title: `Delete the tag “${tag.name}”?`,
      body: `It is taken off ${carried} that carry it. The conversations stay.`,
      confirmLabel: 'Delete tag',
    });
    if (!yes) return;
    await useTags.getState().delete(tag.id);
    useToasts.getState().show({ message: `Deleted the tag “${tag.name}”.` }, 5_000);
    document.getElementById('history-tag-filter')?.focus();
  };

  if (name !== null)
    return (
      <form
        className="row wrap"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!name.trim() || name.trim() === tag.name) return setName(null);
          if (await useTags.getState().rename(tag.id, name)) setName(null);
        }}
      >
        <label htmlFor="tag-rename" className="visually-hidden">
          New name for the tag {tag.name}
        </label>
        <input
          id="tag-rename"
          value={name}
          maxLength={MAX_TAG_CHARS}
          autoFocus
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setName(null)}
          data-testid="tag-rename-input"
        />
        <button type="submit">Save</button>
        <button type="button" onClick={() => setName(null)}>
          Cancel
        </button>
      </form>
    );
  return (
    <div className="row wrap small-buttons">
      <button type="button" onClick={() => setName(tag.name)} aria-label={`Rename the tag ${tag.name}`}>
        Rename tag
      </button>
      <button type="button" className="danger" onClick={() => void remove()} aria-label={`Delete the tag ${tag.name}`}>
        Delete tag
      </button>
    </div>
  );
}
