// Chats exported by ChatGPT (conversations.json) and Open WebUI, imported through the same
// streamed contract calls as a Mnemo export, on a real engine (SQLite file, Chroma sidecar,
// test Ollama server): the format is told from the file's structure, the active path of each
// conversation arrives with its title, times and every branch (the one last shown active), a second import adds nothing, empty chats and
// parts that are not text are skipped and counted, other files are refused clearly, and a
// ~50 MB file streams in parts while other calls are answered.
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { chunkText } from '../../../src/main/engine/chunking';
import { MAX_MESSAGE_CHARS } from '../../../src/main/engine/chat/message-input';
import { importedConversationId } from '../../../src/main/engine/data/chat-import';
import { IMPORT_PART_CHARS, type ImportCounts, type Result } from '../../../src/shared/contract';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';
import { tempDir } from '../../support/store';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures', name), 'utf8');

/** Sends text parts the way the Settings page does: begin, parts, finish. */
async function importParts(
  api: EngineApi,
  parts: AsyncIterable<string> | Iterable<string>,
): Promise<Result<ImportCounts>> {
  const begin = (await api.dispatch('data.importBegin', {})) as Result<{ importId: string }>;
  if (!begin.ok) return begin;
  const { importId } = begin.value;
  for await (const text of parts) {
    for (let at = 0; at < text.length; at += IMPORT_PART_CHARS) {
      const sent = await api.dispatch('data.importPart', { importId, text: text.slice(at, at + IMPORT_PART_CHARS) });
      if (!sent.ok) return sent;
    }
  }
  return (await api.dispatch('data.importFinish', { importId })) as Result<ImportCounts>;
}

describe('importing chats from ChatGPT and Open WebUI (real engine)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('imports a ChatGPT export: every branch (the one last shown active) with title and times, non-text parts and empty chats counted, indexed in the background', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    // A profile that already has a conversation: chats from another app are added to it.
    h.engine.internals.store.conversations.create({ title: 'Already here' });

    const result = await importParts(api, [fixture('chatgpt-conversations.json')]);

    expect(result).toEqual({
      ok: true,
      value: {
        conversations: 2,
        messages: 5,
        summaries: 0,
        memories: 0,
        from: 'chatgpt',
        skipped: { alreadyImported: 0, empty: 1, nonTextParts: 2, shortened: 0 },
      },
    });
    const id = importedConversationId({ format: 'chatgpt', sourceId: 'c0ffee00-0000-4000-8000-000000000001' });
    const sourdough = h.engine.internals.store.conversations.find(id)!;
    expect(sourdough).toMatchObject({
      title: 'Sourdough starter help',
      createdAt: 1_700_000_000_250,
      updatedAt: 1_700_000_300_500,
      archived: false,
      temporary: false,
    });
    const messages = h.engine.internals.store.messages.list(id);
    // current_node n4b is the active path (n4a, written before it, sits beside it); the system node and the image are left out.
    expect(messages.map((m) => [m.seq, m.role, m.content, m.createdAt])).toEqual([
      [1, 'user', 'My sourdough starter smells like nail polish. Is it dead?', 1_700_000_010_000],
      [2, 'assistant', 'No, it is hungry. That smell is acetone from a starving culture.', 1_700_000_020_000],
      [4, 'user', 'Here is a photo. How often should I feed it?', 1_700_000_200_000],
    ]);
    expect(messages.every((m) => m.status === 'complete')).toBe(true);
    // The other branch is kept beside it, a sibling under the same reply, with its own time.
    const all = h.engine.internals.store.messages.all(id);
    expect(all.map((m) => m.content)).toContain('Should I throw it away? (first try)');
    const firstTry = all.find((m) => m.content.startsWith('Should I throw'))!;
    expect(firstTry.parentId).toBe(messages[1]!.id);
    expect(messages[2]!.parentId).toBe(messages[1]!.id);
    expect(firstTry.createdAt).toBe(1_700_000_100_000);
    // The chat whose answer was only code: the question stays, the code part is counted as not text.
    const untimed = h.engine.internals.store.conversations.find(
      importedConversationId({ format: 'chatgpt', sourceId: 'c0ffee00-0000-4000-8000-000000000002' }),
    )!;
    expect(h.engine.internals.store.messages.list(untimed.id).map((m) => m.content)).toEqual([
      'What is the capital of Mongolia?',
    ]);
    // The empty one was not written.
    expect(
      h.engine.internals.store.conversations.find(
        importedConversationId({ format: 'chatgpt', sourceId: 'c0ffee00-0000-4000-8000-000000000003' }),
      ),
    ).toBeUndefined();

    // Searchable and indexed like any message.
    const found = (await api.dispatch('search.messages', { query: 'acetone' })) as Result<{ conversationId: string }[]>;
    expect(found.ok && found.value.map((hit) => hit.conversationId)).toEqual([id]);
    await h.engine.internals.indexer.flush();
    const counts = await indexCounts(h.engine);
    expect(counts.chroma.chunk).toBe(counts.sqlite.chunk);
    expect(counts.sqlite.chunk).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('importing the same file twice adds nothing', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    await importParts(api, [fixture('chatgpt-conversations.json')]);
    const before = {
      conversations: h.engine.internals.store.conversations.count(),
      chunks: h.engine.internals.store.chunks.count(),
    };

    const again = await importParts(api, [fixture('chatgpt-conversations.json')]);

    expect(again).toEqual({
      ok: true,
      value: {
        conversations: 0,
        messages: 0,
        summaries: 0,
        memories: 0,
        from: 'chatgpt',
        skipped: { alreadyImported: 2, empty: 1, nonTextParts: 2, shortened: 0 },
      },
    });
    expect({
      conversations: h.engine.internals.store.conversations.count(),
      chunks: h.engine.internals.store.chunks.count(),
    }).toEqual(before);
  }, 60_000);

  it('imports an Open WebUI export: every branch with the current one active, times in seconds, missing times filled in', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const beforeImport = Date.now();

    const result = await importParts(api, [fixture('open-webui-chats.json')]);

    expect(result).toEqual({
      ok: true,
      value: {
        conversations: 2,
        messages: 5,
        summaries: 0,
        memories: 0,
        from: 'open-webui',
        skipped: { alreadyImported: 0, empty: 1, nonTextParts: 1, shortened: 0 },
      },
    });
    const bike = h.engine.internals.store.conversations.find(
      importedConversationId({ format: 'open-webui', sourceId: 'owui-chat-0001' }),
    )!;
    expect(bike).toMatchObject({
      title: 'Packing for a bike tour',
      createdAt: 1_710_000_000_000,
      updatedAt: 1_710_000_500_000,
    });
    expect(h.engine.internals.store.messages.list(bike.id).map((m) => [m.role, m.content, m.createdAt])).toEqual([
      ['user', 'What should I pack for a three-day bike tour?', 1_710_000_010_000],
      ['assistant', 'Pack light: a multitool, two spare tubes, a rain jacket and chamois cream.', 1_710_000_030_000],
    ]);
    expect(h.engine.internals.store.messages.all(bike.id).map((m) => m.content)).toContain(
      'A repair kit, a spare tube, rain gear and a headlamp.',
    );
    // No time anywhere in the file: the moment of import, the same for the chat and its messages.
    const untimed = h.engine.internals.store.conversations.find(
      importedConversationId({ format: 'open-webui', sourceId: 'owui-chat-0002' }),
    )!;
    expect(untimed.createdAt).toBeGreaterThanOrEqual(beforeImport);
    const heron = h.engine.internals.store.messages.list(untimed.id);
    expect(heron.map((m) => m.content)).toEqual([
      'Describe this picture of a heron.',
      'A grey heron standing in shallow water.',
    ]);
    expect(heron.every((m) => m.createdAt === untimed.createdAt)).toBe(true);
    // Tags: Open WebUI 0.4+ in meta.tags ("Travel" is the same tag as "travel"), older ones in
    // chat.tags as { name }; a name no tag can have (a line break) is left out, not the chat.
    expect(h.engine.services.tags.list().tags.map((t) => [t.name, t.conversationCount])).toEqual([
      ['bike_tour', 1],
      ['Older format', 1],
      ['travel', 1],
    ]);
    expect(h.engine.internals.store.tags.forConversation(bike.id).map((t) => t.name)).toEqual(['travel', 'bike_tour']);
    expect(h.engine.internals.store.tags.forConversation(untimed.id).map((t) => t.name)).toEqual(['Older format']);
    // Importing again adds nothing, tags included.
    await importParts(api, [fixture('open-webui-chats.json')]);
    expect(h.engine.internals.store.tags.list().map((t) => t.conversationCount)).toEqual([1, 1, 1]);
  }, 60_000);

  it('refuses other JSON files clearly and writes nothing', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const cases = [
      JSON.stringify([{ name: 'a contact', phone: '123' }]),
      JSON.stringify([]),
      JSON.stringify([{ mapping: 'not a tree' }]),
      '[{"mapping":{}',
      'not json',
    ];
    const errors = [];
    for (const text of cases) {
      const result = await importParts(api, [text]);
      expect(result.ok).toBe(false);
      if (!result.ok) errors.push([result.error.code, result.error.message]);
    }
    expect(errors).toEqual([
      [
        'INVALID_INPUT',
        expect.stringMatching(
          /not a Mnemo export, a ChatGPT export \(conversations\.json\) or an Open WebUI chat export/,
        ),
      ],
      ['INVALID_INPUT', 'That file holds no conversations to import.'],
      ['INVALID_INPUT', expect.stringMatching(/^That ChatGPT export is damaged: conversation 1, mapping: /)],
      ['INVALID_INPUT', expect.stringMatching(/incomplete/)],
      ['INVALID_INPUT', expect.stringMatching(/not a Mnemo export|not JSON/)],
    ]);
    expect(h.engine.internals.store.conversations.count()).toBe(0);
  }, 60_000);

  it('holds an imported message to the length a sent one may have, as sending does, and counts it', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const file = JSON.parse(fixture('chatgpt-conversations.json')) as {
      mapping: Record<string, { message?: { content: { parts: unknown[] } } }>;
    }[];
    // The reply n3 grows past the cap: 1.2 M characters, a paragraph repeated.
    const paragraph = 'Feed it twice a day at room temperature, equal weights of flour and water. ';
    const long = paragraph.repeat(Math.ceil(1_200_000 / paragraph.length));
    file[0]!.mapping['n3']!.message!.content.parts = [long];

    const result = await importParts(api, [JSON.stringify(file)]);

    expect(result).toMatchObject({ ok: true, value: { conversations: 2, messages: 5, skipped: { shortened: 1 } } });
    const id = importedConversationId({ format: 'chatgpt', sourceId: 'c0ffee00-0000-4000-8000-000000000001' });
    const reply = h.engine.internals.store.messages.list(id).find((m) => m.role === 'assistant')!;
    expect(long.length).toBeGreaterThan(MAX_MESSAGE_CHARS);
    expect(reply.content).toBe(long.slice(0, MAX_MESSAGE_CHARS).trim());
    expect(h.engine.internals.store.chunks.reassemble(id, reply.id)).toBe(reply.content);
  });

  it('cuts very long messages in slices: a call made while they are cut is answered before they are written', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const long = (n: number) =>
      Array.from({ length: 80_000 }, (_, i) => ['tide', 'gale', 'buoy', 'reef.'][(i * n) % 4])
        .join(' ')
        .slice(0, 300_000);
    // The first chat is short; the second has three messages of 300k characters, cut after the first is written.
    const file = `[${chatGptConversation('short', ['Where is the lantern?'])},${chatGptConversation('long', [long(1), long(2), long(3)])}]`;
    // From the moment the short chat is written, another client calls on every turn of the event loop.
    const answers: string[][] = [];
    let importing = true;
    const ask = () => {
      if (!importing) return;
      void api.dispatch('conversations.list', {}).then((listed) => {
        if (listed.ok) answers.push((listed.value as { title: string }[]).map((c) => c.title).sort());
      });
      setImmediate(ask);
    };
    h.engine.on('import-progress', (p) => {
      if (p.phase === 'writing' && p.done === 1 && answers.length === 0) setImmediate(ask);
    });

    const result = await importParts(api, [file]);
    importing = false;
    expect(result).toMatchObject({ ok: true, value: { conversations: 2, messages: 4 } });
    // Calls were answered while the long messages were being cut, before they were written. Cut
    // in one go inside the write, exactly one call got in (on the turn between the two chats).
    expect(answers.filter((titles) => titles.join() === 'short').length).toBeGreaterThan(3);
    expect(answers.at(-1)).toEqual(['long', 'short']);
    const longId = importedConversationId({ format: 'chatgpt', sourceId: 'long' });
    const chunkTokens = h.engine.internals.settings.get().chunkTokens;
    for (const m of h.engine.internals.store.messages.list(longId)) {
      const stored = h.engine.internals.store.chunks.forResponse(m.id);
      expect(stored.length).toBeGreaterThan(10);
      expect(stored.map((c) => c.text)).toEqual(chunkText(m.content, { chunkTokens }).map((c) => c.text));
      expect(h.engine.internals.store.chunks.reassemble(longId, m.id)).toBe(m.content);
    }
  });

  it('streams a ~50 MB ChatGPT file from disk in parts, answering other calls meanwhile', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const dir = tempDir('mnemo-big-import-');
    try {
      const path = join(dir.path, 'conversations.json');
      const conversations = 640;
      writeFileSync(path, bigChatGptFile(conversations));
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(50 * 1024 * 1024);

      const progress: { phase: string; done: number }[] = [];
      h.engine.on('import-progress', (p) => progress.push(p));
      let finished = false;
      // The file is read from disk in 1 MiB pieces: the test never holds it as one string either.
      const importing = importParts(
        api,
        createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }),
      ).finally(() => (finished = true));
      // Waits on the import's own events, not a clock: beside a CPU-bound process it took over 5 min.
      await whileProgressing(
        () => progress.some((p) => p.phase === 'writing'),
        () => progress.length,
      );
      const other = await api.dispatch('conversations.list', {});
      expect(other.ok).toBe(true);
      expect(finished).toBe(false);

      await whileProgressing(
        () => finished,
        () => progress.length,
      );
      const result = await importing;
      expect(result).toMatchObject({
        ok: true,
        value: { conversations, messages: conversations * 28, from: 'chatgpt' },
      });
      expect(progress.filter((p) => p.phase === 'reading').length).toBeGreaterThan(50);
    } finally {
      dir.remove();
    }
    // A last-resort guard only: a stalled import fails in whileProgressing.
  }, 1_800_000);
});

/** Time without a new progress event after which an import counts as hung (a hang guard, not a speed check). */
const STALL_MS = 120_000;

/**
 * Resolves once `done()` holds; throws if `events()` stops growing for STALL_MS first. A slow
 * import on a busy machine keeps reporting progress and passes; a hung one fails.
 */
async function whileProgressing(done: () => boolean, events: () => number): Promise<void> {
  let seen = events();
  let quietSince = performance.now();
  while (!done()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (events() > seen) [seen, quietSince] = [events(), performance.now()];
    else if (performance.now() - quietSince > STALL_MS)
      throw new Error(`no import progress for ${STALL_MS / 1000} s: the import hangs`);
  }
}

/** A ChatGPT-shaped file: every conversation has an 8-message active path and a long regenerated branch beside it. */
function bigChatGptFile(conversations: number): string {
  const paragraph =
    'The orchard keeper prunes the apple trees in late winter, before the sap rises, and keeps the cuttings for grafting. ';
  const long = paragraph.repeat(25);
  const entries: string[] = [];
  for (let c = 0; c < conversations; c++) {
    const mapping: Record<string, unknown> = {};
    let parent: string | null = null;
    for (let i = 0; i < 8; i++) {
      const id = `c${c}n${i}`;
      mapping[id] = {
        id,
        parent,
        children: [],
        message: {
          author: { role: i % 2 ? 'assistant' : 'user' },
          content: { content_type: 'text', parts: [`${c}.${i} ${long}`] },
          create_time: 1_700_000_000 + c * 100 + i,
        },
      };
      if (parent) (mapping[parent] as { children: string[] }).children.push(id);
      parent = id;
    }
    // Alternate replies beside the last one: written too, off the active path.
    for (let b = 0; b < 20; b++) {
      const id = `c${c}alt${b}`;
      mapping[id] = {
        id,
        parent: `c${c}n6`,
        children: [],
        message: {
          author: { role: 'assistant' },
          content: { content_type: 'text', parts: [long] },
          create_time: 1_700_000_000,
        },
      };
    }
    entries.push(
      JSON.stringify({
        id: `big-${c}`,
        title: `Orchard ${c}`,
        create_time: 1_700_000_000 + c * 100,
        update_time: 1_700_000_000 + c * 100 + 8,
        current_node: `c${c}n7`,
        mapping,
      }),
    );
  }
  return `[${entries.join(',\n')}]`;
}

/** One ChatGPT conversation whose messages follow each other, user and assistant in turn. */
function chatGptConversation(id: string, texts: string[]): string {
  const mapping: Record<string, unknown> = {};
  texts.forEach((text, i) => {
    mapping[`${id}${i}`] = {
      id: `${id}${i}`,
      parent: i === 0 ? null : `${id}${i - 1}`,
      children: i + 1 < texts.length ? [`${id}${i + 1}`] : [],
      message: {
        author: { role: i % 2 ? 'assistant' : 'user' },
        content: { content_type: 'text', parts: [text] },
        create_time: 1_700_000_000 + i,
      },
    };
  });
  return JSON.stringify({
    id,
    title: id,
    create_time: 1_700_000_000,
    update_time: 1_700_000_000 + texts.length,
    current_node: `${id}${texts.length - 1}`,
    mapping,
  });
}
