// Branching a conversation: showing another version of a message (the ‹ n / m › switch), and
// "Branch from here", which continues after a message either in a new branch of the same
// conversation or in a new conversation that starts as a copy of the path up to it. Never
// while a reply is being written there: the reply belongs to the path it started on.
import type { BranchPoint, Message } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { Store } from '../store';

export interface BranchesOptions {
  store: Store;
  /** A reply is being written in this conversation. */
  busy: (conversationId: string) => boolean;
}

export class Branches {
  constructor(private readonly options: BranchesOptions) {}

  /** Where the shown branch forks (see MessageTreeRepository.branchPoints). */
  points(conversationId: string): BranchPoint[] {
    this.options.store.conversations.get(conversationId);
    return this.options.store.tree.branchPoints(conversationId);
  }

  /** Shows the branch through `messageId` and returns the messages now shown. */
  show(messageId: string): Message[] {
    const { store } = this.options;
    this.ensureIdle(store.messages.get(messageId).conversationId);
    const conversationId = store.transaction(() => store.tree.select(messageId));
    return store.messages.list(conversationId);
  }

  /** "Branch from here", into a new branch of the same conversation or into a new conversation. */
  branchFrom(messageId: string, into: 'branch' | 'conversation'): { conversationId: string; messages: Message[] } {
    const { store } = this.options;
    const message = store.messages.get(messageId);
    this.ensureIdle(message.conversationId);
    const conversationId =
      into === 'branch' ? store.transaction(() => store.tree.branchAt(messageId)) : this.copyPath(message);
    return { conversationId, messages: store.messages.list(conversationId) };
  }

  /** A new conversation holding the path from the first message down to `last`, indexed like any other. */
  private copyPath(last: Message): string {
    const { store } = this.options;
    const source = store.conversations.get(last.conversationId);
    const id = store.transaction(() => {
      const copy = store.conversations.create({
        title: branchTitle(source.title),
        temporary: source.temporary,
        settings: source.settings,
      });
      for (const messageId of store.tree.ancestry(last.id)) {
        const m = store.messages.get(messageId);
        store.messages.appendTurn({
          conversationId: copy.id,
          role: m.role,
          content: m.content,
          status: m.status,
          model: m.model,
          error: m.error,
          createdAt: m.createdAt,
        });
      }
      return copy.id;
    });
    return id;
  }

  private ensureIdle(conversationId: string): void {
    if (this.options.busy(conversationId)) {
      throw new MnemoError('INVALID_INPUT', 'A reply is still being written in this conversation. Stop it first.', {
        conversationId,
      });
    }
  }
}

function branchTitle(title: string): string {
  return title ? `${title} (branch)` : 'Branch';
}
