// Words for how the chat model keeps memory, shown in Settings and in the chat.
import type { AppStatus } from '../../../shared/contract';

export function memoryModeText(mode: AppStatus['memoryMode'] | undefined, model: string): string {
  if (mode === 'tools') return `Memory: ${model} saves facts itself (tool calls).`;
  if (mode === 'extraction')
    return `Memory: ${model} cannot call tools, so Mnemo looks for facts once a chat goes quiet and asks you to review them.`;
  return 'Memory: unknown until Ollama answers.';
}
