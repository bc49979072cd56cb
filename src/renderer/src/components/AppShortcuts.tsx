// The app-wide shortcuts (new chat, Settings, the command palette, the shortcuts help) and the
// two dialogs they open. View-owned shortcuts (Escape in the chat, find in this chat) are
// registered by their views.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { paletteEntries, type PaletteEntry } from '../lib/palette';
import { chatHref, memoryHref, viewHref, type ViewName } from '../lib/route';
import { onShortcut } from '../lib/shortcuts';
import { useConversations } from '../stores/conversations-store';
import { usePalette } from '../stores/palette-store';
import { navigate } from '../stores/route-store';
import { useTags } from '../stores/tags-store';
import { useUiPrefs, type ThemeChoice } from '../stores/ui-prefs-store';
import { CommandPalette } from './CommandPalette';
import { ShortcutsHelp } from './ShortcutsHelp';

function newChat(): void {
  navigate(chatHref(null));
  requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
}

const VIEWS: readonly Exclude<ViewName, 'chat'>[] = ['history', 'memory', 'settings', 'monitoring'];
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function AppShortcuts() {
  const { t, i18n } = useTranslation();
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
      action('new-chat', t('sidebar.newChat'), newChat),
      ...VIEWS.map((view) => action(view, t(`palette.action.${view}`), () => navigate(viewHref(view)))),
      action('sidebar', sidebarCollapsed ? t('sidebar.show') : t('sidebar.hide'), () =>
        prefs.setSidebarCollapsed(!sidebarCollapsed),
      ),
      ...THEMES.map((theme) =>
        action(`theme-${theme}`, t(`palette.action.theme-${theme}`), () => prefs.setTheme(theme)),
      ),
      action('shortcuts', t('palette.action.shortcuts'), () => usePalette.getState().show('help')),
      // The sidebar and History share the filter: the sidebar shows it at once.
      ...tags.map((tag) =>
        action(`tag-${tag.id}`, t('tags.paletteFilter', { name: tag.name }), () =>
          useTags.getState().setFilter(tag.id),
        ),
      ),
      ...(tagFilter ? [action('tag-none', t('tags.paletteClear'), () => useTags.getState().setFilter(null))] : []),
    ];
    return paletteEntries({
      actions,
      conversations,
      memories,
      openConversation: (id) => navigate(chatHref(id)),
      openMemory: (id) => navigate(memoryHref(id)),
    });
    // The language is a dependency: the labels are written in it.
  }, [conversations, memories, sidebarCollapsed, tags, tagFilter, t, i18n.language]);

  const close = () => usePalette.getState().close();
  return (
    <>
      <CommandPalette open={open === 'palette'} entries={entries} onClose={close} />
      <ShortcutsHelp open={open === 'help'} onClose={close} />
    </>
  );
}
