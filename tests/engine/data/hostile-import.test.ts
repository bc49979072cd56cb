// Hostile and huge imports through the contract, on a real engine (SQLite file, Chroma sidecar,
// test Ollama server): a crafted file of millions of wrong records is refused at the first,
// in bounded memory; a large valid file is read and written in slices while other calls are
// answered, with progress events; an import file never chooses where messages are sent.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { chunkText } from '../../../src/main/engine/chunking';
import { IMPORT_PART_CHARS, MAX_IMPORT_CHARS, type Result } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';
import { syntheticExport } from '../../support/export-file';
import { answersPromptly } from '../../support/faults';

function expectOkList(listed: Result<unknown>): string[] {
  if (!listed.ok) throw new Error(listed.error.message);
  return (listed.value as { id: string }[]).map((c) => c.id).sort();
}

/** Samples the heap until stopped; returns how far it rose above where it started. */
function heapRise(): { stop: () => number } {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const sampler = setInterval(sample, 5);
  return {
    stop: () => {
      clearInterval(sampler);
      sample();
      return peak - before;
    },
  };
}

async function beginImport(api: EngineApi): Promise<string> {
  const begin = (await api.dispatch('data.importBegin', {})) as Result<{ importId: string }>;
  if (!begin.ok) throw new Error(begin.error.message);
  return begin.value.importId;
}

describe('hostile and huge imports (real engine)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('refuses a crafted file of two million wrong records at the first one, in bounded memory, and stays up', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const crafted = `{"format":"mnemo-export","version":1,"exportedAt":0,"schemaVersion":1,"conversations":[${Array.from({ length: 2_000_000 }, () => '{"id":"x"}').join(',')}],"messages":[],"summaries":[],"memories":[],"settings":{}}`;
    expect(crafted.length).toBeGreaterThan(22_000_000);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);

    const result = await api.dispatch('data.importAll', { json: crafted });
    clearInterval(sampler);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);

    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/conversations\.0\.title/),
        details: { path: ['conversations', '0', 'title'] },
      },
    });
    // Before: every record was parsed and checked, 7 issues each, and the process died at 4.5 GB.
    expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
    await expect(answersPromptly(api.dispatch('conversations.list', {}))).resolves.toEqual({ ok: true, value: [] });
  });

  it('imports a large file in slices: other calls are answered meanwhile, progress is reported, everything arrives', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const json = syntheticExport(30, 100);
    const progress: { phase: string; done: number; total: number }[] = [];
    h.engine.on('import-progress', (p) => progress.push(p));

    let finished = false;
    const importing = api.dispatch('data.importAll', { json }).finally(() => (finished = true));
    // Once writing has begun, another caller is answered while the import is still running.
    await expect.poll(() => progress.some((p) => p.phase === 'writing'), { timeout: 60_000, interval: 1 }).toBe(true);
    const other = await answersPromptly(api.dispatch('settings.get', {}));
    expect(other.ok).toBe(true);
    expect(finished).toBe(false);

    expect(await importing).toEqual({
      ok: true,
      value: { conversations: 30, messages: 3000, summaries: 0, memories: 0 },
    });
    expect(progress.filter((p) => p.phase === 'reading').length).toBeGreaterThan(1);
    const writing = progress.filter((p) => p.phase === 'writing');
    expect(writing.map((p) => p.done)).toEqual([...writing.map((p) => p.done)].sort((a, b) => a - b));
    expect(writing.at(-1)).toEqual({ phase: 'writing', done: 3000, total: 3000 });
    const messages = (await api.dispatch('conversations.messages', { conversationId: 'c29', limit: 1000 })) as Result<
      { content: string }[]
    >;
    expect(messages.ok && messages.value.length).toBe(100);
  });

  it('cuts very long imported messages in slices: a call made while they are cut is answered before they are written', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    // c0: one short message; c1: long messages (300k characters each), cut after c0 is written.
    const file = JSON.parse(syntheticExport(2, 3)) as { messages: { conversationId: string; content: string }[] };
    const long = (n: number) =>
      Array.from({ length: 80_000 }, (_, i) => `${['tide', 'gale', 'buoy', 'reef.'][(i * n) % 4]}`)
        .join(' ')
        .slice(0, 300_000);
    file.messages = file.messages.filter((m) => m.conversationId === 'c1' || m.content.startsWith('Turn 0 '));
    file.messages.forEach((m, i) => m.conversationId === 'c1' && (m.content = long(i + 1)));
    const longOnes = file.messages.filter((m) => m.conversationId === 'c1');
    expect(longOnes.map((m) => m.content.length)).toEqual([300_000, 300_000, 300_000]);

    // From the moment c0 is written, another client calls on every turn of the event loop.
    const answers: string[][] = [];
    let importing = true;
    const ask = () => {
      if (!importing) return;
      void api.dispatch('conversations.list', {}).then((listed) => answers.push(expectOkList(listed)));
      setImmediate(ask);
    };
    h.engine.on('import-progress', (p) => {
      if (p.phase === 'writing' && answers.length === 0 && p.done === 1) setImmediate(ask);
    });
    const result = await api.dispatch('data.importAll', { json: JSON.stringify(file) });
    importing = false;
    expect(result).toEqual({ ok: true, value: { conversations: 2, messages: 4, summaries: 0, memories: 0 } });
    // Calls were answered while c1's messages were being cut, before they were written. Cut in one
    // go inside the write, exactly one call got in (on the turn between c0 and c1).
    const beforeLongOnes = answers.filter((ids) => ids.join() === 'c0').length;
    expect(beforeLongOnes).toBeGreaterThan(3);
    expect(answers.at(-1)).toEqual(['c0', 'c1']);

    // Cut in slices, stored exactly as the one-go chunker cuts them.
    const chunkTokens = h.engine.internals.settings.get().chunkTokens;
    for (const m of h.engine.internals.store.messages.list('c1')) {
      const stored = h.engine.internals.store.chunks.forResponse(m.id);
      const expected = chunkText(m.content, { chunkTokens });
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.map((c) => c.text)).toEqual(expected.map((c) => c.text));
      expect(stored.map((c) => c.tokenCount)).toEqual(expected.map((c) => c.tokenCount));
      expect(h.engine.internals.store.chunks.reassemble('c1', m.id)).toBe(m.content);
    }
  });

  it('cuts very long imported summaries in slices: calls made while they are cut are answered before they are written', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const store = h.engine.internals.store;
    const long = (n: number) =>
      Array.from({ length: 80_000 }, (_, i) => `${['harbour', 'lamp', 'fog', 'log.'][(i * n) % 4]}`)
        .join(' ')
        .slice(0, 300_000);
    const summaries = [1, 2, 3].map((n) => ({
      id: `s1-${n}`,
      conversationId: 'c1',
      content: long(n),
      tokenCount: 0,
      firstSeq: 1,
      lastSeq: 2,
      trigger: 'overflow',
      model: null,
      supersededBy: null,
      createdAt: 1_700_000_000_100 + n,
      coveredMessageIds: ['m1-0', 'm1-1'],
    }));

    // From the moment c1's messages are written (the last 'writing' event), another client calls
    // on every turn of the event loop and notes how many of c1's summaries are there by then.
    const seen: number[] = [];
    let importing = true;
    let asking = false;
    const ask = () => {
      if (!importing) return;
      void api.dispatch('conversations.list', {}).then(() => seen.push(store.summaries.all('c1').length));
      setImmediate(ask);
    };
    h.engine.on('import-progress', (p) => {
      if (p.phase !== 'writing' || p.done < p.total || asking) return;
      asking = true;
      setImmediate(ask);
    });
    const result = await api.dispatch('data.importAll', { json: syntheticExport(2, 2, { summaries }) });
    importing = false;
    expect(result).toEqual({ ok: true, value: { conversations: 2, messages: 4, summaries: 3, memories: 0 } });
    // Answered while the summaries were cut; cut in one go inside the write, one call got in.
    expect(seen.filter((n) => n === 0).length).toBeGreaterThan(3);
    expect(store.summaries.all('c1')).toHaveLength(3);

    // Stored exactly as the one-go chunker cuts them, counted as their chunks are.
    const chunkTokens = h.engine.internals.settings.get().chunkTokens;
    for (const summary of store.summaries.all('c1')) {
      const stored = store.chunks.forResponse(summary.id);
      const expected = chunkText(summary.content, { chunkTokens });
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.map((c) => c.text)).toEqual(expected.map((c) => c.text));
      expect(summary.tokenCount).toBe(expected.reduce((sum, c) => sum + c.tokenCount, 0));
      expect(store.chunks.reassemble('c1', summary.id)).toBe(summary.content);
    }
  });

  it('takes a file in parts (begin, part, finish) and refuses a bad part at once, dropping that import', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const json = syntheticExport(3, 10);
    const begin = (await api.dispatch('data.importBegin', {})) as Result<{ importId: string }>;
    if (!begin.ok) throw new Error('begin failed');
    const { importId } = begin.value;
    // A second import while one is open is refused, so two files cannot interleave.
    expect(await api.dispatch('data.importBegin', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { reason: 'import-busy' } },
    });
    for (let at = 0; at < json.length; at += 1000) {
      expect(await api.dispatch('data.importPart', { importId, text: json.slice(at, at + 1000) })).toMatchObject({
        ok: true,
        value: { receivedChars: Math.min(json.length, at + 1000) },
      });
    }
    expect(await api.dispatch('data.importFinish', { importId })).toEqual({
      ok: true,
      value: { conversations: 3, messages: 30, summaries: 0, memories: 0 },
    });

    await h.dispose();
    h = await startEngine();
    const fresh = new EngineApi(h.engine);
    const next = (await fresh.dispatch('data.importBegin', {})) as Result<{ importId: string }>;
    if (!next.ok) throw new Error('begin failed');
    const bad = `{"format":"mnemo-export","version":1,"conversations":[{"id":"x"},`;
    expect(await fresh.dispatch('data.importPart', { importId: next.value.importId, text: bad })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await fresh.dispatch('data.importPart', { importId: next.value.importId, text: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(h.engine.internals.store.isEmpty()).toBe(true);
  });

  it('a summary that shares its id with a message is refused by name before anything is written (no SQLite text)', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const summary = {
      // The first message's id: the two would cut chunks with the same ids.
      id: 'm0-0',
      conversationId: 'c0',
      content: 'The keeper logs the weather twice a day.',
      tokenCount: 9,
      firstSeq: 1,
      lastSeq: 2,
      trigger: 'overflow',
      model: null,
      supersededBy: null,
      createdAt: 1_700_000_000_100,
      coveredMessageIds: ['m0-0', 'm0-1'],
    };
    const result = await api.dispatch('data.importAll', { json: syntheticExport(1, 4, { summaries: [summary] }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!result.ok) {
      expect(result.error.message).toMatch(/m0-0 appears twice/);
      expect(result.error.message).not.toMatch(/constraint|SQLITE/i);
    }
    expect(h.engine.internals.store.isEmpty()).toBe(true);
  });

  it('never takes the Ollama host from the file: the other settings come in, messages stay on this machine', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const hostBefore = h.engine.internals.settings.get().ollamaHost;
    const json = syntheticExport(1, 2, {
      settings: { 'user-settings': { ollamaHost: 'http://169.254.169.254/', chunkTokens: 321 } },
    });
    expect(await api.dispatch('data.importAll', { json })).toMatchObject({ ok: true });
    expect(h.engine.internals.settings.get()).toMatchObject({ ollamaHost: hostBefore, chunkTokens: 321 });
    expect(h.engine.internals.store.settings.get<Record<string, unknown>>('user-settings')).not.toHaveProperty(
      'ollamaHost',
    );
  });

  it('a file of nothing but blank space is refused past the size limit, in bounded memory, answering other calls meanwhile', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const importId = await beginImport(api);
    const blanks = ' '.repeat(IMPORT_PART_CHARS);
    const heap = heapRise();
    let refused: Result<unknown> | undefined;
    let sent = 0;
    while (!refused && sent <= MAX_IMPORT_CHARS) {
      const [part, other] = await Promise.all([
        api.dispatch('data.importPart', { importId, text: blanks }),
        answersPromptly(api.dispatch('conversations.list', {})),
      ]);
      expect(other).toEqual({ ok: true, value: [] });
      sent += blanks.length;
      if (!part.ok) refused = part;
      else expect(part.value).toEqual({ receivedChars: sent });
    }
    const rise = heap.stop();

    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/too large.*blank/),
        details: { limit: MAX_IMPORT_CHARS },
      },
    });
    expect(sent).toBeGreaterThan(MAX_IMPORT_CHARS);
    // Before, every blank was kept: 256 Mi characters held by the time the file was refused.
    expect(rise).toBeLessThan(64 * 1024 * 1024);
    expect(await api.dispatch('data.importPart', { importId, text: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(h.engine.internals.store.isEmpty()).toBe(true);
  });

  it.each([
    ['before the file', ''],
    ['after its opening brace', '{'],
  ])('100 MB of blank space %s is read on in bounded memory, and the export imports', async (_where, opening) => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const json = syntheticExport(2, 4);
    const importId = await beginImport(api);
    const blanks = ' '.repeat(IMPORT_PART_CHARS);
    const parts = [opening, ...Array.from({ length: 25 }, () => blanks), json.slice(opening.length)];
    const heap = heapRise();
    let received = 0;
    for (const text of parts.filter((p) => p.length > 0)) {
      const [part, other] = await Promise.all([
        api.dispatch('data.importPart', { importId, text }),
        answersPromptly(api.dispatch('settings.get', {})),
      ]);
      expect(other.ok).toBe(true);
      received += text.length;
      expect(part).toEqual({ ok: true, value: { receivedChars: received } });
    }
    const rise = heap.stop();
    expect(received).toBeGreaterThan(100 * 1024 * 1024);
    // Before, the blanks were held until the file's first character (or its kind) was known.
    expect(rise).toBeLessThan(64 * 1024 * 1024);
    expect(await api.dispatch('data.importFinish', { importId })).toEqual({
      ok: true,
      value: { conversations: 2, messages: 8, summaries: 0, memories: 0 },
    });
  });
});
