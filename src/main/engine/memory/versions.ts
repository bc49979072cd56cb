// A memory's values over time, read from its edit history: each value is valid from the
// change that set it until the change that replaced it. The current value has no end; the
// old ones are what excerpts from earlier chats may still state (see context/stale-excerpts.ts).
import type { Memory, MemoryHistoryEntry, MemoryVersion } from '../../../shared/domain';

export function memoryVersions(memory: Memory, history: readonly MemoryHistoryEntry[]): MemoryVersion[] {
  const versions: MemoryVersion[] = [];
  for (const entry of history) {
    const content = entry.after?.content;
    if (content === undefined || content === versions.at(-1)?.content) continue;
    const last = versions.at(-1);
    if (last) last.validTo = entry.at;
    versions.push({ content, validFrom: entry.at, validTo: null });
  }
  if (versions.length === 0) versions.push({ content: memory.content, validFrom: memory.createdAt, validTo: null });
  return versions;
}

/** The values a memory no longer holds, newest last. */
export function supersededValues(memory: Memory, history: readonly MemoryHistoryEntry[]): MemoryVersion[] {
  return memoryVersions(memory, history).filter((v) => v.validTo !== null && v.content !== memory.content);
}
