// The files attached to each draft (keyed like the drafts), and why the last ones were refused.
// Kept in memory only: a file is read again if the page reloads, rather than stored twice.
import { create } from 'zustand';
import { MAX_ATTACHMENTS } from '../../../shared/attachments';
import { t } from '../i18n';
import { readAttachment, type DraftAttachment } from '../lib/attach-files';

interface AttachmentsState {
  files: Record<string, DraftAttachment[]>;
  problems: Record<string, string[]>;
  /** Reads the files and adds those that can be attached; the others are listed as problems. */
  add: (key: string, files: readonly File[]) => Promise<void>;
  remove: (key: string, id: string) => void;
  clear: (key: string) => void;
  dismissProblems: (key: string) => void;
}

const NONE: DraftAttachment[] = [];
const NO_PROBLEMS: string[] = [];

export const attachmentSelectors = {
  files: (key: string) => (s: AttachmentsState) => s.files[key] ?? NONE,
  problems: (key: string) => (s: AttachmentsState) => s.problems[key] ?? NO_PROBLEMS,
};

export const useAttachments = create<AttachmentsState>((set, get) => ({
  files: {},
  problems: {},
  add: async (key, files) => {
    const read = await Promise.all(files.map(readAttachment));
    const current = get().files[key] ?? NONE;
    const accepted = read.flatMap((r) => (r.ok ? [r.attachment] : []));
    const problems = read.flatMap((r) => (r.ok ? [] : [r.reason]));
    const room = MAX_ATTACHMENTS - current.length;
    if (accepted.length > room) problems.push(t('attachments.tooMany', { max: MAX_ATTACHMENTS }));
    set({
      files: { ...get().files, [key]: [...current, ...accepted.slice(0, Math.max(0, room))] },
      problems: { ...get().problems, [key]: problems },
    });
  },
  remove: (key, id) => set({ files: { ...get().files, [key]: (get().files[key] ?? NONE).filter((f) => f.id !== id) } }),
  clear: (key) => set({ files: { ...get().files, [key]: NONE }, problems: { ...get().problems, [key]: NO_PROBLEMS } }),
  dismissProblems: (key) => set({ problems: { ...get().problems, [key]: NO_PROBLEMS } }),
}));
