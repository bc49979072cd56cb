// "Remember" on a message: the chat model rewrites it as one short first-person fact (a
// structured answer, so no chatter around it), which the user edits before saving. Without
// Ollama, or when its answer cannot be used, the message as written is offered instead.
import { z } from 'zod';
import type { DraftReason } from '../../../shared/contract';
import { toMnemoError } from '../../../shared/errors';
import type { SecretKind } from '../../../shared/secrets';
import type { ChatMessage } from '../llm/types';
import type { Store } from '../store';
import { findSecrets } from './secret-guard';
import { DEFAULT_CATEGORY, MAX_MEMORY_CHARS } from './validation';

export const DISTILL_JSON_SCHEMA = {
  type: 'object',
  properties: {
    fact: { type: 'string', description: 'One short first-person fact, or "" when the message states none.' },
    category: { type: 'string', description: 'A one-word topic: personal, family, work, health, preference, plans, …' },
  },
  required: ['fact', 'category'],
} as const;

const distilledSchema = z.object({ fact: z.string(), category: z.string() });
export type DistilledAnswer = z.infer<typeof distilledSchema>;

const INSTRUCTION =
  'Rewrite the user\'s message as ONE short lasting fact about the user, in the first person ("I …", "My …"), at most 25 words. ' +
  'Keep names, numbers and dates exactly. If the message states no lasting fact about the user (a question, a greeting), answer with an empty fact. ' +
  'Answer in JSON with "fact" and a one-word "category".';

export interface Distillation {
  content: string;
  category: string;
  /** False: the model was not asked or its answer was unusable; `content` is the message as written. */
  distilled: boolean;
  /** Why the message as written is offered, for the dialog to say. */
  reason: DraftReason | null;
  /** Kinds of secret the draft seems to hold, so the dialog can warn before saving. */
  secrets: SecretKind[];
}

export type StructuredGenerator = (request: {
  messages: ChatMessage[];
  jsonSchema: Record<string, unknown>;
  schema: typeof distilledSchema;
}) => Promise<DistilledAnswer>;

export class MemoryDistiller {
  constructor(private readonly options: { store: Store; generate: StructuredGenerator }) {}

  async distill(messageId: string): Promise<Distillation> {
    const message = this.options.store.messages.get(messageId);
    const text = message.content.slice(0, MAX_MEMORY_CHARS);
    let answer: DistilledAnswer;
    try {
      answer = await this.options.generate({
        messages: [
          { role: 'system', content: INSTRUCTION },
          { role: 'user', content: message.content.slice(0, 8000) },
        ],
        jsonSchema: { ...DISTILL_JSON_SCHEMA },
        schema: distilledSchema,
      });
    } catch (error) {
      // Ollama down or its answer unusable: the user still gets to word the memory themselves.
      return draft(text, DEFAULT_CATEGORY, false, { code: 'modelFailed', error: toMnemoError(error).toJSON() });
    }
    const fact = answer.fact.trim().slice(0, MAX_MEMORY_CHARS);
    if (!fact) return draft(text, DEFAULT_CATEGORY, false, { code: 'noFact' });
    return draft(fact, answer.category.trim().toLowerCase().slice(0, 40) || DEFAULT_CATEGORY, true, null);
  }
}

function draft(content: string, category: string, distilled: boolean, reason: DraftReason | null): Distillation {
  return { content, category, distilled, reason, secrets: findSecrets(content).map((f) => f.kind) };
}
