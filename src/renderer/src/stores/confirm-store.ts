// One question at a time, asked in the app's confirmation dialog and answered as a promise,
// so a store can ask ("This looks like a password. Save anyway?") in the middle of its work.
import { create } from 'zustand';

export interface Question {
  title: string;
  body: string;
  confirmLabel: string;
}

interface ConfirmState {
  question: Question | null;
  answer: ((yes: boolean) => void) | null;
  ask: (question: Question) => Promise<boolean>;
  reply: (yes: boolean) => void;
}

export const useConfirm = create<ConfirmState>((set, get) => ({
  question: null,
  answer: null,
  ask: (question) => {
    get().answer?.(false);
    return new Promise<boolean>((resolve) => set({ question, answer: resolve }));
  },
  reply: (yes) => {
    get().answer?.(yes);
    set({ question: null, answer: null });
  },
}));
