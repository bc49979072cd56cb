// Words for how the chat model keeps memory, shown in Settings and in the chat.
import type { AppStatus } from '../../../shared/contract';
import { t } from '../i18n';

export function memoryModeText(mode: AppStatus['memoryMode'] | undefined, model: string): string {
  if (mode === 'tools') return t('memoryMode.tools', { model });
  if (mode === 'extraction') return t('memoryMode.extraction', { model });
  return t('memoryMode.unknown');
}
