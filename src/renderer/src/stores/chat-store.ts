// The chat view's state: each conversation's thread (messages, the reply streaming in, the
// last context), the drafts, and the turn actions. A draft is cleared only once the engine
// has stored the message, so nothing typed is lost when sending fails; drafts also survive a
// reload.
import { create } from 'zustand';
import type { Attachment } from '../../../shared/attachments';
import type { MethodOutputs } from '../../../shared/contract';
import type { Message } from '../../../shared/domain';
import { getBridge } from '../bridge';
import {
  EMPTY_THREAD,
  applyChatEvent,
  mergeLoaded,
  withProposals,
  type ChatEvent,
  type ChatThread,
} from '../lib/chat-thread';
import { toUiError, type UiError } from '../lib/errors';
import { useAttachments } from './attachments-store';

export const NEW_CHAT = 'new';
const DRAFTS_KEY = 'mnemo.drafts';

interface ChatState {
  threads: Record<string, ChatThread>;
  drafts: Record<string, string>;
  sending: Record<string, boolean>;
  errors: Record<string, UiError | null>;
  loading: Record<string, boolean>;
  /** The model picked for new turns; null means the configured chat model. */
  model: string | null;
  /** New chats started while this is on are temporary (no memory read or written). */
  temporary: boolean;
  setDraft: (key: string, text: string) => void;
  setModel: (model: string | null) => void;
  setTemporary: (temporary: boolean) => void;
  clearError: (key: string) => void;
  load: (conversationId: string) => Promise<void>;
  /** The engine now shows these messages (another branch was chosen). */
  showMessages: (conversationId: string, messages: Message[]) => void;
  /** Deletes one message for good (with its chunks, vectors and search rows), then reloads the thread. */
  deleteMessage: (conversationId: string, messageId: string) => Promise<boolean>;
  applyEvent: (event: ChatEvent) => void;
  /** Sends the draft under `key`; resolves to the conversation it went to, or null. */
  send: (conversationId: string | null) => Promise<string | null>;
  stop: (conversationId: string) => Promise<void>;
  /** A new version of a reply (by default the last). */
  regenerate: (conversationId: string, messageId?: string) => Promise<void>;
  /** A new version of one of the user's messages (by default the last), answered anew. */
  edit: (
    conversationId: string,
    version: { content: string; attachments?: Attachment[]; messageId?: string },
  ) => Promise<boolean>;
  forget: (conversationId: string) => void;
  /** A short fact drafted from a message, for the user to edit before it is remembered. */
  draftMemory: (messageId: string) => Promise<MethodOutputs['memory.distill']>;
  /** Remembers an edited draft; `confirmSecret` after the user agreed to keep what looks like a secret. */
  rememberDraft: (
    draft: { messageId: string; content: string; category: string },
    confirmSecret: boolean,
  ) => Promise<MethodOutputs['memory.promote']>;
}

/**
 * What a view reads, one slice each. A view subscribes with these, so it re-renders only when
 * its own slice changes: a token streaming into another conversation leaves them all as they were.
 */
export const chatSelectors = {
  thread: (conversationId: string | null) => (s: ChatState) =>
    (conversationId ? s.threads[conversationId] : undefined) ?? EMPTY_THREAD,
  draft: (key: string) => (s: ChatState) => s.drafts[key] ?? '',
  sending: (key: string) => (s: ChatState) => s.sending[key] ?? false,
  error: (key: string) => (s: ChatState) => s.errors[key] ?? null,
  loading: (conversationId: string | null) => (s: ChatState) =>
    conversationId ? (s.loading[conversationId] ?? false) : false,
  model: (s: ChatState) => s.model,
  temporary: (s: ChatState) => s.temporary,
};

export const useChat = create<ChatState>((set, get) => {
  const thread = (id: string): ChatThread => get().threads[id] ?? EMPTY_THREAD;
  const putThread = (id: string, next: ChatThread) => set({ threads: { ...get().threads, [id]: next } });
  const setError = (key: string, error: UiError | null) => set({ errors: { ...get().errors, [key]: error } });
  const modelInput = () => (get().model ? { model: get().model as string } : {});

  return {
    threads: {},
    drafts: readDrafts(),
    sending: {},
    errors: {},
    loading: {},
    model: null,
    temporary: false,
    setDraft: (key, text) => {
      const drafts = { ...get().drafts, [key]: text };
      if (!text) delete drafts[key];
      set({ drafts });
      writeDrafts(drafts);
    },
    setModel: (model) => set({ model }),
    setTemporary: (temporary) => set({ temporary }),
    clearError: (key) => setError(key, null),
    load: async (conversationId) => {
      set({ loading: { ...get().loading, [conversationId]: true } });
      try {
        const [messages, proposals, tools] = await Promise.all([
          getBridge().call('conversations.messages', { conversationId, limit: 10_000 }),
          getBridge().call('memory.proposals', { conversationId }),
          getBridge().call('chat.toolUses', { conversationId }),
        ]);
        const loaded = withProposals(mergeLoaded(thread(conversationId), messages), proposals);
        putThread(conversationId, { ...loaded, tools: { ...tools, ...liveTools(loaded) } });
        setError(conversationId, null);
      } catch (error) {
        setError(conversationId, toUiError(error));
      } finally {
        set({ loading: { ...get().loading, [conversationId]: false } });
      }
    },
    deleteMessage: async (conversationId, messageId) => {
      try {
        await getBridge().call('messages.delete', { messageId });
      } catch (error) {
        setError(conversationId, toUiError(error));
        return false;
      }
      const current = thread(conversationId);
      putThread(conversationId, { ...current, messages: current.messages.filter((m) => m.id !== messageId) });
      await get().load(conversationId);
      return true;
    },
    showMessages: (conversationId, messages) =>
      putThread(conversationId, mergeLoaded(thread(conversationId), messages)),
    applyEvent: (event) => putThread(event.conversationId, applyChatEvent(thread(event.conversationId), event)),
    send: async (conversationId) => {
      const key = conversationId ?? NEW_CHAT;
      const content = get().drafts[key] ?? '';
      const files = useAttachments.getState().files[key] ?? [];
      if ((!content.trim() && files.length === 0) || get().sending[key]) return null;
      set({ sending: { ...get().sending, [key]: true } });
      setError(key, null);
      try {
        const temporary = conversationId === null && get().temporary;
        const started = await getBridge().call('chat.send', {
          conversationId,
          content,
          ...(files.length > 0 ? { attachments: files.map(({ name, text }) => ({ name, text })) } : {}),
          ...modelInput(),
          ...(temporary ? { temporary: true } : {}),
        });
        // Only now is the message safe in the engine; anything typed or attached since stays.
        if ((get().drafts[key] ?? '') === content) get().setDraft(key, '');
        if (useAttachments.getState().files[key] === files) useAttachments.getState().clear(key);
        if (!get().threads[started.conversationId]?.messages.some((m) => m.id === started.userMessage.id)) {
          get().applyEvent({
            type: 'turn-started',
            conversationId: started.conversationId,
            userMessage: started.userMessage,
            assistantMessageId: started.assistantMessageId,
          });
        }
        return started.conversationId;
      } catch (error) {
        setError(key, toUiError(error));
        return null;
      } finally {
        set({ sending: { ...get().sending, [key]: false } });
      }
    },
    stop: async (conversationId) => {
      try {
        await getBridge().call('chat.stop', { conversationId });
      } catch (error) {
        setError(conversationId, toUiError(error));
      }
    },
    regenerate: async (conversationId, messageId) => {
      setError(conversationId, null);
      try {
        await getBridge().call('chat.regenerate', {
          conversationId,
          ...(messageId ? { messageId } : {}),
          ...modelInput(),
        });
      } catch (error) {
        setError(conversationId, toUiError(error));
      }
    },
    edit: async (conversationId, { content, attachments, messageId }) => {
      setError(conversationId, null);
      try {
        await getBridge().call('chat.editLast', {
          conversationId,
          content,
          ...(attachments && attachments.length > 0 ? { attachments } : {}),
          ...(messageId ? { messageId } : {}),
          ...modelInput(),
        });
        return true;
      } catch (error) {
        setError(conversationId, toUiError(error));
        return false;
      }
    },
    forget: (conversationId) => {
      const { [conversationId]: _gone, ...threads } = get().threads;
      set({ threads });
    },
    draftMemory: (messageId) => getBridge().call('memory.distill', { messageId }),
    rememberDraft: (draft, confirmSecret) =>
      getBridge().call('memory.promote', {
        messageId: draft.messageId,
        content: draft.content,
        category: draft.category,
        ...(confirmSecret ? { confirmSecret } : {}),
      }),
  };
});

/** Tool notes of the reply being written: the stored ones may not have them all yet. */
function liveTools(thread: ChatThread): ChatThread['tools'] {
  return thread.streamingId && thread.tools[thread.streamingId]
    ? { [thread.streamingId]: thread.tools[thread.streamingId]! }
    : {};
}

function readDrafts(): Record<string, string> {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(DRAFTS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeDrafts(drafts: Record<string, string>): void {
  try {
    localStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
  } catch {
    // Storage full or unavailable: the draft still lives in memory.
  }
}
