// What the model asks to remember goes through here: refused when it holds a secret, saved at
// once when the user chose "save at once", otherwise queued as a proposal the user approves
// (as it is or edited) or rejects in the Memory view. Pending proposals live in their own
// table, so nothing that reads memories (prompt, search, tools, index) can see them.
import type { MemoryProposal, ProposalOrigin } from '../../../shared/domain';
import type { MemorySaveMode } from '../config/settings';
import type { Store } from '../store';
import type { ModelMemory, SaveMemoryResult } from './model-memory';
import { guardMemoryText } from './secret-guard';
import { normalizeMemoryInput } from './validation';

export interface ModelSaveRequest {
  content: string;
  category?: string;
  importance?: number;
  origin: ProposalOrigin;
  /** The user message the fact came from. */
  sourceMessageId: string;
  /** The reply being written when the model asked (tool calls). */
  replyMessageId?: string | null;
}

export type ModelSaveOutcome =
  { kind: 'proposed'; proposal: MemoryProposal } | { kind: 'saved'; saved: SaveMemoryResult };

export interface ProposalEdit {
  content?: string;
  category?: string;
  importance?: number;
  confirmSecret?: boolean;
}

export class MemoryReviewQueue {
  constructor(
    private readonly options: {
      store: Store;
      memory: ModelMemory;
      mode: () => MemorySaveMode;
      /** Called after a proposal is queued or resolved. */
      onChange?: () => void;
    },
  ) {}

  /** A model-initiated save: SECRET_REFUSED for a secret, NOT_FOUND when its message is gone. */
  async fromModel(request: ModelSaveRequest): Promise<ModelSaveOutcome> {
    const { store, memory } = this.options;
    const clean = normalizeMemoryInput(request);
    guardMemoryText(clean.content, { actor: 'model' });
    const source = store.messages.get(request.sourceMessageId);
    // Facts the extraction pass found always wait for review: nobody asked to save them.
    if (this.options.mode() === 'auto' && request.origin === 'tool') {
      const saved = await memory.save(
        { ...clean, source: 'model', sourceMessageId: source.id, sourceConversationId: source.conversationId },
        'model',
      );
      return { kind: 'saved', saved };
    }
    const proposal = store.proposals.create({
      ...clean,
      origin: request.origin,
      sourceMessageId: source.id,
      replyMessageId: request.replyMessageId ?? null,
    });
    this.options.onChange?.();
    return { kind: 'proposed', proposal };
  }

  pending(): MemoryProposal[] {
    return this.options.store.proposals.listPending();
  }

  forConversation(conversationId: string): MemoryProposal[] {
    this.options.store.conversations.get(conversationId);
    return this.options.store.proposals.forConversation(conversationId);
  }

  /** Saves the proposal (edited if the user changed it) as a memory; the user decided, so the user is the actor. */
  async approve(id: string, edit: ProposalEdit = {}): Promise<{ proposal: MemoryProposal; saved: SaveMemoryResult }> {
    const { store, memory } = this.options;
    const proposal = store.proposals.pending(id);
    const saved = await memory.save(
      {
        content: edit.content ?? proposal.content,
        category: edit.category ?? proposal.category,
        importance: edit.importance ?? proposal.importance,
        source: 'model',
        sourceMessageId: proposal.sourceMessageId,
        sourceConversationId: proposal.conversationId,
        ...(edit.confirmSecret ? { confirmSecret: true } : {}),
      },
      'user',
    );
    const resolved = store.proposals.resolve(id, 'approved', saved.memory.id);
    this.options.onChange?.();
    return { proposal: resolved, saved };
  }

  reject(id: string): MemoryProposal {
    const { store } = this.options;
    store.proposals.pending(id);
    const resolved = store.proposals.resolve(id, 'rejected');
    this.options.onChange?.();
    return resolved;
  }
}
