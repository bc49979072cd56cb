// Why an item is in the prompt, in the UI's language: the engine sends a code with its values
// (shared/context-reasons.ts), each code has whole sentences in the locales (no sentence is
// glued from fragments, word order differs between languages); only the two remarks that can
// follow any excerpt's reason (said several times, out of date) are added after it.
import type { ContextReason } from '../../../shared/context-reasons';
import { t } from '../i18n';

export function reasonText(reason: ContextReason): string {
  const remarks: string[] = [];
  if (reason.code === 'excerpt' && reason.copies > 1) remarks.push(t('reason.copies', { count: reason.copies }));
  if ('superseded' in reason && reason.superseded) remarks.push(t('reason.superseded'));
  return remarks.reduce((text, next) => t('reason.then', { first: text, next }), mainText(reason));
}

function mainText(reason: ContextReason): string {
  switch (reason.code) {
    case 'system':
      return t('reason.system');
    case 'tools':
      return t('reason.tools', { count: reason.count });
    case 'user':
      return t('reason.user');
    case 'corePinned':
      return t('reason.corePinned');
    case 'recent':
      return t(reason.stopped ? 'reason.recentStopped' : 'reason.recent');
    case 'summary':
      return t(`reason.summary.${reason.trigger}`, { first: reason.firstSeq, last: reason.lastSeq });
    case 'memory':
      return reason.relevant ? t(`reason.memory.${matchKey(reason)}`) : t('reason.memoryUnrelated');
    case 'excerpt': {
      const how = t(`reason.${reason.here ? 'here' : 'elsewhere'}.${reason.occasion ? 'occasion' : matchKey(reason)}`);
      return reason.namedTime ? t('reason.namedTime', { reason: how }) : how;
    }
    case 'neighbour':
      return t(`reason.neighbour.${reason.of}`);
    case 'partOfMessage':
      return t('reason.partOfMessage', { part: reason.part });
    case 'recorded':
      return reason.text || t('reason.unknown');
  }
}

/** A relevant memory matched at least one way; an excerpt may have matched neither (`found`). */
function matchKey({ close, words }: { close: boolean; words: boolean }): 'closeAndWords' | 'close' | 'words' | 'found' {
  if (close && words) return 'closeAndWords';
  if (close) return 'close';
  return words ? 'words' : 'found';
}
