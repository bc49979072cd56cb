// "Remember" on a message: the fact the model drafted from it (or the message as written,
// when Ollama could not help), editable before anything is saved.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftReason } from '../../../shared/contract';
import type { SecretKind } from '../../../shared/secrets';
import { draftReasonText } from '../lib/draft-reason';
import { secretsText } from '../lib/secrets';

export interface RememberDraft {
  messageId: string;
  content: string;
  category: string;
  distilled: boolean;
  reason: DraftReason | null;
  secrets: SecretKind[];
}

export interface RememberDialogProps {
  draft: RememberDraft | null;
  saving: boolean;
  onSave: (draft: RememberDraft) => void;
  onCancel: () => void;
}

export function RememberDialog({ draft, saving, onSave, onCancel }: RememberDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [content, setContent] = useState('');
  const [category, setCategory] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (draft) {
      setContent(draft.content);
      setCategory(draft.category);
      if (!dialog.open) dialog.showModal();
    } else if (dialog.open) dialog.close();
  }, [draft]);
  return (
    <dialog
      ref={ref}
      className="dialog remember-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => (e.preventDefault(), onCancel())}
      data-testid="remember-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (draft && content.trim())
            onSave({ ...draft, content: content.trim(), category: category.trim() || 'general' });
        }}
      >
        <h2 id={`${id}-title`}>{t('remember.title')}</h2>
        <p className="reason">{draftReasonText(draft?.reason ?? null)}</p>
        {draft && draft.secrets.length > 0 && (
          <p className="error">{t('remember.secrets', { what: secretsText(draft.secrets) })}</p>
        )}
        <label htmlFor={`${id}-content`}>{t('remember.text')}</label>
        <textarea
          id={`${id}-content`}
          rows={3}
          maxLength={4000}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          autoFocus
        />
        <label htmlFor={`${id}-category`}>{t('remember.category')}</label>
        <input id={`${id}-category`} value={category} maxLength={40} onChange={(e) => setCategory(e.target.value)} />
        <div className="row end">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving || !content.trim()}>
            {saving ? t('remember.saving') : t('remember.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
