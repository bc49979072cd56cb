// Why the Remember dialog offers the message as written, in the UI's language.
import type { DraftReason } from '../../../shared/contract';
import { t } from '../i18n';
import { localErrorText } from './errors';

export function draftReasonText(reason: DraftReason | null): string {
  if (!reason) return t('remember.reason');
  if (reason.code === 'noFact') return t('remember.noFact');
  return t('remember.modelFailed', { error: localErrorText(reason.error) });
}
