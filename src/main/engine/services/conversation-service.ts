// Conversations and their messages as the History and Chat views use them. A change that
// affects a reply being written, or the contexts remembered for the inspector, is made here
// together with what it implies (stop the reply, forget the contexts); the outbox tells the
// indexer on its own.
import type { MethodOutputs, ValidInput } from '../../../shared/contract';
import type { Conversation, Message } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { Branches } from '../chat';
import type { HybridRetriever } from '../retrieval';
import type { Store } from '../store';
import { conversationExport } from './exports';

/** What conversation changes need of the chat: its running replies and remembered contexts. */
export interface RunningTurns {
  stop(conversationId: string): boolean;
  isBusy(conversationId?: string): boolean;
  forgetContexts(conversationId?: string): void;
}

export interface ConversationServiceOptions {
  store: Store;
  turns: RunningTurns;
  branches: Branches;
  /** Reads a conversation's vectors into memory for its next turn. */
  retriever: Pick<HybridRetriever, 'prepare'>;
  /** The engine is closing: nothing is readied any more. */
  closed: () => boolean;
}

export class ConversationService {
  constructor(private readonly options: ConversationServiceOptions) {}

  /** Temporary chats are not listed: the one open is shown while it is open. */
  list(input: ValidInput<'conversations.list'>): Conversation[] {
    return this.options.store.conversations.list({ ...input, withoutTemporary: true });
  }

  get(input: ValidInput<'conversations.get'>): Conversation {
    return this.options.store.conversations.get(input.conversationId);
  }

  /** The chat view asks for the messages when it opens a conversation: its next turn is readied once this answer is on its way. */
  messages(input: ValidInput<'conversations.messages'>): Message[] {
    const { store } = this.options;
    store.conversations.get(input.conversationId);
    setImmediate(() => this.prepareNextTurn(input.conversationId));
    return store.messages.list(input.conversationId, {
      ...(input.afterSeq !== undefined ? { afterSeq: input.afterSeq } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
    });
  }

  /**
   * Readies a just-opened conversation's next turn (its vectors, read into memory). Runs in
   * the background, so it never throws: a conversation deleted meanwhile, or an engine
   * closing, simply leaves nothing ready.
   */
  prepareNextTurn(conversationId: string): void {
    if (this.options.closed()) return;
    try {
      this.options.retriever.prepare(conversationId);
    } catch {
      // The next turn reads what it needs itself.
    }
  }

  rename(input: ValidInput<'conversations.rename'>): Conversation {
    return this.options.store.conversations.rename(input.conversationId, input.title);
  }

  setPinned(input: ValidInput<'conversations.setPinned'>): Conversation {
    return this.options.store.conversations.setPinned(input.conversationId, input.pinned);
  }

  setArchived(input: ValidInput<'conversations.setArchived'>): Conversation {
    return this.options.store.setArchived(input.conversationId, input.archived);
  }

  setCrossConversation(input: ValidInput<'conversations.setCrossConversation'>): Conversation {
    return this.options.store.conversations.updateSettings(input.conversationId, { crossConversation: input.enabled });
  }

  /** Stops a reply being written in it first; with `withMemories`, its memories go too. */
  delete(input: ValidInput<'conversations.delete'>): MethodOutputs['conversations.delete'] {
    const { store, turns } = this.options;
    turns.stop(input.conversationId);
    const { memoriesDeleted } = store.deleteConversation(input.conversationId, {
      withMemories: input.withMemories ?? false,
    });
    turns.forgetContexts(input.conversationId);
    return { deleted: true, memoriesDeleted };
  }

  memories(input: ValidInput<'conversations.memories'>): MethodOutputs['conversations.memories'] {
    const { store } = this.options;
    store.conversations.get(input.conversationId);
    return store.memories.fromConversation(input.conversationId);
  }

  keep(input: ValidInput<'conversations.keep'>): Conversation {
    return this.options.store.keepConversation(input.conversationId);
  }

  export(input: ValidInput<'conversations.export'>): MethodOutputs['conversations.export'] {
    return conversationExport(this.options.store, input.conversationId, input.format);
  }

  /** Refused while a reply is being written in its conversation. */
  branches(input: ValidInput<'conversations.branches'>): MethodOutputs['conversations.branches'] {
    return this.options.branches.points(input.conversationId);
  }

  showBranch(input: ValidInput<'conversations.showBranch'>): MethodOutputs['conversations.showBranch'] {
    return this.options.branches.show(input.messageId);
  }

  branchFrom(input: ValidInput<'conversations.branchFrom'>): MethodOutputs['conversations.branchFrom'] {
    return this.options.branches.branchFrom(input.messageId, input.into);
  }

  deleteMessage(input: ValidInput<'messages.delete'>): MethodOutputs['messages.delete'] {
    const { store, turns } = this.options;
    const message = store.messages.get(input.messageId);
    if (turns.isBusy(message.conversationId))
      throw new MnemoError(
        'INVALID_INPUT',
        'A reply is being written in this conversation; stop it or wait, then delete the message. Nothing was deleted.',
        { messageId: message.id },
      );
    store.deleteMessage(message.id);
    turns.forgetContexts(message.conversationId);
    return { deleted: true };
  }

  search(input: ValidInput<'search.messages'>): MethodOutputs['search.messages'] {
    return this.options.store.chunks.search(input.query, {
      limit: input.limit ?? 50,
      ...(input.includeArchived ? { includeArchived: true } : {}),
      ...(input.tagId ? { tagId: input.tagId } : {}),
    });
  }
}
