// The engine's settings, loaded once and saved through 'settings.update', whose validation
// errors are kept for the form to show beside the fields; and the whole-profile data actions
// (export, import into an empty profile, delete everything), after which the other views'
// stores are reset or reloaded so the app shows what the engine now holds.
import { create } from 'zustand';
import {
  MAX_MESSAGE_CHARS,
  type ImportCounts,
  type ImportProgressEvent,
  type MethodInput,
  type SettingsView,
} from '../../../shared/contract';
import { getBridge } from '../bridge';
import { downloadText } from '../lib/download';
import { importExportFile } from '../lib/import-file';
import { problemWords, toUiError, type UiError } from '../lib/errors';
import { useChat } from './chat-store';
import { useConversations } from './conversations-store';
import { useHistory } from './history-store';
import { useMemory } from './memory-store';
import { useStatus } from './status-store';
import { t } from '../i18n';

interface SettingsState {
  settings: SettingsView | null;
  loadError: string | null;
  saveError: UiError | null;
  saving: boolean;
  savedAt: number | null;
  load: () => Promise<void>;
  save: (patch: MethodInput<'settings.update'>) => Promise<boolean>;
  /** Whether the profile holds no conversation and no memory (import needs that); null until checked. */
  profileEmpty: boolean | null;
  dataBusy: 'export' | 'import' | 'delete' | null;
  dataError: UiError | null;
  dataNotice: string | null;
  checkProfileEmpty: () => Promise<void>;
  /** With a passphrase the file is encrypted; plain JSON only when chosen by name. */
  exportAllData: (protection: MethodInput<'data.exportAll'>) => Promise<void>;
  /** What the running import has done so far (from the engine's progress events); null otherwise. */
  importProgress: ImportProgressEvent | null;
  /** An encrypted export needs its passphrase; without it the engine answers PASSPHRASE_REQUIRED. */
  importAllData: (file: Blob, passphrase?: string) => Promise<boolean>;
  deleteAllData: () => Promise<boolean>;
}

/** Runs one data action with its busy flag, keeping its typed error for the view. */
async function dataAction<T>(
  kind: 'export' | 'import' | 'delete',
  set: (s: Partial<SettingsState>) => void,
  work: () => Promise<T>,
): Promise<T | null> {
  set({ dataBusy: kind, dataError: null, dataNotice: null });
  try {
    return await work();
  } catch (error) {
    set({ dataError: toUiError(error) });
    return null;
  } finally {
    set({ dataBusy: null });
  }
}

/** Forgets everything the views hold from the old profile (drafts too), then asks the engine again. */
async function reloadViews(options: { forget: boolean }): Promise<void> {
  if (options.forget) {
    const chat = useChat.getState();
    for (const key of Object.keys(chat.drafts)) chat.setDraft(key, '');
    useChat.setState({ threads: {}, sending: {}, errors: {}, loading: {}, model: null, temporary: false });
    useConversations.setState(useConversations.getInitialState(), true);
    useHistory.setState(useHistory.getInitialState(), true);
    useMemory.setState(useMemory.getInitialState(), true);
  }
  await Promise.all([
    useConversations.getState().refresh(),
    useMemory.getState().load(),
    useHistory.getState().load(),
    useStatus.getState().refresh(),
  ]);
}

/**
 * What each Settings section shows, one slice each (read with `useShallow`, so a section
 * re-renders only when one of its own values changes: the form not on import progress, the
 * data section not on typing or saving). Actions are read with `getState()`.
 */
export const settingsSelectors = {
  form: (s: SettingsState) => ({
    settings: s.settings,
    loadError: s.loadError,
    saveError: s.saveError,
    saving: s.saving,
    savedAt: s.savedAt,
  }),
  data: (s: SettingsState) => ({
    profileEmpty: s.profileEmpty,
    dataBusy: s.dataBusy,
    dataError: s.dataError,
    dataNotice: s.dataNotice,
    importProgress: s.importProgress,
  }),
};

export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  loadError: null,
  saveError: null,
  saving: false,
  savedAt: null,
  load: async () => {
    try {
      set({ settings: await getBridge().call('settings.get', {}), loadError: null });
    } catch (error) {
      set({ loadError: toUiError(error).message });
    }
  },
  save: async (patch) => {
    set({ saving: true, saveError: null });
    try {
      const settings = await getBridge().call('settings.update', patch);
      set({ settings, savedAt: Date.now() });
      return true;
    } catch (error) {
      set({ saveError: toUiError(error) });
      return false;
    } finally {
      set({ saving: false });
    }
  },
  profileEmpty: null,
  dataBusy: null,
  dataError: null,
  dataNotice: null,
  checkProfileEmpty: async () => {
    try {
      const bridge = getBridge();
      const [conversations, memories] = await Promise.all([
        bridge.call('conversations.list', { includeArchived: true, limit: 1 }),
        bridge.call('memory.list', { limit: 1 }),
      ]);
      set({ profileEmpty: conversations.length === 0 && memories.length === 0 });
    } catch {
      set({ profileEmpty: null });
    }
  },
  exportAllData: async (protection) => {
    const file = await dataAction('export', set, () => getBridge().call('data.exportAll', protection));
    if (file) {
      downloadText(file.filename, file.content, file.mimeType);
      set({
        dataNotice:
          'plain' in protection
            ? t('data.exportedPlain', { file: file.filename })
            : t('data.exportedSealed', { file: file.filename }),
      });
    }
  },
  importProgress: null,
  importAllData: async (file, passphrase) => {
    const bridge = getBridge();
    const stop = bridge.on('import-progress', (importProgress) => set({ importProgress }));
    const counts = await dataAction('import', set, () => importExportFile(bridge, file, passphrase)).finally(() => {
      stop();
      set({ importProgress: null });
    });
    if (!counts) return false;
    set({ dataNotice: importedText(counts) });
    await Promise.all([reloadViews({ forget: false }), get().load(), get().checkProfileEmpty()]);
    return true;
  },
  deleteAllData: async () => {
    const done = await dataAction('delete', set, () => getBridge().call('data.deleteAll', { confirm: 'DELETE' }));
    if (!done) return false;
    set({ dataNotice: t('data.deletedAll'), savedAt: null, saveError: null });
    await Promise.all([reloadViews({ forget: true }), get().load(), get().checkProfileEmpty()]);
    return true;
  },
}));

/** Fields the engine named in a validation error (details.issues), for aria-invalid. */
export function invalidFields(error: UiError | null): Set<string> {
  const issues = error?.details?.issues;
  return new Set(
    Array.isArray(issues)
      ? issues.filter((i): i is string => typeof i === 'string').map((i) => i.split('.')[0] ?? i)
      : [],
  );
}

/**
 * The engine's reason per field, to show beside each field: its problem code worded in the UI's
 * language, or the engine's English (details.fields) for a code this version does not know.
 */
export function fieldProblems(error: UiError | null): Record<string, string> {
  const english = error?.details?.fields;
  const reasons: Record<string, string> =
    typeof english === 'object' && english !== null
      ? Object.fromEntries(Object.entries(english).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {};
  for (const [field, problem] of Object.entries(error?.fieldProblems ?? {})) {
    const words = problem ? problemWords(problem) : null;
    if (words) reasons[field] = words;
  }
  return reasons;
}

/** The host off this machine the engine wants confirmed before messages go there, if that is why it refused. */
export function unconfirmedHost(error: UiError | null): string | null {
  const host = error?.details?.host;
  return error?.details?.reason === 'remote-host-unconfirmed' && typeof host === 'string' ? host : null;
}

const APP_NAMES = { chatgpt: 'ChatGPT', 'open-webui': 'Open WebUI' } as const;

/** What an import brought in, and for chats from another app what it left out. */
function importedText(counts: ImportCounts): string {
  const conversations = t('data.conversations', { count: counts.conversations });
  const messages = t('data.messages', { count: counts.messages });
  if (!counts.from)
    return t('data.importedAll', {
      conversations,
      messages,
      summaries: t('data.summaries', { count: counts.summaries }),
      memories: t('data.memories', { count: counts.memories }),
    });
  const skipped = counts.skipped ?? { alreadyImported: 0, empty: 0, nonTextParts: 0, shortened: 0 };
  const left = [
    skipped.alreadyImported > 0 ? t('data.alreadyImported', { count: skipped.alreadyImported }) : '',
    skipped.empty > 0 ? t('data.noText', { count: skipped.empty }) : '',
  ].filter(Boolean);
  return [
    t('data.importedFrom', { conversations, messages, app: APP_NAMES[counts.from] }),
    left.length > 0 ? t('data.skippedConversations', { list: left.join(t('common.listSeparator')) }) : '',
    skipped.nonTextParts > 0 ? t('data.leftOut', { count: skipped.nonTextParts }) : '',
    skipped.shortened > 0 ? t('data.shortened', { count: skipped.shortened, limit: MAX_MESSAGE_CHARS }) : '',
    counts.conversations > 0 ? t('data.addingToSearch') : '',
  ]
    .filter(Boolean)
    .join(t('common.sentenceGap'));
}
