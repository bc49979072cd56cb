// The Monitoring view: the chosen conversation and time range, the engine's overview for
// them, exports of the metrics and the diagnostics report.
import { create } from 'zustand';
import type { MonitoringOverview } from '../../../shared/monitoring';
import { getBridge } from '../bridge';
import { copyText, downloadText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { toMetricsFilter, type MonitoringChoice } from '../lib/monitoring';

interface MonitoringState {
  choice: MonitoringChoice;
  overview: MonitoringOverview | null;
  loading: boolean;
  error: string | null;
  /** What the last export or copy did, for a polite live region. */
  notice: string | null;
  load: () => Promise<void>;
  choose: (patch: Partial<MonitoringChoice>) => Promise<void>;
  exportMetrics: (format: 'csv' | 'json') => Promise<void>;
  copyDiagnostics: () => Promise<void>;
}

let loadSeq = 0;

/** What the Monitoring view shows (read with `useShallow`); actions come from `getState()`. */
export const monitoringSelectors = {
  view: (s: MonitoringState) => ({
    choice: s.choice,
    overview: s.overview,
    loading: s.loading,
    error: s.error,
    notice: s.notice,
  }),
};

export const useMonitoring = create<MonitoringState>((set, get) => ({
  choice: { conversationId: null, range: '7d' },
  overview: null,
  loading: false,
  error: null,
  notice: null,
  load: async () => {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const overview = await getBridge().call('metrics.overview', toMetricsFilter(get().choice, Date.now()));
      if (seq === loadSeq) set({ overview, error: null });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorMessage(error) });
    } finally {
      if (seq === loadSeq) set({ loading: false });
    }
  },
  choose: async (patch) => {
    set({ choice: { ...get().choice, ...patch } });
    await get().load();
  },
  exportMetrics: async (format) => {
    try {
      const file = await getBridge().call('metrics.export', { ...toMetricsFilter(get().choice, Date.now()), format });
      downloadText(file.filename, file.content, file.mimeType);
      set({ notice: `Saved ${file.filename}.` });
    } catch (error) {
      set({ notice: `Export failed: ${errorMessage(error)}` });
    }
  },
  copyDiagnostics: async () => {
    try {
      const { content } = await getBridge().call('metrics.diagnostics', {});
      await copyText(content);
      set({ notice: 'Diagnostics copied: versions, settings and the last 100 turns’ figures, no message text.' });
    } catch (error) {
      set({ notice: `Copying failed: ${errorMessage(error)}` });
    }
  },
}));
