// The app's one confirmation dialog for questions asked from stores (see confirm-store.ts).
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../stores/confirm-store';
import { ConfirmDialog } from './ConfirmDialog';

export function GlobalConfirm() {
  const { t } = useTranslation();
  const question = useConfirm((s) => s.question);
  const reply = useConfirm((s) => s.reply);
  return (
    <ConfirmDialog
      open={question !== null}
      title={question?.title ?? ''}
      body={question?.body ?? ''}
      confirmLabel={question?.confirmLabel ?? t('common.ok')}
      onConfirm={() => reply(true)}
      onCancel={() => reply(false)}
    />
  );
}
