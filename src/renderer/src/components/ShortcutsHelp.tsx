// Ctrl/Cmd+/: every keyboard shortcut, read from the one table in lib/shortcuts.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, shortcutKeys, shortcutLabel } from '../lib/shortcuts';

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog shortcuts-help"
      aria-labelledby="shortcuts-title"
      onCancel={(e) => (e.preventDefault(), onClose())}
      onClose={onClose}
      data-testid="shortcuts-help"
    >
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{shortcutKeys(s)}</kbd>
              </td>
              <td>{shortcutLabel(s.action)}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
            </td>
            <td>{t('shortcuts.send')}</td>
          </tr>
        </tbody>
      </table>
      <div className="row end">
        <button type="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}
