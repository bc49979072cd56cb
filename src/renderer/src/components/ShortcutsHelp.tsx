// Ctrl/Cmd+/: every keyboard shortcut, read from the one table in lib/shortcuts.
import { useEffect, useRef } from 'react';
import { SHORTCUTS, shortcutKeys } from '../lib/shortcuts';

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{shortcutKeys(s)}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
            </td>
            <td>Send the message / start a new line</td>
          </tr>
        </tbody>
      </table>
      <div className="row end">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
