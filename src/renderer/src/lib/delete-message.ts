// Deleting one message from the chat: asked first (it cannot be undone: its text leaves the
// disk at once, with its search rows and vectors), then done, then said.
import type { Message } from '../../../shared/domain';
import { t } from '../i18n';
import { useChat } from '../stores/chat-store';
import { useConfirm } from '../stores/confirm-store';
import { useConversations } from '../stores/conversations-store';
import { useToasts } from '../stores/toast-store';

export async function confirmDeleteMessage(message: Message): Promise<void> {
  const yours = message.role === 'user';
  const yes = await useConfirm.getState().ask({
    title: yours ? t('deleteMessage.titleYours') : t('deleteMessage.titleReply'),
    body: yours ? t('deleteMessage.bodyYours') : t('deleteMessage.bodyReply'),
    confirmLabel: t('common.delete'),
  });
  if (!yes) return;
  if (await useChat.getState().deleteMessage(message.conversationId, message.id)) {
    // The title may have been made from it.
    void useConversations.getState().fetch(message.conversationId);
    useToasts.getState().show({ message: yours ? t('deleteMessage.doneYours') : t('deleteMessage.doneReply') }, 5_000);
  }
}
