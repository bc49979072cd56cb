// Deleting one message from the chat: asked first (it cannot be undone: its text leaves the
// disk at once, with its search rows and vectors), then done, then said.
import type { Message } from '../../../shared/domain';
import { useChat } from '../stores/chat-store';
import { useConfirm } from '../stores/confirm-store';
import { useConversations } from '../stores/conversations-store';
import { useToasts } from '../stores/toast-store';

export async function confirmDeleteMessage(message: Message): Promise<void> {
  const yours = message.role === 'user';
  const yes = await useConfirm.getState().ask({
    title: yours ? 'Delete your message?' : 'Delete this reply?',
    body: `${yours ? 'Your message' : 'This reply'} will be deleted from this machine, with what was indexed to find it and any summary that restates it. Nothing else in the conversation changes. This cannot be undone.`,
    confirmLabel: 'Delete',
  });
  if (!yes) return;
  if (await useChat.getState().deleteMessage(message.conversationId, message.id)) {
    // The title may have been made from it.
    void useConversations.getState().fetch(message.conversationId);
    useToasts.getState().show({ message: yours ? 'Your message was deleted.' : 'The reply was deleted.' }, 5_000);
  }
}
