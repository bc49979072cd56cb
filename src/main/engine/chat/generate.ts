// Runs the chat model to a whole text reply, for summaries and titles (no tools, no events).
import type { OllamaClient } from '../llm';
import type { ChatMessage } from '../llm/types';

export async function generateText(
  ollama: OllamaClient,
  request: { model: string; messages: ChatMessage[]; numCtx?: number; signal?: AbortSignal },
): Promise<string> {
  let text = '';
  for await (const event of ollama.chatStream({
    model: request.model,
    messages: request.messages,
    options: { temperature: 0.2, ...(request.numCtx ? { num_ctx: request.numCtx } : {}) },
    ...(request.signal ? { signal: request.signal } : {}),
  })) {
    if (event.type === 'token') text += event.text;
  }
  return text;
}
