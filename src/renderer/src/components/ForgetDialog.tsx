// The confirmation for "Forget this everywhere": what will be forgotten, each item with where
// it is, ticked; the user unticks what should stay, then forgets the rest in one step.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationTitle, formatTime } from '../lib/conversations';
import { candidateKey, useForget } from '../stores/forget-store';

export function ForgetDialog() {
  const { t } = useTranslation();
  const forget = useForget();
  const ref = useRef<HTMLDialogElement>(null);
  const open = forget.source !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const count = forget.chosen.length;
  return (
    <dialog
      ref={ref}
      className="dialog forget-dialog"
      aria-labelledby="forget-title"
      onCancel={(e) => (e.preventDefault(), forget.close())}
    >
      <h2 id="forget-title">{t('forget.title')}</h2>
      {forget.finding && <p aria-live="polite">{t('forget.finding')}</p>}
      {forget.statement && (
        <p>
          {t('forget.statesBefore')}
          <strong>{forget.statement.length > 160 ? `${forget.statement.slice(0, 160)}…` : forget.statement}</strong>
          {t('forget.statesAfter')}
        </p>
      )}
      {forget.error && (
        <p className="error" role="alert">
          {forget.error}
        </p>
      )}
      {forget.candidates.length > 0 && (
        <ul className="forget-list" aria-label={t('forget.list')}>
          {forget.candidates.map((c) => {
            const key = candidateKey(c);
            return (
              <li key={key}>
                <label>
                  <input type="checkbox" checked={forget.chosen.includes(key)} onChange={() => forget.toggle(key)} />
                  <span className="forget-item">
                    <span className="muted">
                      {t(`forget.kind.${c.kind}`)}
                      {c.kind !== 'memory' && ` · ${conversationTitle({ title: c.conversationTitle ?? '' })}`} ·{' '}
                      {formatTime(c.createdAt)}
                      {c.match === 'meaning' && ` · ${t('forget.similar')}`}
                    </span>
                    <span className="forget-text">{c.text.length > 240 ? `${c.text.slice(0, 240)}…` : c.text}</span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      <div className="row end">
        <button type="button" onClick={forget.close} autoFocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={count === 0 || forget.forgetting || forget.finding}
          onClick={() => void forget.forget()}
          data-testid="forget-confirm"
        >
          {t('forget.confirm', { count })}
        </button>
      </div>
    </dialog>
  );
}
