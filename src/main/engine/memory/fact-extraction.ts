// Memory for models that cannot call tools: once a conversation has been quiet for a while,
// the chat model reads its new user turns and lists lasting facts about the user as a
// JSON-schema structured output; each fact becomes a proposal in the review queue (never a
// memory directly). An answer that is not valid JSON, or not of that shape, is a typed
// OLLAMA_BAD_RESPONSE: nothing is queued and the turns are read again next time.
import { z } from 'zod';
import type { MemoryProposal, Message } from '../../../shared/domain';
import { hasErrorCode, toMnemoError, type SerializedError } from '../../../shared/errors';
import { idleCheckEvery, PeriodicPass } from '../lifecycle';
import type { ChatMessage } from '../llm/types';
import type { Store } from '../store';
import type { MemoryReviewQueue } from './review-queue';

export const EXTRACTION_JSON_SCHEMA = {
  type: 'object',
  properties: {
    facts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          message: { type: 'integer', description: 'The number of the message the fact comes from.' },
          content: { type: 'string', description: 'One short lasting fact about the user, in the third person.' },
          category: { type: 'string' },
          importance: { type: 'integer', minimum: 1, maximum: 5 },
        },
        required: ['message', 'content', 'category'],
      },
    },
  },
  required: ['facts'],
} as const;

const extractedSchema = z.object({
  facts: z
    .array(
      z.object({
        message: z.number().int(),
        content: z.string(),
        category: z.string(),
        importance: z.number().int().min(1).max(5).optional(),
      }),
    )
    .max(20),
});
export type ExtractedFacts = z.infer<typeof extractedSchema>;

export type FactGenerator = (request: {
  messages: ChatMessage[];
  jsonSchema: Record<string, unknown>;
  schema: typeof extractedSchema;
}) => Promise<ExtractedFacts>;

const INSTRUCTION =
  'You keep a memory of lasting facts about the user (name, family, work, health, likes, plans). Read the numbered messages the user wrote ' +
  'and list the lasting facts they state about themselves, one short fact each, in the third person ("The user …"). Leave out questions, ' +
  'passing remarks, and anything secret (passwords, PINs, card or account numbers, keys). Answer in JSON; an empty list when there is nothing.';

/** The user turns read in one pass at most (the newest), so one request stays small. */
const MAX_TURNS_PER_PASS = 30;
const CURSOR_KEY = 'memory.extractedThroughSeq';

export interface ExtractionReport {
  proposals: MemoryProposal[];
  /** Facts held back because they looked like secrets. */
  refused: number;
  errors: SerializedError[];
}

export interface IdleExtractionOptions {
  store: Store;
  review: MemoryReviewQueue;
  generate: FactGenerator;
  /** Whether the chat model calls tools itself (then this pass has nothing to do). */
  modelUsesTools: () => Promise<boolean>;
  idleMs: () => number;
  busy: (conversationId?: string) => boolean;
  now?: () => number;
  onError?: (error: SerializedError) => void;
}

export class IdleExtraction {
  private readonly passes = new PeriodicPass(() => this.pass());

  constructor(private readonly options: IdleExtractionOptions) {}

  /** Checks now and then until disposed; returns itself for its owner's DisposableStore. */
  start(checkEveryMs = idleCheckEvery(this.options.idleMs())): this {
    this.passes.start(checkEveryMs);
    return this;
  }

  /** Ends the run: no new pass starts, and the one under way is waited for. It may be started again. */
  dispose(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass over the conversations idle long enough; never rejects. */
  runOnce(): Promise<ExtractionReport> {
    return this.passes.runOnce();
  }

  private async pass(): Promise<ExtractionReport> {
    const report: ExtractionReport = { proposals: [], refused: 0, errors: [] };
    try {
      if (this.options.busy() || (await this.options.modelUsesTools())) return report;
    } catch (error) {
      return this.failed(report, error);
    }
    const idleBefore = (this.options.now ?? Date.now)() - this.options.idleMs();
    for (const conversation of this.options.store.conversations.list({ limit: 200 })) {
      if (conversation.temporary || conversation.updatedAt > idleBefore || this.options.busy(conversation.id)) continue;
      try {
        await this.extractFrom(conversation.id, report);
      } catch (error) {
        this.failed(report, error);
      }
    }
    return report;
  }

  private async extractFrom(conversationId: string, report: ExtractionReport): Promise<void> {
    const { store, review } = this.options;
    const cursors = store.settings.get<Record<string, number>>(CURSOR_KEY) ?? {};
    const since = cursors[conversationId] ?? 0;
    const turns = store.messages
      .list(conversationId, { afterSeq: since })
      .filter((m) => m.role === 'user' && m.status === 'complete');
    const last = store.messages.last(conversationId);
    if (turns.length === 0 || !last) return;
    const read = turns.slice(-MAX_TURNS_PER_PASS);
    const answer = await this.options.generate({
      messages: [
        { role: 'system', content: INSTRUCTION },
        { role: 'user', content: read.map((m, i) => `${i + 1}. ${m.content.slice(0, 2000)}`).join('\n') },
      ],
      jsonSchema: { ...EXTRACTION_JSON_SCHEMA },
      schema: extractedSchema,
    });
    for (const fact of answer.facts) {
      if (!fact.content.trim()) continue;
      const source = sourceOf(read, fact.message);
      try {
        const outcome = await review.fromModel({
          content: fact.content,
          category: fact.category,
          ...(fact.importance ? { importance: fact.importance } : {}),
          origin: 'extraction',
          sourceMessageId: source.id,
        });
        if (outcome.kind === 'proposed') report.proposals.push(outcome.proposal);
      } catch (error) {
        if (!hasErrorCode(error, 'SECRET_REFUSED')) throw error;
        report.refused += 1;
      }
    }
    // Read through the last message: the next pass starts after it.
    store.settings.set(CURSOR_KEY, { ...cursors, [conversationId]: last.seq });
  }

  private failed(report: ExtractionReport, error: unknown): ExtractionReport {
    const failure = toMnemoError(error).toJSON();
    report.errors.push(failure);
    this.options.onError?.(failure);
    return report;
  }
}

/** The message a fact names by its number, or the newest read when the number is off. */
function sourceOf(read: readonly Message[], number: number): Message {
  return read[number - 1] ?? read[read.length - 1]!;
}
