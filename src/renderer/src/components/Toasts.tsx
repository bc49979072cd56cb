// The toast stack, announced politely to screen readers.
import { useState } from 'react';
import { useToasts } from '../stores/toast-store';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  const [busy, setBusy] = useState<number | null>(null);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
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
          <button type="button" className="icon" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
