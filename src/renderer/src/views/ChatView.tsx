// The chat: the conversation's messages streaming in (a virtual list, see MessageList), the
// composer, the model picker, the per-conversation memory switch, and the context inspector.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../../shared/domain';
import { useBranching } from '../components/BranchControls';
import { CodeText, plainText } from '../components/CodeText';
import { Composer } from '../components/Composer';
import { useFindInChat } from '../components/FindBar';
import { MessageItem } from '../components/MessageItem';
import { MessageList } from '../components/MessageList';
import { RememberDialog, type RememberDraft } from '../components/RememberDialog';
import { SetupBanner } from '../components/SetupBanner';
import { TagEditor } from '../components/Tags';
import { lastOf } from '../lib/chat-thread';
import { conversationTitle } from '../lib/conversations';
import { confirmDeleteMessage } from '../lib/delete-message';
import { copyText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { chatHref, type Route } from '../lib/route';
import { memoryModeText } from '../lib/memory-mode';
import { chatOptions, sameModel, toolsNote } from '../lib/models';
import { saveConfirmingSecrets } from '../lib/secret-confirm';
import { onShortcut } from '../lib/shortcuts';
import { chatBlockedReason, setupProblems } from '../lib/status';
import { useDraftMeasure } from '../lib/use-draft-measure';
import { chatSelectors, NEW_CHAT, useChat } from '../stores/chat-store';
import { useConversations } from '../stores/conversations-store';
import { useForget } from '../stores/forget-store';
import { navigate } from '../stores/route-store';
import { useSettings } from '../stores/settings-store';
import { useStatus } from '../stores/status-store';
import { useToasts } from '../stores/toast-store';
import { ContextInspector } from './ContextInspector';

export function ChatView({ route }: { route: Route }) {
  const conversationId = route.conversationId;
  const key = conversationId ?? NEW_CHAT;
  // Each slice on its own selector: streaming in another conversation re-renders nothing here.
  const thread = useChat(chatSelectors.thread(conversationId));
  const chosenModel = useChat(chatSelectors.model);
  const temporary = useChat(chatSelectors.temporary);
  const composerDraft = useChat(chatSelectors.draft(key));
  const sending = useChat(chatSelectors.sending(key));
  const error = useChat(chatSelectors.error(key));
  const loading = useChat(chatSelectors.loading(conversationId));
  // The store's actions never change; reading them subscribes to nothing.
  const chat = useChat.getState();
  const conversation = useConversations((s) => (conversationId ? s.find(conversationId) : undefined));
  const status = useStatus((s) => s.status);
  const models = useStatus((s) => s.models);
  const settings = useSettings((s) => s.settings);
  // The reply whose context is shown ("Why this reply?"); 'latest' follows the newest reply.
  const [inspecting, setInspecting] = useState<string | null>(null);
  const inspectorOpen = inspecting !== null;
  const contextButton = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<RememberDraft | null>(null);
  const [drafting, setDrafting] = useState<string | null>(null);
  const [savingDraft, setSavingDraft] = useState(false);
  const streaming = thread.streamingId !== null;
  const selectedModel = chosenModel ?? status?.chatModel ?? '';
  const problems = setupProblems(status, selectedModel);

  // Another conversation: the inspector, if open, follows its latest reply.
  useEffect(() => setInspecting((open) => (open ? 'latest' : null)), [conversationId]);

  useEffect(() => {
    if (!conversationId) return;
    void chat.load(conversationId);
    if (!useConversations.getState().find(conversationId)) void useConversations.getState().fetch(conversationId);
  }, [conversationId]);

  useEffect(() => {
    // Opened: the panel takes focus (below a width it lies over the chat, like a dialog).
    if (inspectorOpen) document.querySelector<HTMLElement>('#context-inspector button')?.focus();
  }, [inspectorOpen]);

  const closeInspector = () => {
    setInspecting(null);
    contextButton.current?.focus();
  };

  // Escape does one thing at a time: inside the inspector it closes it; otherwise it stops a
  // reply being written first, and closes the inspector when nothing is being written.
  useEffect(
    () =>
      onShortcut('escape', (event) => {
        const inInspector = event.target instanceof Element && event.target.closest('#context-inspector') !== null;
        if (inspectorOpen && (inInspector || !streaming)) return closeInspector();
        if (streaming && conversationId) return void chat.stop(conversationId);
        return false;
      }),
    [inspectorOpen, streaming, conversationId],
  );

  const lastUser = lastOf(thread, 'user');
  const lastAssistant = lastOf(thread, 'assistant');
  const lastMessage = thread.messages[thread.messages.length - 1];
  const branching = useBranching(conversationId, thread.messages, streaming);
  const chatMain = useRef<HTMLDivElement>(null);
  const find = useFindInChat(thread.messages, chatMain);
  const announcement = useMemo(() => liveAnnouncement(streaming, lastAssistant), [streaming, lastAssistant]);
  const measure = useDraftMeasure(conversationId ?? null, composerDraft, chosenModel);
  const inspected = inspecting === 'latest' ? (lastAssistant?.id ?? null) : inspecting;

  const send = async () => {
    const sentTo = await chat.send(conversationId);
    if (sentTo && sentTo !== conversationId) navigate(chatHref(sentTo));
  };
  const stop = () => conversationId && void chat.stop(conversationId);
  const copy = (message: Message) =>
    copyText(message.content).then(
      () => useToasts.getState().show({ message: 'Copied to the clipboard.' }, 3_000),
      (error) => useToasts.getState().show({ message: `Could not copy: ${errorMessage(error)}`, tone: 'error' }),
    );
  const remember = async (message: Message) => {
    setDrafting(message.id);
    try {
      setDraft({ messageId: message.id, ...(await chat.draftMemory(message.id)) });
    } catch (error) {
      useToasts.getState().show({ message: `Could not prepare the memory: ${errorMessage(error)}`, tone: 'error' });
    } finally {
      setDrafting(null);
    }
  };
  const saveDraft = async (edited: RememberDraft) => {
    setSavingDraft(true);
    try {
      const saved = await saveConfirmingSecrets((confirmSecret) => chat.rememberDraft(edited, confirmSecret));
      if (saved) {
        setDraft(null);
        useToasts
          .getState()
          .show({ message: saved.outcome === 'merged' ? 'Merged into an existing memory.' : 'Saved to memory.' });
      }
    } catch (error) {
      useToasts.getState().show({ message: `Could not save to memory: ${errorMessage(error)}`, tone: 'error' });
    } finally {
      setSavingDraft(false);
    }
  };
  const keep = async (id: string) => {
    try {
      await useConversations.getState().keep(id);
      useToasts
        .getState()
        .show({ message: 'Kept: this chat is now an ordinary conversation, remembered and searchable.' });
    } catch (error) {
      useToasts.getState().show({ message: `Could not keep this chat: ${errorMessage(error)}`, tone: 'error' });
    }
  };
  const crossDefault = settings?.crossConversationDefault ?? true;
  const crossEnabled = conversation?.settings.crossConversation ?? crossDefault;

  return (
    <div className={`chat-view${inspectorOpen ? ' with-inspector' : ''}`}>
      <div className="chat-main" ref={chatMain}>
        <header className="chat-header">
          <h1>{conversationId ? conversationTitle(conversation) : 'New chat'}</h1>
          {conversationId && conversation && !conversation.temporary && (
            <TagEditor conversationId={conversationId} title={conversationTitle(conversation)} />
          )}
          <div className="row wrap">
            <label className="inline">
              Model
              <select
                value={selectedModel}
                onChange={(e) => chat.setModel(e.target.value === status?.chatModel ? null : e.target.value)}
                data-testid="model-picker"
              >
                {chatOptions(models, status?.chatModel).map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
            {conversationId && conversation && !conversation.temporary && (
              <label className="inline">
                <input
                  type="checkbox"
                  checked={crossEnabled}
                  onChange={(e) =>
                    void useConversations
                      .getState()
                      .setCrossConversation(conversationId, e.target.checked)
                      .catch((err) => useToasts.getState().show({ message: errorMessage(err), tone: 'error' }))
                  }
                />
                Use other conversations
              </label>
            )}
            {!conversationId && (
              <label className="inline">
                <input type="checkbox" checked={temporary} onChange={(e) => chat.setTemporary(e.target.checked)} />
                Temporary chat
              </label>
            )}
            {conversationId && (
              <button
                type="button"
                ref={contextButton}
                aria-expanded={inspectorOpen}
                aria-controls="context-inspector"
                onClick={() => setInspecting(inspectorOpen ? null : 'latest')}
              >
                Context
              </button>
            )}
          </div>
          {status && !temporary && !conversation?.temporary && (
            <p className="muted small memory-mode" data-testid="chat-memory-mode">
              {chosenModel && !sameModel(chosenModel, status.chatModel)
                ? toolsNote(chosenModel, models)
                : memoryModeText(status.memoryMode, status.chatModel)}
            </p>
          )}
        </header>
        {conversationId && conversation?.temporary && <TemporaryNotice onKeep={() => void keep(conversationId)} />}
        <SetupBanner problems={problems} />
        {find.bar}
        <MessageList
          key={key}
          messages={thread.messages}
          targetId={route.messageId}
          revealId={find.revealId}
          busy={streaming}
          renderMessage={(message, position) => (
            <MessageItem
              message={message}
              position={position}
              tools={thread.tools[message.id]}
              memoryNotes={thread.memoryNotes[message.id]}
              highlighted={message.id === route.messageId}
              canRegenerate={!streaming && message.role === 'assistant' && message.id === lastMessage?.id}
              canEdit={!streaming && message.role === 'user' && message.id === lastUser?.id}
              canRemember={!conversation?.temporary}
              onCopy={copy}
              onRegenerate={() => conversationId && void chat.regenerate(conversationId)}
              onEdit={(content) => (conversationId ? chat.editLast(conversationId, content) : Promise.resolve(false))}
              remembering={drafting === message.id}
              onRemember={(m) => void remember(m)}
              {...(conversation?.temporary
                ? {}
                : { onForget: (m: Message) => void useForget.getState().open({ messageId: m.id }) })}
              onExplain={(m) => setInspecting(m.id)}
              {...(streaming ? {} : { onDelete: (m: Message) => void confirmDeleteMessage(m) })}
              versions={branching.versionsOf(message)}
              moreActions={branching.branchAction(message)}
            />
          )}
        >
          {!conversationId && thread.messages.length === 0 && (
            <p className="muted empty">
              {temporary
                ? 'A temporary chat: nothing is remembered from it, no memory is used, and it is deleted when you leave it.'
                : 'Start a conversation. Mnemo remembers what matters across chats.'}
            </p>
          )}
          {conversationId && loading && thread.messages.length === 0 && <p className="muted">Loading…</p>}
        </MessageList>
        <p className="visually-hidden" aria-live="polite" data-testid="chat-live">
          {announcement}
        </p>
        {error && (
          <div className="error-box" role="alert">
            <p>
              <CodeText text={error.message} /> Your message is kept below.
            </p>
            <button type="button" onClick={() => chat.clearError(key)}>
              Dismiss
            </button>
          </div>
        )}
        <Composer
          draft={composerDraft}
          streaming={streaming}
          sending={sending}
          disabledReason={chatBlockedReason(problems, selectedModel)}
          onDraft={(text) => chat.setDraft(key, text)}
          onSend={() => void send()}
          onStop={stop}
          focusKey={route.messageId ? null : key}
          measure={measure}
        />
      </div>
      {branching.dialog}
      <RememberDialog
        draft={draft}
        saving={savingDraft}
        onSave={(d) => void saveDraft(d)}
        onCancel={() => setDraft(null)}
      />
      {inspectorOpen && conversationId && (
        <ContextInspector
          messageId={inspected}
          refreshKey={inspected === thread.streamingId ? 'writing' : 'written'}
          onClose={closeInspector}
        />
      )}
    </div>
  );
}

function TemporaryNotice({ onKeep }: { onKeep: () => void }) {
  return (
    <div className="banner temporary-notice" role="note" aria-label="Temporary chat">
      <p>
        <strong>Temporary chat.</strong> Nothing in it is remembered, searchable or used elsewhere, and it is deleted
        when you leave it.
      </p>
      <button type="button" onClick={onKeep}>
        Keep this chat
      </button>
    </div>
  );
}

function liveAnnouncement(streaming: boolean, last: Message | undefined): string {
  if (streaming) return 'Mnemo is writing a reply…';
  if (!last) return '';
  if (last.status === 'stopped') return 'Reply stopped.';
  if (last.status === 'error') return `Reply failed: ${plainText(last.error?.message ?? 'unknown error')}`;
  return 'Reply finished.';
}
