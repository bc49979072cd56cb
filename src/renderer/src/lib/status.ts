// What the app status means for the person at the keyboard: what is missing and the exact
// command that fixes it.
import type { AppStatus } from '../../../shared/contract';

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
        message: `Ollama is not running at ${status.ollama.host}. History, search and memory still work; chat needs Ollama. Start it with`,
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
      message: `The chat model ${model} is not installed. Pull it with`,
      command: `ollama pull ${model}`,
      blocksChat: true,
    });
  }
  if (!status.ollama.embeddingModelInstalled) {
    problems.push({
      key: 'embed-model',
      message: `The embedding model ${status.embeddingModel} is not installed, so search falls back to keywords. Pull it with`,
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
  if (blocking.key === 'chat-model')
    return `Mnemo will keep your message; the reply needs the model ${chatModel}, which is not installed.`;
  return 'Mnemo will keep your message; the reply needs Ollama, which is not running.';
}

export function chromaLabel(state: AppStatus['chroma']['state']): string {
  return {
    stopped: 'Vector index stopped',
    starting: 'Vector index starting',
    ready: 'Vector index ready',
    'not-responding': 'Vector index not responding',
    restarting: 'Vector index restarting',
  }[state];
}

export function indexingLabel(indexing: AppStatus['indexing']): string {
  const job = indexing.job;
  if (job?.job === 'rebuild') return `Rebuilding the vector index: ${job.done} of ${job.total}`;
  if (job) return `Re-indexing for ${job.model}: ${job.done} of ${job.total}`;
  if (indexing.pending > 0) return `Indexing: ${indexing.pending} waiting`;
  return 'Index up to date';
}
