// What the engine refused, in the UI's language: the engine sends a problem code with its values
// (shared/problems.ts) and keeps its English for logs. Settings' problems share their words with
// the form's own check (the same rule said the same way, whoever found it first).
import type { Problem } from '../../../shared/problems';
import { NUMBER_RULES, type NumberField } from '../../../shared/settings-fields';
import { t } from '../i18n';

export function problemText(problem: Problem): string {
  switch (problem.code) {
    case 'numberRange':
      return numberRuleText(problem.field);
    case 'hostNotUrl':
      return t('settings.problem.host');
    case 'modelEmpty':
      return t(problem.role === 'chat' ? 'settings.problem.chatModel' : 'settings.problem.embeddingModel');
    case 'reserveTooLarge':
      return t('settings.problem.reserve', { reserve: problem.reserve, window: problem.window, max: problem.max });
    case 'chunkTooLarge':
      return t('settings.problem.chunk', { chunk: problem.chunk, window: problem.window, max: problem.max });
    case 'hostScheme':
    case 'invalidValue':
    case 'memoryEmpty':
    case 'importanceRange':
    case 'messageEmpty':
    case 'notJson':
    case 'notAnExport':
    case 'exportIncomplete':
    case 'importBusy':
    case 'importGone':
    case 'sealedDamaged':
    case 'passphraseMustStay':
      return t(`problem.${problem.code}`);
    case 'hostRemote':
      return t('problem.hostRemote', { host: problem.host, hostname: problem.hostname });
    case 'modelNameLong':
    case 'systemPromptLong':
      return t(`problem.${problem.code}`, { max: problem.max });
    case 'modelHostUnreachable':
      return t('problem.modelHostUnreachable', { host: problem.host, model: problem.model });
    case 'modelNotInstalled':
    case 'modelIsEmbedding':
    case 'modelCannotChat':
    case 'modelIsChat':
      return t(`problem.${problem.code}`, { model: problem.model });
    case 'memoryTooLong':
    case 'messageTooLong':
      return t(`problem.${problem.code}`, { max: problem.max, length: problem.length });
    case 'exportTooLarge':
      return t('problem.exportTooLarge', { maxMi: problem.maxMi });
    case 'exportVersion':
      return t('problem.exportVersion', { version: problem.version, supported: problem.supported });
    case 'exportDamaged':
      return t('problem.exportDamaged', { at: problem.at, issue: problem.issue });
    case 'sealedVersion':
      return t('problem.sealedVersion', { version: problem.version });
    case 'passphraseShort':
      return t('problem.passphraseShort', { min: problem.min });
  }
}

/** What to type in a number field (the shared rule's range), in the UI's language. */
export function numberRuleText(field: NumberField): string {
  const rule = NUMBER_RULES[field];
  // Not "unit": i18next hands the values to Intl.NumberFormat as options, where unit means something.
  return t('settings.problem.number', {
    what: t(`settings.unit.${rule.unit}`),
    min: rule.min / rule.scale,
    max: rule.max / rule.scale,
  });
}
