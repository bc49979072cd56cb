// The memory list reads its store through one slice: loading a memory's details (each item
// reads its own by a selector of its own) must not render the whole list again, as the
// view's old whole-store `useMemory()` did on every change.
import { afterEach, describe, expect, it } from 'vitest';
import { shallow } from 'zustand/shallow';
import type { Memory } from '../../src/shared/domain';
import { memorySelectors, useMemory } from '../../src/renderer/src/stores/memory-store';

/** Whether the list, reading its slice through useShallow, would re-render across `change`. */
function listRerenders(change: () => void): boolean {
  const before = memorySelectors.list(useMemory.getState());
  change();
  return !shallow(before, memorySelectors.list(useMemory.getState()));
}

describe('memory list selector', () => {
  afterEach(() => useMemory.setState(useMemory.getInitialState(), true));

  it("a memory's details arriving leaves the list as it was", () => {
    const details = { provenance: null, history: [], versions: [], error: null };
    expect(listRerenders(() => useMemory.setState({ details: { 'm-1': details } }))).toBe(false);
  });

  it('what the list shows changing renders it again', () => {
    expect(listRerenders(() => useMemory.setState({ memories: [{ id: 'm-1' } as Memory] }))).toBe(true);
    expect(listRerenders(() => useMemory.setState({ loading: true }))).toBe(true);
  });
});
