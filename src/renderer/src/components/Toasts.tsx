// The toast stack, announced politely to screen readers. It sits above the composer when
// one is on the page, so a notice never covers what the user is typing.
import { useEffect, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts } from '../stores/toast-store';

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  const [busy, setBusy] = useState<number | null>(null);
  const bottom = useClearOfComposer(toasts.length);
  return (
    <div
      className="toasts"
      role="status"
      aria-live="polite"
      aria-label={t('common.notifications')}
      style={bottom === null ? undefined : { bottom }}
    >
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`} data-testid="toast">
          <span>{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              disabled={busy === toast.id}
              onClick={async () => {
                setBusy(toast.id);
                try {
                  await toast.action?.run();
                } finally {
                  setBusy(null);
                  dismiss(toast.id);
                }
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon"
            aria-label={t('common.dismissNotification')}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** Pixels from the window's bottom to just above the composer (null: none on the page), measured while toasts show. */
function useClearOfComposer(count: number): number | null {
  const [bottom, setBottom] = useState<number | null>(null);
  const measure = () => {
    const composer = document.querySelector('form.composer');
    setBottom(composer ? Math.ceil(window.innerHeight - composer.getBoundingClientRect().top) + 8 : null);
  };
  useLayoutEffect(measure, [count]);
  useEffect(() => {
    if (count === 0) return;
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [count]);
  return bottom;
}
