// A health hint in the UI's language: the engine sends which figure calls for attention and
// the values it saw (shared/monitoring.ts); here each is said with what to do about it.
import type { HealthHint } from '../../../shared/monitoring';
import { i18n, t } from '../i18n';
import { formatNumber, formatPercent } from '../i18n/format';

export interface HintWords {
  /** What the figures show. */
  message: string;
  /** What to do about it. */
  action: string;
}

export function hintWords(hint: HealthHint): HintWords {
  const language = i18n.language;
  const oneDecimal = (n: number) => formatNumber(language, n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  switch (hint.id) {
    case 'prompt-squeezed':
      return words('promptSqueezed', { share: formatPercent(language, hint.share) });
    case 'chroma-unavailable':
      return words('chromaUnavailable', { count: hint.timesToday });
    case 'keyword-only':
      return words('keywordOnly', { share: formatPercent(language, hint.share) });
    case 'index-behind':
      return {
        message: t('monitoring.hint.indexBehind.message', {
          count: hint.backlog,
          pace: hint.perMinute > 0 ? pace(hint.backlog, hint.perMinute) : t('monitoring.hint.indexBehind.stalled'),
        }),
        action: t('monitoring.hint.indexBehind.action'),
      };
    case 'slow-embedding':
      return words('slowEmbedding', { ms: Math.round(hint.ms) });
    case 'slow-assembly':
      return words('slowAssembly', { ms: Math.round(hint.ms) });
    case 'slow-first-token':
      return words('slowFirstToken', { seconds: oneDecimal(hint.ms / 1000) });
    case 'slow-generation':
      return words('slowGeneration', { rate: oneDecimal(hint.tokensPerSecond) });
  }
}

type Plain = 'promptSqueezed' | 'chromaUnavailable' | 'keywordOnly' | 'slowEmbedding' | 'slowAssembly';
type Timed = 'slowFirstToken' | 'slowGeneration';

function words(key: Plain | Timed, values: Record<string, string | number>): HintWords {
  return {
    message: t(`monitoring.hint.${key}.message`, values),
    action: t(`monitoring.hint.${key}.action`),
  };
}

/** How long the backlog takes at the last hour's pace. */
function pace(backlog: number, perMinute: number): string {
  const minutes = backlog / perMinute;
  const rate = Math.round(perMinute);
  if (minutes < 1.5) return t('monitoring.hint.indexBehind.paceMinute', { rate });
  if (minutes < 90) return t('monitoring.hint.indexBehind.paceMinutes', { rate, count: Math.round(minutes) });
  return t('monitoring.hint.indexBehind.paceHours', { rate, count: Math.round(minutes / 60) });
}
