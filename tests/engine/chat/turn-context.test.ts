// "Why this reply?": every reply keeps a compact record of the context it was answered with
// (ids, sections, tokens, scores, reasons; no text), readable after a restart and an import,
// gone with its reply or conversation. Reasons are plain words and call nothing relevant that
// is not. Real engine, real SQLite file, real Chroma, the test Ollama server over HTTP.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { fixedKey } from '../../../src/main/engine/keys';
import type { MethodName, MethodOutputs } from '../../../src/shared/contract';
import { contextReason } from '../../../src/shared/context-reasons';
import { startEngine, type EngineHarness } from '../../support/engine';

let harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses) await h.dispose();
  harnesses = [];
});

async function open(options: Parameters<typeof startEngine>[0] = {}) {
  const h = await startEngine({ ...options, engine: { keys: fixedKey(null), ...options.engine } });
  harnesses.push(h);
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<MethodOutputs[M]> => {
    const result = await new EngineApi(h.engine).dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as MethodOutputs[M];
  };
  return { h, call };
}

async function turn(h: EngineHarness, content: string, conversationId?: string) {
  const started = await h.engine.internals.chat.send({ content, ...(conversationId ? { conversationId } : {}) });
  return started.done;
}

/** Every file of the closed data folder that holds these bytes. */
function filesHolding(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(needle));
}

describe('the context of every reply is kept, without its text', () => {
  it('rebuilds any past reply’s context after a restart, with the same items, and keeps no text in the record', async () => {
    const { h, call } = await open();
    await h.engine.internals.memory.save(
      { content: 'I keep bees on the roof of the shed.', category: 'hobbies', source: 'user' },
      'user',
    );
    const first = await turn(h, 'My bees swarmed from the hive on the roof today.');
    const second = await turn(h, 'How do I calm an angry bee colony?', first.conversationId);
    const live = second.context!;

    const reopened = await h.reopen();
    const api = new EngineApi(reopened);
    const result = await api.dispatch('chat.turnContext', { messageId: second.assistantMessage.id });
    expect(result.ok).toBe(true);
    const view = (result as { ok: true; value: MethodOutputs['chat.turnContext'] }).value!;
    expect(view.messageId).toBe(second.assistantMessage.id);
    expect(view.context.budget).toEqual(live.budget);
    expect(view.context.items.map((i) => [i.section, i.text, i.tokens, i.reason])).toEqual(
      live.items.map((i) => [i.section, i.text, i.tokens, i.reason]),
    );
    expect(view.context.items.some((i) => i.gone)).toBe(false);
    // The first reply too, not only the last.
    const older = (await new EngineApi(reopened).dispatch('chat.turnContext', {
      messageId: first.assistantMessage.id,
    })) as { ok: true; value: MethodOutputs['chat.turnContext'] };
    expect(older.value?.context.items.find((i) => i.section === 'user')?.text).toBe(
      'My bees swarmed from the hive on the roof today.',
    );

    // The record holds ids and reasons, never the words of a message or a memory.
    const records = reopened.internals.store.db.prepare('SELECT record FROM turn_contexts').pluck().all() as string[];
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).not.toMatch(/bees|swarmed|colony|shed/);
      expect(record).not.toContain(reopened.internals.settings.get().systemPrompt.slice(0, 40));
    }
    void call;
  });

  it('shows what was deleted since as gone, and deleting a reply or its conversation deletes its record, on disk too', async () => {
    const { h, call } = await open();
    const first = await turn(h, 'The ferry to the island leaves at seven.');
    const second = await turn(h, 'When does the ferry leave?', first.conversationId);
    // The first exchange is in the second reply's prompt; delete the first question.
    await call('messages.delete', { messageId: first.userMessage.id });
    const view = await call('chat.turnContext', { messageId: second.assistantMessage.id });
    const deleted = view!.context.items.find((i) => i.source.messageId === first.userMessage.id);
    expect(deleted).toMatchObject({ gone: true, text: '' });

    await call('messages.delete', { messageId: second.assistantMessage.id });
    expect(await call('chat.turnContext', { messageId: second.assistantMessage.id })).toBeNull();
    const third = await turn(h, 'And the last boat back?', first.conversationId);
    expect(await call('chat.turnContext', { messageId: third.assistantMessage.id })).not.toBeNull();
    // On the bytes: a record's body (its budget's "bySection") is in the file while a record exists…
    await h.engine.close();
    expect(filesHolding(h.dataDir, '"bySection"').length).toBeGreaterThan(0);
    const { call: callAgain } = {
      call: async (m: MethodName, i: unknown) => new EngineApi(await h.reopen()).dispatch(m, i),
    };
    expect(await callAgain('conversations.delete', { conversationId: first.conversationId })).toMatchObject({
      ok: true,
    });
    expect(h.engine.internals.store.db.prepare('SELECT count(*) FROM turn_contexts').pluck().get()).toBe(0);
    // …and nowhere in the closed folder once its conversation is deleted.
    await h.engine.close();
    expect(filesHolding(h.dataDir, '"bySection"')).toEqual([]);
    await h.reopen();
  });

  it('travels with an export into a fresh profile', async () => {
    const source = await open();
    // Scripted first: the title request after a first exchange would take the script.
    source.h.ollama.scriptChat(
      {
        toolCalls: [
          {
            name: 'save_to_model_memory',
            arguments: { content: 'The user grows tomatoes.', category: 'garden', importance: 3 },
          },
        ],
      },
      { text: 'Nice balcony garden.' },
    );
    const withTool = await turn(source.h, 'Remember that I grow tomatoes.');
    const done = await turn(source.h, 'I planted tomatoes and basil on the balcony.', withTool.conversationId);
    const exported = await source.call('data.exportAll', { plain: true });

    const target = await open();
    await target.call('data.importAll', { json: exported.content });
    const view = await target.call('chat.turnContext', { messageId: done.assistantMessage.id });
    expect(view?.context.items.find((i) => i.section === 'user')?.text).toBe(
      'I planted tomatoes and basil on the balcony.',
    );
    // The tool note under the reply came along too.
    expect(await target.call('chat.toolUses', { conversationId: done.conversationId })).toEqual({
      [withTool.assistantMessage.id]: [{ name: 'save_to_model_memory', ok: true }],
    });
  });

  it('refuses an export whose reply context names a reply it does not hold', async () => {
    const source = await open();
    const done = await turn(source.h, 'A note about kayaks.');
    const file = JSON.parse((await source.call('data.exportAll', { plain: true })).content) as {
      turnContexts: { messageId: string }[];
    };
    file.turnContexts[0]!.messageId = done.userMessage.id.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    const target = await open();
    const result = await new EngineApi(target.h.engine).dispatch('data.importAll', { json: JSON.stringify(file) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('names a reply it does not contain') },
    });
  });
});

describe('reasons in plain words, with a relevance floor', () => {
  it('never shows a score or calls an unrelated memory or excerpt relevant', async () => {
    const { h, call } = await open();
    await h.engine.internals.memory.save(
      { content: 'My cat is called Pixel.', category: 'pets', source: 'user' },
      'user',
    );
    await h.engine.internals.memory.save(
      { content: 'I work night shifts at the hospital.', category: 'work', source: 'user' },
      'user',
    );
    const a = await turn(h, 'The quarterly tax return is due in April.');
    await h.engine.internals.indexer.flush();
    const done = await turn(h, 'What is the name of my cat?');
    const view = (await call('chat.turnContext', { messageId: done.assistantMessage.id }))!;
    // Reasons are codes with values the renderer words: no score, no stored text travels in them.
    for (const item of view.context.items) {
      expect(contextReason.parse(item.reason)).toEqual(item.reason);
      expect(JSON.stringify(item.reason)).not.toMatch(/\d\.\d|Pixel|tax|shifts/);
    }
    const memories = view.context.items.filter((i) => i.section === 'memory');
    expect(memories.find((m) => m.text === 'My cat is called Pixel.')?.reason).toMatchObject({
      code: 'memory',
      relevant: true,
    });
    const shifts = memories.find((m) => m.text === 'I work night shifts at the hospital.');
    expect(shifts?.reason).toEqual({ code: 'memory', relevant: false, close: false, words: false });
    const tax = view.context.items.find((i) => i.source.messageId === a.userMessage.id);
    if (tax) expect(tax.reason).toMatchObject({ close: false });
  });
});

describe('reasons as codes the renderer words', () => {
  it('reads a record kept before reasons had codes (English sentences) back as codes', async () => {
    const { h, call } = await open();
    const done = await turn(h, 'The garden gate squeaks.');
    const db = h.engine.internals.store.db;
    const kept = JSON.parse(
      db
        .prepare('SELECT record FROM turn_contexts WHERE message_id = ?')
        .pluck()
        .get(done.assistantMessage.id) as string,
    ) as { items: { section: string; reason: unknown }[] };
    const english: Record<string, string> = {
      system: 'Your system prompt, sent with every message.',
      user: 'Your message.',
      tools: 'Describes the 3 tools the model may use, sent with every message.',
    };
    for (const item of kept.items) item.reason = english[item.section] ?? 'A sentence no version wrote.';
    db.prepare('UPDATE turn_contexts SET record = ? WHERE message_id = ?').run(
      JSON.stringify(kept),
      done.assistantMessage.id,
    );
    const view = await call('chat.turnContext', { messageId: done.assistantMessage.id });
    const bySection = new Map(view!.context.items.map((i) => [i.section, i.reason]));
    expect(bySection.get('system')).toEqual({ code: 'system' });
    expect(bySection.get('user')).toEqual({ code: 'user' });
    for (const item of view!.context.items) expect(contextReason.safeParse(item.reason).success).toBe(true);
  });
});
