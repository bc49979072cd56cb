// The review queue: memories the model proposed, waiting in the Memory view for the user to
// approve (as they are or edited) or reject. Approving may ask about a secret first.
import { create } from 'zustand';
import type { MemoryProposal } from '../../../shared/domain';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import { saveConfirmingSecrets } from '../lib/secret-confirm';
import { useToasts } from './toast-store';
import { t } from '../i18n';

export interface ProposalEdit {
  content: string;
  category: string;
  importance: number;
}

interface ProposalsState {
  pending: MemoryProposal[];
  error: string | null;
  load: () => Promise<void>;
  approve: (proposal: MemoryProposal, edit?: ProposalEdit) => Promise<boolean>;
  reject: (proposal: MemoryProposal) => Promise<void>;
}

export const useProposals = create<ProposalsState>((set, get) => ({
  pending: [],
  error: null,
  load: async () => {
    try {
      set({ pending: await getBridge().call('memory.proposals', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  approve: async (proposal, edit) => {
    try {
      const approved = await saveConfirmingSecrets((confirmSecret) =>
        getBridge().call('memory.approve', {
          proposalId: proposal.id,
          ...edit,
          ...(confirmSecret ? { confirmSecret } : {}),
        }),
      );
      if (!approved) return false;
      useToasts.getState().show(
        {
          message: approved.outcome === 'merged' ? t('memory.approvedMerged') : t('memory.approved'),
        },
        5_000,
      );
      await get().load();
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      await get().load();
      return false;
    }
  },
  reject: async (proposal) => {
    try {
      await getBridge().call('memory.reject', { proposalId: proposal.id });
      useToasts.getState().show({ message: t('memory.rejected') }, 5_000);
    } catch (error) {
      set({ error: errorMessage(error) });
    }
    await get().load();
  },
}));
