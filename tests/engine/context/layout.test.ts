// Dates in excerpt headers: the UTC day of the time, whatever time of that day it is.
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../src/main/engine/context/layout';

describe('formatDate', () => {
  it('gives the UTC day, the same for every moment of it, on either side of midnight and of 1970', () => {
    const times = [
      Date.UTC(2025, 0, 6, 0, 0, 0),
      Date.UTC(2025, 0, 6, 23, 59, 59, 999),
      Date.UTC(2025, 0, 7),
      Date.UTC(2024, 1, 29, 12),
      -1,
      0,
      Date.UTC(1969, 6, 20, 20, 17),
    ];
    for (const ms of times) expect(formatDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    expect(formatDate(Date.UTC(2025, 0, 6, 23, 59))).toBe('2025-01-06');
    expect(formatDate(Date.UTC(2025, 0, 7, 0, 1))).toBe('2025-01-07');
  });
});
