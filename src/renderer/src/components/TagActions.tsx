// Rename or delete the tag the lists are filtered by: everywhere, for every conversation that
// carries it. Renaming to another tag's name merges the two (the engine says which one stays).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TAG_CHARS } from '../../../shared/tags';
import { useConfirm } from '../stores/confirm-store';
import { useTags } from '../stores/tags-store';
import { useToasts } from '../stores/toast-store';

export function TagActions() {
  const { t } = useTranslation();
  const tag = useTags((s) => s.tags.find((t) => t.id === s.filter));
  const [name, setName] = useState<string | null>(null);
  useEffect(() => setName(null), [tag?.id]);
  if (!tag) return null;

  const remove = async () => {
    const yes = await useConfirm.getState().ask({
      title: t('tags.deleteTitle', { name: tag.name }),
      body:
        tag.conversationCount === 1 ? t('tags.deleteBodyOne') : t('tags.deleteBodyMany', { n: tag.conversationCount }),
      confirmLabel: t('tags.delete'),
    });
    if (!yes) return;
    await useTags.getState().delete(tag.id);
    useToasts.getState().show({ message: t('tags.deleted', { name: tag.name }) }, 5_000);
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
          {t('tags.newName', { name: tag.name })}
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
        <button type="submit">{t('common.save')}</button>
        <button type="button" onClick={() => setName(null)}>
          {t('common.cancel')}
        </button>
      </form>
    );
  return (
    <div className="row wrap small-buttons">
      <button type="button" onClick={() => setName(tag.name)} aria-label={t('tags.renameNamed', { name: tag.name })}>
        {t('tags.rename')}
      </button>
      <button
        type="button"
        className="danger"
        onClick={() => void remove()}
        aria-label={t('tags.deleteNamed', { name: tag.name })}
      >
        {t('tags.delete')}
      </button>
    </div>
  );
}
