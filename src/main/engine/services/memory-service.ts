// Memory as the Memory view and the chat's notes use it: the user's own edits, the review
// queue of what the model proposed, promoting and distilling messages, import and export,
// and "forget this everywhere". Nothing is remembered from a temporary chat.
import type { MethodOutputs, ValidInput } from '../../../shared/contract';
import type { Memory, MemoryProposal } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { ForgetEverywhere, ForgetSource } from '../forget';
import { importMemories, type MemoryDistiller, type MemoryReviewQueue, type ModelMemory } from '../memory';
import type { Store } from '../store';
import type { RunningTurns } from './conversation-service';
import { memoryExport, parseMemoryImport } from './exports';

export interface MemoryServiceOptions {
  store: Store;
  memory: ModelMemory;
  review: MemoryReviewQueue;
  distiller: MemoryDistiller;
  forgetEverywhere: ForgetEverywhere;
  turns: RunningTurns;
}

/** Exactly one of a memory, a message or typed words. */
function forgetSource(input: ValidInput<'forget.find'>): ForgetSource {
  const given = [input.memoryId, input.messageId, input.text].filter((v) => v !== undefined).length;
  if (given !== 1)
    throw new MnemoError('INVALID_INPUT', 'Forget starts from one thing: a memory, a message, or the words to forget.');
  if (input.memoryId !== undefined) return { memoryId: input.memoryId };
  if (input.messageId !== undefined) return { messageId: input.messageId };
  return { text: input.text ?? '' };
}

export class MemoryService {
  constructor(private readonly options: MemoryServiceOptions) {}

  list(input: ValidInput<'memory.list'>): Memory[] {
    return this.options.memory.list(input);
  }

  categories(): string[] {
    return this.options.store.memories.categories();
  }

  async search(input: ValidInput<'memory.search'>): Promise<MethodOutputs['memory.search']> {
    const hits = await this.options.memory.search(input.query, { limit: input.limit ?? 20, onlyRelevant: true });
    return hits.map((h) => ({ memory: h.memory, score: h.score }));
  }

  add(input: ValidInput<'memory.add'>): Promise<MethodOutputs['memory.add']> {
    return this.options.memory.save({ ...input, source: 'user' }, 'user');
  }

  edit(input: ValidInput<'memory.edit'>): Memory {
    const { memoryId, confirmSecret, ...patch } = input;
    return this.options.memory.edit(memoryId, patch, 'user', { confirmSecret: confirmSecret === true });
  }

  delete(input: ValidInput<'memory.delete'>): Memory {
    return this.options.memory.delete(input.memoryId, 'user');
  }

  undoDelete(input: ValidInput<'memory.undoDelete'>): Memory {
    return this.options.memory.undoDelete(input.memoryId, 'user');
  }

  revert(input: ValidInput<'memory.revert'>): Memory {
    return this.options.memory.edit(input.memoryId, input.to, 'user');
  }

  history(input: ValidInput<'memory.history'>): MethodOutputs['memory.history'] {
    this.options.memory.get(input.memoryId);
    return this.options.memory.history(input.memoryId);
  }

  versions(input: ValidInput<'memory.versions'>): MethodOutputs['memory.versions'] {
    return this.options.memory.versions(input.memoryId);
  }

  /** The message and conversation a memory came from, where they still exist. */
  provenance(input: ValidInput<'memory.provenance'>): MethodOutputs['memory.provenance'] {
    const { store, memory } = this.options;
    const m = memory.get(input.memoryId);
    return {
      message: m.sourceMessageId ? (store.messages.find(m.sourceMessageId) ?? null) : null,
      conversation: m.sourceConversationId ? (store.conversations.find(m.sourceConversationId) ?? null) : null,
    };
  }

  promote(input: ValidInput<'memory.promote'>): Promise<MethodOutputs['memory.promote']> {
    const { messageId, ...extra } = input;
    this.refuseTemporary(messageId);
    return this.options.memory.promoteMessage(messageId, extra);
  }

  distill(input: ValidInput<'memory.distill'>): Promise<MethodOutputs['memory.distill']> {
    this.refuseTemporary(input.messageId);
    return this.options.distiller.distill(input.messageId);
  }

  /** Pending proposals (the review queue), or every proposal of one conversation (the chat's notes). */
  proposals(input: ValidInput<'memory.proposals'>): MemoryProposal[] {
    const { review } = this.options;
    return input.conversationId ? review.forConversation(input.conversationId) : review.pending();
  }

  async approve(input: ValidInput<'memory.approve'>): Promise<MethodOutputs['memory.approve']> {
    const { proposalId, ...edit } = input;
    const { proposal, saved } = await this.options.review.approve(proposalId, edit);
    return { proposal, memory: saved.memory, outcome: saved.outcome };
  }

  reject(input: ValidInput<'memory.reject'>): MemoryProposal {
    return this.options.review.reject(input.proposalId);
  }

  export(): MethodOutputs['memory.export'] {
    return memoryExport(this.options.store);
  }

  /** Each memory is saved on its own (one that looks like a secret or is invalid is counted, not fatal); one already kept exactly so is left alone. */
  import(input: ValidInput<'memory.import'>): Promise<MethodOutputs['memory.import']> {
    const { memory, store } = this.options;
    return importMemories({ memory, store }, parseMemoryImport(input.json), input.allowSecrets === true);
  }

  findToForget(input: ValidInput<'forget.find'>): Promise<MethodOutputs['forget.find']> {
    return this.options.forgetEverywhere.find(forgetSource(input));
  }

  /** All or nothing; refused while a reply is being written in a conversation it would change. */
  forget(input: ValidInput<'forget.apply'>): MethodOutputs['forget.apply'] {
    const { store, turns } = this.options;
    for (const item of input.items) {
      const conversationId = item.kind === 'message' ? store.messages.find(item.id)?.conversationId : undefined;
      if (conversationId && turns.isBusy(conversationId))
        throw new MnemoError(
          'INVALID_INPUT',
          'A reply is being written in a conversation this would change; stop it or wait. Nothing was forgotten.',
          { conversationId },
        );
    }
    const counts = store.forget(input.items);
    turns.forgetContexts();
    return counts;
  }

  /** Nothing is remembered from a temporary chat. */
  private refuseTemporary(messageId: string): void {
    const { store } = this.options;
    const message = store.messages.get(messageId);
    if (store.conversations.get(message.conversationId).temporary) {
      throw new MnemoError(
        'INVALID_INPUT',
        'Nothing is remembered from a temporary chat. Choose "Keep this chat" first to remember from it. Nothing was saved.',
        { messageId },
      );
    }
  }
}
