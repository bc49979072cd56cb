// Archiving from History: the row stays where it is (marked archived, its button now
// "Unarchive"), so neither focus nor the next click lands on another row's button, and the
// notice offers Undo. The row leaves the list the next time History is loaded.
import type { Conversation } from '../../../shared/domain';
import { useConversations } from '../stores/conversations-store';
import { useHistory } from '../stores/history-store';
import { useToasts } from '../stores/toast-store';
import { conversationTitle } from './conversations';
import { t } from '../i18n';
import { errorMessage } from './errors';

export async function toggleArchived(conversation: Conversation): Promise<void> {
  const updated = await setArchived(conversation.id, !conversation.archived);
  if (!updated.archived) return;
  useToasts.getState().show({
    message: t('history.archivedToast', { title: conversationTitle(updated) }),
    action: {
      label: t('common.undo'),
      run: () =>
        setArchived(conversation.id, false).then(
          () => undefined,
          (error) =>
            void useToasts
              .getState()
              .show({ message: t('history.undoFailed', { error: errorMessage(error) }), tone: 'error' }),
        ),
    },
  });
}

async function setArchived(conversationId: string, archived: boolean): Promise<Conversation> {
  const updated = await useConversations.getState().setArchived(conversationId, archived);
  useHistory.getState().replace(updated, { inPlace: true });
  return updated;
}
