// Structured output: the model answers in JSON that follows a JSON Schema (Ollama's `format`),
// and the answer is checked against the same shape in zod. An answer that is not JSON, or not
// of that shape, is an OLLAMA_BAD_RESPONSE that says so; the caller changes nothing then.
import type { z } from 'zod';
import { badResponse } from './ollama-errors';
import type { OllamaClient } from './ollama-client';
import type { ChatMessage } from './types';

export interface StructuredRequest<T extends z.ZodType> {
  model: string;
  messages: ChatMessage[];
  /** Sent to Ollama as `format`. */
  jsonSchema: Record<string, unknown>;
  /** The same shape, checked on what comes back. */
  schema: T;
  numCtx?: number;
  signal?: AbortSignal;
}

export async function generateStructured<T extends z.ZodType>(
  ollama: OllamaClient,
  request: StructuredRequest<T>,
): Promise<z.infer<T>> {
  let text = '';
  for await (const event of ollama.chatStream({
    model: request.model,
    messages: request.messages,
    format: request.jsonSchema,
    options: { temperature: 0, ...(request.numCtx ? { num_ctx: request.numCtx } : {}) },
    ...(request.signal ? { signal: request.signal } : {}),
  })) {
    if (event.type === 'token') text += event.text;
  }
  return parseStructured(text, request.schema, request.model);
}

export function parseStructured<T extends z.ZodType>(text: string, schema: T, model: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badResponse('the structured answer was not valid JSON', { model, sample: text.slice(0, 200) }, error);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw badResponse('the structured answer did not have the asked-for shape', { model, issues });
  }
  return parsed.data;
}
