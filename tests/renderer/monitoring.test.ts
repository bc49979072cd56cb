import { describe, expect, it } from 'vitest';
import { axisTime, formatBytes, formatMs, toMetricsFilter } from '../../src/renderer/src/lib/monitoring';

describe('monitoring view logic', () => {
  it('turns a choice into the engine’s filter: a range ends now, "all" has no start', () => {
    const now = Date.UTC(2026, 11, 6, 12);
    expect(toMetricsFilter({ conversationId: null, range: '24h' }, now)).toEqual({ from: now - 24 * 3_600_000 });
    expect(toMetricsFilter({ conversationId: 'c1', range: 'all' }, now)).toEqual({ conversationId: 'c1' });
  });

  it('writes figures for people', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(3.25)).toBe('3.3 ms');
    expect(formatMs(882)).toBe('882 ms');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(442 * 2 ** 20)).toBe('442 MB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GB');
  });

  it('labels axis times by the hour within a day, with the day beyond', () => {
    const at = new Date(2026, 11, 6, 7, 5).getTime();
    expect(axisTime(at, 3_600_000)).toBe('07:05');
    expect(axisTime(at, 3 * 24 * 3_600_000)).toBe('12-06 07:05');
  });
});
