// The engine's refusals a person meets in normal use: one English wording per problem code (the
// error's message, for logs, diagnostics and a UI that does not know the code), and the error
// that carries the code to the UI, which words it in its own language (shared/problems.ts).
import { MnemoError, type ErrorCode } from '../../shared/errors';
import type { Problem } from '../../shared/problems';
import { NUMBER_RULES, type NumberRule } from '../../shared/settings-fields';

const count = (n: number) => n.toLocaleString('en-US');

export function problemText(problem: Problem): string {
  switch (problem.code) {
    case 'numberRange': {
      const rule: NumberRule = NUMBER_RULES[problem.field];
      return `Enter a whole number of ${rule.unit} from ${count(rule.min / rule.scale)} to ${count(rule.max / rule.scale)}.`;
    }
    case 'hostNotUrl':
      return 'Enter the address Ollama listens on, like http://127.0.0.1:11434.';
    case 'hostScheme':
      return 'Enter an address that starts with http:// or https://, like http://127.0.0.1:11434.';
    case 'hostRemote':
      return `${problem.host} is not on this machine. Your messages will be sent to ${problem.hostname} if you confirm it.`;
    case 'modelEmpty':
      return problem.role === 'chat' ? 'Pick a chat model.' : 'Pick an embedding model.';
    case 'modelNameLong':
      return `A model name has at most ${problem.max} characters.`;
    case 'modelHostUnreachable':
      return `Ollama is not reachable at ${problem.host}, so Mnemo cannot switch to ${problem.model} now (every message is indexed again with the new model). Start Ollama, then save again.`;
    case 'modelNotInstalled':
      return `${problem.model} is not installed in Ollama. Download it under "Ollama models" below, or pick an installed model.`;
    case 'modelIsEmbedding':
      return `${problem.model} is an embedding model: it turns text into numbers for search and cannot chat. Pick a chat model.`;
    case 'modelCannotChat':
      return `${problem.model} cannot chat. Pick a chat model.`;
    case 'modelIsChat':
      return `${problem.model} is a chat model and cannot make the embeddings search needs. Pick an embedding model, such as nomic-embed-text.`;
    case 'systemPromptLong':
      return `The system prompt is too long: at most ${count(problem.max)} characters.`;
    case 'reserveTooLarge':
      return `The reply's reserve (${count(problem.reserve)}) leaves no room for a prompt in a ${count(problem.window)}-token window: at most ${count(problem.max)}.`;
    case 'chunkTooLarge':
      return `A chunk of ${count(problem.chunk)} tokens cannot fit beside the reply's reserve in a ${count(problem.window)}-token window: at most ${count(problem.max)}.`;
    case 'invalidValue':
      return 'This value cannot be used.';
    case 'memoryEmpty':
      return 'A memory cannot be empty.';
    case 'memoryTooLong':
      return `A memory can be at most ${problem.max} characters; this one has ${problem.length}.`;
    case 'importanceRange':
      return 'Importance is a whole number from 1 to 5.';
    case 'messageEmpty':
      return 'The message is empty.';
    case 'messageTooLong':
      return `This message is too long to send (${count(problem.length)} characters; the limit is ${count(problem.max)}). Nothing was saved; split it into parts or attach less text.`;
    case 'notJson':
      return 'That file is not JSON, so it is not a Mnemo export.';
    case 'notAnExport':
      return 'That file is not a Mnemo export (“Export all data” in Settings makes one).';
    case 'exportTooLarge':
      return `That file is too large to import (more than ${problem.maxMi} Mi characters).`;
    case 'exportIncomplete':
      return 'That export is incomplete: the file ends in the middle.';
    case 'exportVersion':
      return `That export is format version ${problem.version}; this Mnemo reads version ${problem.supported}.`;
    case 'exportDamaged':
      return `That export is damaged: ${problem.at}: ${problem.issue}.`;
    case 'importBusy':
      return 'Another import is running. Wait for it to finish, or cancel it, then try again.';
    case 'importGone':
      return 'That import is no longer open (it failed, finished or waited too long). Start it again.';
    case 'sealedDamaged':
      return 'This encrypted export is damaged or was not made by Mnemo. Nothing was imported.';
    case 'sealedVersion':
      return `This encrypted export is of a version this Mnemo does not know (${problem.version}). Nothing was imported.`;
    case 'passphraseShort':
      return `A passphrase needs at least ${problem.min} characters.`;
    case 'passphraseMustStay':
      return 'No OS keychain can keep the key here, so the passphrase must stay. Nothing was changed.';
  }
}

/** The error refusing what a person asked for, worded in English here and by code in the UI. */
export function refusal(
  problem: Problem,
  details?: Record<string, unknown>,
  options: { code?: ErrorCode; cause?: unknown } = {},
): MnemoError {
  return new MnemoError(options.code ?? 'INVALID_INPUT', problemText(problem), details, {
    cause: options.cause,
    refused: problem,
  });
}
