// A temporary chat lasts while it is open: leaving it (another conversation, another view)
// deletes it, unless the user chose "Keep this chat" first. The engine removes any left over
// when the app closes or starts.
import { errorMessage } from '../lib/errors';
import type { Route } from '../lib/route';
import { useChat } from './chat-store';
import { useConversations } from './conversations-store';
import { useToasts } from './toast-store';
import { t } from '../i18n';

/** Called on every route change with the route left: deletes the chat if it was temporary. */
export async function leaveRoute(left: Route, next: Route): Promise<void> {
  const id = left.view === 'chat' ? left.conversationId : null;
  if (!id || (next.view === 'chat' && next.conversationId === id)) return;
  const conversation = useConversations.getState().find(id);
  if (!conversation?.temporary) return;
  try {
    await useConversations.getState().remove(id);
    useChat.getState().forget(id);
    useToasts.getState().show({ message: t('chat.temporaryRemoved') }, 5_000);
  } catch (error) {
    useToasts
      .getState()
      .show({ message: t('chat.temporaryRemoveFailed', { error: errorMessage(error) }), tone: 'error' });
  }
}
