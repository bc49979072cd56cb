// A damaged page met outside a turn and the indexer — by History search, here — is remembered:
// the session's close leaves no clean-close stamp, so the next start reads every page, finds the
// damage and offers recovery. Real engine, real encrypted SQLite file with a real damaged page,
// real Chroma, the test Ollama server.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../../src/main/engine/api';
import { dataPaths } from '../../../src/main/engine/engine';
import { markClosedCleanly, startupCheckKind } from '../../../src/main/engine/profile';
import { TestOllamaServer } from '../../../testkit/ollama-server';
import { expectAlive } from '../../support/faults';
import { openLikeAHost, profileWith, rootPageOf, zeroPage } from '../../support/profile-faults';

describe('damage met by a read outside turns (real engine, Chroma, test Ollama)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a History search that meets a damaged page is refused with a typed error; the next start checks every page and offers recovery', async () => {
    const ollama = new TestOllamaServer();
    cleanups.push(() => ollama.stop());
    const { dir } = await profileWith(6, ollama, cleanups);
    const paths = dataPaths(dir);
    // The disk damages the keyword index's root page after a clean close, with no write the
    // clean-close stamp could see (bit rot): the light start-up check does not read that page.
    zeroPage(dir, rootPageOf(dir, 'chunks_fts_data'));
    markClosedCleanly(paths);
    expect(startupCheckKind(paths)).toBe('light');

    const host = await openLikeAHost(dir, ollama, cleanups);
    expect(host.problem).toBeNull();
    const api = host.api() as EngineApi;
    const searched = await api.dispatch('search.messages', { query: 'drawer' });
    expect(searched).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    if (!searched.ok) expect(searched.error.message).not.toMatch(/malformed|SQLITE/i);
    await expectAlive(api);
    await host.engine()!.close();

    // Before: the close stamped the file as clean, the next start read only the table list and opened it.
    expect(startupCheckKind(paths)).toBe('every-page');
    const next = await openLikeAHost(dir, ollama, cleanups);
    expect(next.problem).toMatchObject({ reason: 'damaged' });
    expect(next.problem!.actions).toContain('recover-readable');
  });
});
