// The app's keyboard shortcuts in one place: what each does and its keys. Views register a
// handler for the actions they own (`onShortcut`); one window listener (`installShortcuts`, in
// App) matches a key press and calls the newest handler. The shortcuts help lists this table,
// so a shortcut appears there by being added here.
import { t } from '../i18n';

export type ShortcutAction =
  'new-chat' | 'find-in-chat' | 'open-settings' | 'command-palette' | 'shortcuts-help' | 'escape';

export interface Shortcut {
  action: ShortcutAction;
  /** The key as KeyboardEvent.key reports it (letters in lower case). */
  key: string;
  /** Needs Ctrl, or Cmd on macOS. */
  mod: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'new-chat', key: 'n', mod: true },
  { action: 'find-in-chat', key: 'f', mod: true },
  { action: 'open-settings', key: ',', mod: true },
  { action: 'command-palette', key: 'k', mod: true },
  { action: 'shortcuts-help', key: '/', mod: true },
  { action: 'escape', key: 'Escape', mod: false },
];

/** What a shortcut does, in the words the shortcuts help shows (the current language). */
export function shortcutLabel(action: ShortcutAction): string {
  return t(`shortcuts.action.${action}`);
}

/** Answers a shortcut; returns false when it did nothing, so an older handler (or the browser) gets it. */
export type ShortcutHandler = (event: KeyboardEvent) => boolean | void;

const handlers = new Map<ShortcutAction, ShortcutHandler[]>();

/** Registers a handler for an action; the newest registration is asked first. Returns the unregister. */
export function onShortcut(action: ShortcutAction, handler: ShortcutHandler): () => void {
  handlers.set(action, [...(handlers.get(action) ?? []), handler]);
  return () =>
    handlers.set(
      action,
      (handlers.get(action) ?? []).filter((h) => h !== handler),
    );
}

export function isMac(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function matchShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  mac = isMac(),
): Shortcut | undefined {
  const mod = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  if (event.altKey || other) return undefined;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key && s.mod === mod && (!s.mod || !event.shiftKey || s.key === '/'));
}

/** Runs the handlers of the shortcut this key press means, newest first; true when one acted. */
export function dispatchShortcut(event: KeyboardEvent): boolean {
  const shortcut = matchShortcut(event);
  if (!shortcut) return false;
  for (const handler of [...(handlers.get(shortcut.action) ?? [])].reverse()) {
    if (handler(event) !== false) {
      event.preventDefault();
      return true;
    }
  }
  return false;
}

/** The keys as the user's platform writes them: "Ctrl+N" or "⌘N". */
export function shortcutKeys(shortcut: Shortcut, mac = isMac()): string {
  const key = shortcut.key === 'Escape' ? 'Esc' : shortcut.key.toUpperCase();
  if (!shortcut.mod) return key;
  return mac ? `⌘${key}` : `Ctrl+${key}`;
}

export function shortcutFor(action: ShortcutAction): Shortcut {
  const found = SHORTCUTS.find((s) => s.action === action);
  if (!found) throw new Error(`No shortcut for ${action}`);
  return found;
}

/**
 * The one window listener. Key presses inside a modal dialog are left to the dialog (its own
 * Escape closes it), so the app's shortcuts do not act behind it.
 */
export function installShortcuts(target: Window = window): () => void {
  const listener = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
    dispatchShortcut(event);
  };
  target.addEventListener('keydown', listener);
  return () => target.removeEventListener('keydown', listener);
}
