// Branches of the open conversations: where the shown path forks (for the ‹ n / m › switchers),
// and the two ways to move: show another version, or "Branch from here". The engine decides
// what is shown; this store asks it and hands the messages now shown to the chat store.
import type { BranchPoint } from '../../../shared/domain';
import { create } from 'zustand';
import { getBridge } from '../bridge';
import { useChat } from './chat-store';

interface BranchesState {
  /** By conversation: each forking message's id → its versions' ids, oldest first. */
  points: Record<string, Record<string, string[]>>;
  load: (conversationId: string) => Promise<void>;
  /** Shows the version `messageId` of a message (a ‹ › click). */
  show: (conversationId: string, messageId: string) => Promise<void>;
  /** "Branch from here"; resolves to the conversation that now continues from the message. */
  branchFrom: (conversationId: string, messageId: string, into: 'branch' | 'conversation') => Promise<string>;
}

const byMessage = (points: BranchPoint[]) => Object.fromEntries(points.map((p) => [p.messageId, p.siblingIds]));

export const useBranches = create<BranchesState>((set, get) => ({
  points: {},
  load: async (conversationId) => {
    const points = await getBridge().call('conversations.branches', { conversationId });
    set({ points: { ...get().points, [conversationId]: byMessage(points) } });
  },
  show: async (conversationId, messageId) => {
    const messages = await getBridge().call('conversations.showBranch', { messageId });
    useChat.getState().showMessages(conversationId, messages);
    await get().load(conversationId);
  },
  branchFrom: async (conversationId, messageId, into) => {
    const branched = await getBridge().call('conversations.branchFrom', { messageId, into });
    useChat.getState().showMessages(branched.conversationId, branched.messages);
    if (branched.conversationId === conversationId) await get().load(conversationId);
    return branched.conversationId;
  },
}));
