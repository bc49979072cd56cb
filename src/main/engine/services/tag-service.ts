// Tags on conversations, as the sidebar, History and a conversation's menu use them. Names come
// validated by the contract (shared/tags.ts); what is left to decide is here: the conversation
// must exist, and each answer carries what the renderer shows next.
import type { MethodOutputs, ValidInput } from '../../../shared/contract';
import type { Store } from '../store';

export class TagService {
  constructor(private readonly store: Store) {}

  list(): MethodOutputs['tags.list'] {
    return { tags: this.store.tags.list(), assignments: this.store.tags.assignments() };
  }

  /** Tags a conversation (with an existing tag of that name, or a new one); returns its tags. */
  add(input: ValidInput<'tags.add'>): MethodOutputs['tags.add'] {
    const { store } = this;
    store.conversations.get(input.conversationId);
    const tag = store.tags.add(input.conversationId, input.name);
    return { tag, tags: store.tags.forConversation(input.conversationId) };
  }

  remove(input: ValidInput<'tags.remove'>): MethodOutputs['tags.remove'] {
    const { store } = this;
    store.conversations.get(input.conversationId);
    store.tags.remove(input.conversationId, input.tagId);
    return { tags: store.tags.forConversation(input.conversationId) };
  }

  rename(input: ValidInput<'tags.rename'>): MethodOutputs['tags.rename'] {
    return this.store.tags.rename(input.tagId, input.name);
  }

  delete(input: ValidInput<'tags.delete'>): MethodOutputs['tags.delete'] {
    this.store.tags.delete(input.tagId);
    return { deleted: true };
  }
}
