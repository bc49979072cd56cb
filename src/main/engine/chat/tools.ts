// The tools offered to models that support them: saving and looking up memories, and
// searching past conversations. Arguments come from a model and are validated like any
// other untrusted input; a bad call gets an error result the model can read, never a crash.
import { z } from 'zod';
import type { Memory, MemoryProposal } from '../../../shared/domain';
import { hasErrorCode, isMnemoError } from '../../../shared/errors';
import { isSecretKind, type SecretKind } from '../../../shared/secrets';
import type { HybridRetriever } from '../retrieval/retriever';
import type { ChatTool, ToolCall } from '../llm/types';
import type { MemoryReviewQueue, ModelMemory, SaveMemoryResult } from '../memory';
import { formatDate } from '../context/layout';

export const TOOLS: readonly ChatTool[] = [
  {
    name: 'save_to_model_memory',
    description:
      'Save a lasting fact or preference about the user (name, family, work, health, likes, plans) so you remember it in future conversations. One fact per call, written in the third person.',
    parameters: {
      type: 'object',
      properties: {
        content: { type: 'string', description: 'The fact, e.g. "The user is allergic to peanuts."' },
        category: { type: 'string', description: 'A short topic such as personal, family, work, health, preference.' },
        importance: { type: 'integer', minimum: 1, maximum: 5, description: '1 = trivia, 5 = essential.' },
      },
      required: ['content'],
    },
  },
  {
    name: 'retrieve_user_info',
    description: 'Look up what you remember about the user (saved memories) for a topic or question.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to look up.' } },
      required: ['query'],
    },
  },
  {
    name: 'search_past_conversations',
    description: 'Search earlier conversations with the user for what was said about a topic.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to search for.' },
        conversation_id: { type: 'string', description: 'Only search this conversation.' },
      },
      required: ['query'],
    },
  },
];

const saveArgs = z.object({
  content: z.string().trim().min(1).max(4000),
  category: z.string().trim().max(40).optional(),
  importance: z.coerce.number().int().min(1).max(5).optional(),
});
const queryArgs = z.object({ query: z.string().trim().min(1).max(2000) });
const searchArgs = queryArgs.extend({ conversation_id: z.string().max(200).optional() });

export interface ToolContext {
  conversationId: string;
  /** The user message this turn answers: the provenance of saved memories. */
  userMessageId: string;
  /** The reply being written: where the chat shows what became of a save. */
  replyMessageId: string;
  crossConversation: boolean;
}

export interface ToolOutcome {
  /** What the model reads back. */
  result: string;
  ok: boolean;
  savedMemory?: SaveMemoryResult;
  /** Queued for the user's review instead of saved. */
  proposal?: MemoryProposal;
  /** Refused because it held a secret: what kinds, never the text. */
  refused?: { kinds: SecretKind[] };
}

export class ToolRunner {
  constructor(
    private readonly memory: ModelMemory,
    private readonly review: MemoryReviewQueue,
    private readonly retriever: HybridRetriever,
    private readonly embedQuery: (text: string) => Promise<number[] | null>,
  ) {}

  async run(call: ToolCall, context: ToolContext): Promise<ToolOutcome> {
    try {
      switch (call.name) {
        case 'save_to_model_memory':
          return await this.save(call.arguments, context);
        case 'retrieve_user_info':
          return await this.lookup(call.arguments);
        case 'search_past_conversations':
          return await this.search(call.arguments, context);
        default:
          return {
            ok: false,
            result: `Error: there is no tool named "${call.name}". Available tools: ${TOOLS.map((t) => t.name).join(', ')}.`,
          };
      }
    } catch (error) {
      const message = isMnemoError(error) ? error.message : 'the tool failed';
      return { ok: false, result: `Error: ${message}` };
    }
  }

  private async save(raw: unknown, context: ToolContext): Promise<ToolOutcome> {
    const parsed = saveArgs.safeParse(raw);
    if (!parsed.success) return invalid('save_to_model_memory', parsed.error);
    try {
      const outcome = await this.review.fromModel({
        ...parsed.data,
        origin: 'tool',
        sourceMessageId: context.userMessageId,
        replyMessageId: context.replyMessageId,
      });
      if (outcome.kind === 'proposed') {
        return {
          ok: true,
          proposal: outcome.proposal,
          result: `Proposed to the user, who reviews memories before they are kept: "${outcome.proposal.content}". Do not call again for this fact.`,
        };
      }
      const saved = outcome.saved;
      return {
        ok: true,
        savedMemory: saved,
        result:
          saved.outcome === 'merged'
            ? `Updated an existing memory: "${saved.memory.content}"`
            : `Saved: "${saved.memory.content}"`,
      };
    } catch (error) {
      if (!hasErrorCode(error, 'SECRET_REFUSED') || !isMnemoError(error)) throw error;
      const kinds = Array.isArray(error.details?.kinds) ? error.details.kinds.filter(isSecretKind) : [];
      return {
        ok: false,
        refused: { kinds },
        result: `Error: ${error.message} Do not try to save it again.`,
      };
    }
  }

  private async lookup(raw: unknown): Promise<ToolOutcome> {
    const parsed = queryArgs.safeParse(raw);
    if (!parsed.success) return invalid('retrieve_user_info', parsed.error);
    const hits = await this.memory.search(parsed.data.query, {
      limit: 8,
      queryEmbedding: await this.embedQuery(parsed.data.query),
      onlyRelevant: true,
    });
    if (hits.length === 0) return { ok: true, result: 'No saved memories match.' };
    return { ok: true, result: hits.map((h) => `- ${describe(h.memory)}`).join('\n') };
  }

  private async search(raw: unknown, context: ToolContext): Promise<ToolOutcome> {
    const parsed = searchArgs.safeParse(raw);
    if (!parsed.success) return invalid('search_past_conversations', parsed.error);
    const only = parsed.data.conversation_id;
    const { hits } = await this.retriever.retrieve({
      query: parsed.data.query,
      queryEmbedding: await this.embedQuery(parsed.data.query),
      conversationId: only ?? context.conversationId,
      crossConversation: only ? false : context.crossConversation,
      excludeResponseIds: new Set([context.userMessageId]),
      limit: 6,
    });
    if (hits.length === 0) return { ok: true, result: 'Nothing found in past conversations.' };
    return {
      ok: true,
      result: hits
        .map((h) => `[${formatDate(h.chunk.createdAt)}, ${h.chunk.role}] ${h.chunk.text.slice(0, 1200)}`)
        .join('\n\n'),
    };
  }
}

function describe(memory: Memory): string {
  return `${memory.content} (${memory.category}, importance ${memory.importance})`;
}

function invalid(tool: string, error: z.ZodError): ToolOutcome {
  const problems = error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
  return { ok: false, result: `Error: invalid arguments for ${tool}: ${problems}. Fix them and call again.` };
}
