// Whether the engine could open the profile. Asked once at start: an open profile shows the
// app; one the engine reported as damaged or lost shows the start-up problem screen, whose
// choice is carried out by the engine, after which the page reloads into the app.
import { create } from 'zustand';
import type { ProfileProblem, RecoveryAction } from '../../../shared/profile';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';

interface ProfileState {
  phase: 'checking' | 'open' | 'problem';
  problem: ProfileProblem | null;
  /** The action being carried out, while it runs. */
  working: RecoveryAction | null;
  error: string | null;
  check: () => Promise<void>;
  recover: (
    action: RecoveryAction,
    choice?: { backup?: string | undefined; passphrase?: string | undefined },
  ) => Promise<void>;
}

export const useProfile = create<ProfileState>((set, get) => ({
  phase: 'checking',
  problem: null,
  working: null,
  error: null,
  check: async () => {
    try {
      const problem = await getBridge().call('profile.problem', {});
      set({ phase: problem ? 'problem' : 'open', problem });
    } catch {
      // No answer at all: the app's own views say what is wrong with the connection.
      set({ phase: 'open', problem: null });
    }
  },
  recover: async (action, { backup, passphrase } = {}) => {
    if (get().working) return;
    set({ working: action, error: null });
    try {
      await getBridge().call('profile.recover', {
        action,
        ...(backup ? { backup } : {}),
        ...(passphrase ? { passphrase } : {}),
      });
      window.location.reload();
    } catch (error) {
      set({ working: null, error: errorMessage(error) });
      await get().check();
    }
  },
}));
