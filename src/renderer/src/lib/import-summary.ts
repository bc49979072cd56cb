// What a memory import did, in one sentence; an identical file says that nothing was new.
import type { MethodOutputs } from '../../../shared/contract';
import { t } from '../i18n';

export function memoryImportSummary(counts: MethodOutputs['memory.import']): string {
  const parts = [
    counts.added > 0 && t('memoryImport.added', { count: counts.added }),
    counts.merged > 0 && t('memoryImport.merged', { count: counts.merged }),
    counts.unchanged > 0 && t('memoryImport.unchanged', { count: counts.unchanged }),
    counts.skipped > 0 && t('memoryImport.skipped', { count: counts.skipped }),
    counts.secrets > 0 && t('memoryImport.secrets', { count: counts.secrets }),
  ].filter(Boolean);
  if (counts.added + counts.merged + counts.skipped + counts.secrets === 0) {
    return counts.unchanged > 0
      ? t('memoryImport.nothingKept', { count: counts.unchanged })
      : t('memoryImport.nothingInFile');
  }
  return t('memoryImport.imported', { parts: parts.join(t('common.listSeparator')) });
}
