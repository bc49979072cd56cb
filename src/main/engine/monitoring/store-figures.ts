// The store at a glance: how much it holds, its size on disk, and how the indexer keeps up.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreFigures } from '../../../shared/monitoring';
import type { Store } from '../store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface StoreFigureSources {
  store: Store;
  paths: { database: string; chroma: string };
  now: () => number;
}

export function storeFigures({ store, paths, now }: StoreFigureSources): StoreFigures {
  const t = now();
  return {
    messages: store.messages.count(),
    chunks: store.chunks.count(),
    memories: store.memories.count(),
    pendingProposals: store.proposals.pendingCount(),
    sqliteBytes: fileBytes(paths.database) + fileBytes(`${paths.database}-wal`),
    vectorIndexBytes: folderBytes(paths.chroma),
    outboxBacklog: store.outbox.pendingCount(),
    indexedPerMinute: store.engineEvents.count('indexed', { from: t - HOUR }) / 60,
    chromaDownsToday: store.engineEvents.count('chroma-down', { from: t - DAY }),
    chromaRestartsToday: store.engineEvents.count('chroma-restart', { from: t - DAY }),
  };
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Sum of the files under `path`; a file removed while counting counts as nothing. */
function folderBytes(path: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += folderBytes(child);
    else if (entry.isFile()) total += fileBytes(child);
  }
  return total;
}
