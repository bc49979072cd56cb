// Short notices at the bottom of the window, some with an action (Undo). They stay long
// enough to reach with the keyboard and pause while focused.
import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => Promise<void> | void };
}

interface ToastState {
  toasts: Toast[];
  show: (toast: Omit<Toast, 'id' | 'tone'> & { tone?: Toast['tone'] }, timeoutMs?: number) => number;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show: (toast, timeoutMs = 10_000) => {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, tone: toast.tone ?? 'info', id }].slice(-5) });
    if (timeoutMs > 0) setTimeout(() => get().dismiss(id), timeoutMs);
    return id;
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export function toastError(message: string): void {
  useToasts.getState().show({ message, tone: 'error' });
}
