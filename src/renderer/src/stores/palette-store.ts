// Which of the app's keyboard dialogs is open (the command palette or the shortcuts help), and
// the memories the palette offers, fetched each time it opens so they are current.
import { create } from 'zustand';
import type { Memory } from '../../../shared/domain';
import { getBridge } from '../bridge';

export type AppDialog = 'palette' | 'help' | null;

interface PaletteState {
  open: AppDialog;
  memories: Memory[];
  show: (dialog: Exclude<AppDialog, null>) => void;
  close: () => void;
}

/** Enough to find any memory a person keeps by hand; the palette filters them in place. */
const PALETTE_MEMORIES = 500;

export const usePalette = create<PaletteState>((set) => ({
  open: null,
  memories: [],
  show: (dialog) => {
    set({ open: dialog });
    if (dialog === 'palette') {
      getBridge()
        .call('memory.list', { limit: PALETTE_MEMORIES })
        .then((memories) => set({ memories }))
        .catch(() => set({ memories: [] }));
    }
  },
  close: () => set({ open: null }),
}));
