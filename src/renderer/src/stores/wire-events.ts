// Routes the engine's pushed events to the stores that care: chat events to the threads
// (and the sidebar, and the memory toast), status and index progress to the status strip.
import { getBridge } from '../bridge';
import type { ChatEvent } from '../lib/chat-thread';
import { errorMessage } from '../lib/errors';
import { useChat } from './chat-store';
import { useConversations } from './conversations-store';
import { useModels } from './models-store';
import { useStatus } from './status-store';
import { useToasts } from './toast-store';
import { t } from '../i18n';

export function wireEvents(): () => void {
  const bridge = getBridge();
  const offs = [
    bridge.on('chat', onChatEvent),
    bridge.on('status', (status) => useStatus.getState().setStatus(status)),
    bridge.on('index-progress', (progress) => useStatus.getState().setProgress(progress)),
    bridge.on('model-pull', (pull) => useModels.getState().applyProgress(pull)),
  ];
  return () => offs.forEach((off) => off());
}

function onChatEvent(event: ChatEvent): void {
  useChat.getState().applyEvent(event);
  const conversations = useConversations.getState();
  switch (event.type) {
    case 'title':
      conversations.setTitle(event.conversationId, event.title);
      break;
    case 'turn-started':
    case 'turn-finished':
    case 'turn-stopped':
    case 'turn-error':
      conversations.refreshSoon();
      break;
    case 'memory-saved':
      offerMemoryUndo(event);
      break;
    default:
      break;
  }
}

function offerMemoryUndo(event: Extract<ChatEvent, { type: 'memory-saved' }>): void {
  const { memory, outcome, previous } = event;
  const toasts = useToasts.getState();
  toasts.show(
    {
      message:
        outcome === 'merged'
          ? t('memory.updatedToast', { content: memory.content })
          : t('memory.remembered', { content: memory.content }),
      action: {
        label: t('common.undo'),
        run: async () => {
          try {
            if (outcome === 'merged' && previous) {
              await getBridge().call('memory.revert', {
                memoryId: memory.id,
                to: {
                  content: previous.content,
                  category: previous.category,
                  importance: previous.importance,
                  pinned: previous.pinned,
                },
              });
            } else {
              await getBridge().call('memory.delete', { memoryId: memory.id });
            }
            toasts.show({ message: outcome === 'merged' ? t('memory.restored') : t('memory.removed') }, 5_000);
          } catch (error) {
            toasts.show({ message: t('history.undoFailed', { error: errorMessage(error) }), tone: 'error' });
          }
        },
      },
    },
    15_000,
  );
}
