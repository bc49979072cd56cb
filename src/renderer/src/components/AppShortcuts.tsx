// The app-wide shortcuts (new chat, Settings, the command palette, the shortcuts help) and the
// two dialogs they open. View-owned shortcuts (Escape in the chat, find in this chat) are
// registered by their views.
import { useEffect, useMemo } from 'react';
import { paletteEntries, type PaletteEntry } from '../lib/palette';
import { chatHref, memoryHref, viewHref, type ViewName } from '../lib/route';
import { onShortcut } from '../lib/shortcuts';
import { useConversations } from '../stores/conversations-store';
import { usePalette } from '../stores/palette-store';
import { navigate } from '../stores/route-store';
import { t as translate } from '../i18n';
import { useTags } from '../stores/tags-store';
import { useUiPrefs, type ThemeChoice } from '../stores/ui-prefs-store';
import { CommandPalette } from './CommandPalette';
import { ShortcutsHelp } from './ShortcutsHelp';

function newChat(): void {
  navigate(chatHref(null));
  requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
}

const VIEWS: { view: ViewName; label: string }[] = [
  { view: 'history', label: 'Open History' },
  { view: 'memory', label: 'Open Memory' },
  { view: 'settings', label: 'Open Settings' },
  { view: 'monitoring', label: 'Open Monitoring' },
];
const THEMES: { theme: ThemeChoice; label: string }[] = [
  { theme: 'system', label: 'Theme: same as the system' },
  { theme: 'light', label: 'Theme: light' },
  { theme: 'dark', label: 'Theme: dark' },
];

export function AppShortcuts() {
  const open = usePalette((s) => s.open);
  const memories = usePalette((s) => s.memories);
  const conversations = useConversations((s) => s.list);
  const sidebarCollapsed = useUiPrefs((s) => s.sidebarCollapsed);
  const tags = useTags((s) => s.tags);
  const tagFilter = useTags((s) => s.filter);

  useEffect(() => {
    const { show } = usePalette.getState();
    const off = [
      onShortcut('new-chat', newChat),
      onShortcut('open-settings', () => navigate(viewHref('settings'))),
      onShortcut('command-palette', () => show('palette')),
      onShortcut('shortcuts-help', () => show('help')),
    ];
    return () => off.forEach((unregister) => unregister());
  }, []);

  const entries = useMemo(() => {
    const action = (id: string, label: string, run: () => void): PaletteEntry => ({
      id: `action:${id}`,
      kind: 'action',
      label,
      run,
    });
    const prefs = useUiPrefs.getState();
    const actions = [
      action('new-chat', 'New chat', newChat),
      ...VIEWS.map((v) => action(v.view, v.label, () => navigate(viewHref(v.view)))),
      action('sidebar', sidebarCollapsed ? 'Show the sidebar' : 'Hide the sidebar', () =>
        prefs.setSidebarCollapsed(!sidebarCollapsed),
      ),
      ...THEMES.map((t) => action(`theme-${t.theme}`, t.label, () => prefs.setTheme(t.theme))),
      action('shortcuts', 'Show keyboard shortcuts', () => usePalette.getState().show('help')),
      // The sidebar and History share the filter: the sidebar shows it at once.
      ...tags.map((tag) =>
        action(`tag-${tag.id}`, translate('tags.paletteFilter', { name: tag.name }), () =>
          useTags.getState().setFilter(tag.id),
        ),
      ),
      ...(tagFilter
        ? [action('tag-none', translate('tags.paletteClear'), () => useTags.getState().setFilter(null))]
        : []),
    ];
    return paletteEntries({
      actions,
      conversations,
      memories,
      openConversation: (id) => navigate(chatHref(id)),
      openMemory: (id) => navigate(memoryHref(id)),
    });
  }, [conversations, memories, sidebarCollapsed, tags, tagFilter]);

  const close = () => usePalette.getState().close();
  return (
    <>
      <CommandPalette open={open === 'palette'} entries={entries} onClose={close} />
      <ShortcutsHelp open={open === 'help'} onClose={close} />
    </>
  );
}
