// What the app status means for the person at the keyboard: what is missing and the exact
// command that fixes it.
import type { AppStatus } from '../../../shared/contract';
import { t } from '../i18n';

export interface SetupProblem {
  key: string;
  message: string;
  /** The command that fixes it, shown as code. */
  command: string | null;
  /** Chat cannot work until this is fixed. */
  blocksChat: boolean;
}

export function setupProblems(status: AppStatus | null, chatModel?: string): SetupProblem[] {
  if (!status) return [];
  if (!status.ollama.reachable) {
    return [
      {
        key: 'ollama',
        message: t('status.problem.ollama', { host: status.ollama.host }),
        command: 'ollama serve',
        blocksChat: true,
      },
    ];
  }
  const problems: SetupProblem[] = [];
  const model = chatModel || status.chatModel;
  if (!status.ollama.chatModelInstalled && model === status.chatModel) {
    problems.push({
      key: 'chat-model',
      message: t('status.problem.chatModel', { model }),
      command: `ollama pull ${model}`,
      blocksChat: true,
    });
  }
  if (!status.ollama.embeddingModelInstalled) {
    problems.push({
      key: 'embed-model',
      message: t('status.problem.embedModel', { model: status.embeddingModel }),
      command: `ollama pull ${status.embeddingModel}`,
      blocksChat: false,
    });
  }
  return problems;
}

/** Why a reply cannot be written now, in the composer's words; null when it can. */
export function chatBlockedReason(problems: SetupProblem[], chatModel: string): string | null {
  const blocking = problems.find((p) => p.blocksChat);
  if (!blocking) return null;
  if (blocking.key === 'chat-model') return t('status.blocked.chatModel', { model: chatModel });
  return t('status.blocked.ollama');
}

export function chromaLabel(state: AppStatus['chroma']['state']): string {
  return t(`status.chroma.${state}`);
}

export function indexingLabel(indexing: AppStatus['indexing']): string {
  const job = indexing.job;
  if (job?.job === 'rebuild') return t('status.rebuilding', { done: job.done, total: job.total });
  if (job) return t('status.reindexing', { model: job.model, done: job.done, total: job.total });
  if (indexing.pending > 0) return t('status.indexingWaiting', { count: indexing.pending });
  return t('status.indexUpToDate');
}
