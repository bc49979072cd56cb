// Tags through the contract, on a real engine (SQLite file, Chroma, the test Ollama over HTTP):
// tag, reuse a name whatever its case, filter the list and search by tag, rename (and merge),
// take off, delete everywhere; bad names get clear typed errors; exports carry tags and an
// export made before tags still imports.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_CONVERSATION } from '../../../src/shared/tags';
import { contract } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

describe('tags on conversations (contract, real engine)', () => {
  const harnesses: EngineHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.dispose();
  });
  const start = async () => {
    const h = await startEngine();
    harnesses.push(h);
    return { h, api: contract(h.engine) };
  };
  const chat = (h: EngineHarness, title: string, text: string) => {
    const c = h.engine.internals.store.conversations.create({ title });
    h.engine.internals.store.messages.appendTurn({ conversationId: c.id, role: 'user', content: text });
    return c.id;
  };

  it('tags conversations, filters the list and search by tag, renames, merges, removes and deletes', async () => {
    const { h, api } = await start();
    const trip = chat(h, 'Trip', 'the ferry leaves at nine');
    const budget = chat(h, 'Budget', 'the ferry costs forty');
    const other = chat(h, 'Other', 'the ferry is late');

    const added = await api.call('tags.add', { conversationId: trip, name: 'Travel' });
    expect(added.tags.map((t) => t.name)).toEqual(['Travel']);
    // The same tag whatever the case or spacing; tagging twice changes nothing.
    const again = await api.call('tags.add', { conversationId: budget, name: '  travel ' });
    expect(again.tag).toEqual(added.tag);
    await api.call('tags.add', { conversationId: budget, name: 'travel' });
    await api.call('tags.add', { conversationId: budget, name: 'Money' });

    const overview = await api.call('tags.list', {});
    expect(overview.tags.map((t) => [t.name, t.conversationCount])).toEqual([
      ['Money', 1],
      ['Travel', 2],
    ]);
    const money = overview.tags.find((t) => t.name === 'Money')!;
    expect(overview.assignments).toEqual(
      expect.arrayContaining([
        { conversationId: trip, tagIds: [added.tag.id] },
        { conversationId: budget, tagIds: [added.tag.id, money.id] },
      ]),
    );
    expect(overview.assignments).toHaveLength(2);

    const tagged = await api.call('conversations.list', { tagId: added.tag.id });
    expect(tagged.map((c) => c.id).sort()).toEqual([trip, budget].sort());
    expect((await api.call('conversations.list', {})).map((c) => c.id)).toContain(other);
    const hits = await api.call('search.messages', { query: 'ferry', tagId: money.id });
    expect(hits.map((hit) => hit.conversationId)).toEqual([budget]);
    expect(await api.call('search.messages', { query: 'ferry' })).toHaveLength(3);

    // Rename everywhere; renaming to another tag's name merges the two into that one.
    expect(await api.call('tags.rename', { tagId: added.tag.id, name: 'Trips' })).toEqual({
      id: added.tag.id,
      name: 'Trips',
    });
    const merged = await api.call('tags.rename', { tagId: money.id, name: 'TRIPS' });
    expect(merged.id).toBe(added.tag.id);
    expect((await api.call('tags.list', {})).tags.map((t) => [t.name, t.conversationCount])).toEqual([['Trips', 2]]);

    // Taken off its last conversation, a tag goes.
    await api.call('tags.remove', { conversationId: trip, tagId: added.tag.id });
    expect((await api.call('tags.list', {})).tags.map((t) => t.conversationCount)).toEqual([1]);
    await api.call('tags.remove', { conversationId: budget, tagId: added.tag.id });
    expect(await api.call('tags.list', {})).toEqual({ tags: [], assignments: [] });

    // Deleting a tag takes it off every conversation; the conversations stay.
    const late = await api.call('tags.add', { conversationId: trip, name: 'later' });
    await api.call('tags.add', { conversationId: other, name: 'Later' });
    expect(await api.call('tags.delete', { tagId: late.tag.id })).toEqual({ deleted: true });
    expect(await api.call('tags.list', {})).toEqual({ tags: [], assignments: [] });
    expect(await api.call('conversations.list', {})).toHaveLength(3);

    // Deleting a conversation takes its links; its tag goes when no other carries it.
    await api.call('tags.add', { conversationId: other, name: 'solo' });
    await api.call('tags.add', { conversationId: trip, name: 'shared' });
    await api.call('tags.add', { conversationId: other, name: 'shared' });
    await api.call('conversations.delete', { conversationId: other });
    expect((await api.call('tags.list', {})).tags.map((t) => [t.name, t.conversationCount])).toEqual([['shared', 1]]);
  }, 60_000);

  it('refuses bad names, too many tags and what does not exist with clear typed errors, changing nothing', async () => {
    const { h, api } = await start();
    const id = chat(h, 'Trip', 'hello');
    const errors = [];
    for (const name of ['', '   ', 'x'.repeat(41), 'two\nlines', 'tab\there', 'bell\u0007']) {
      const error = await api.fail('tags.add', { conversationId: id, name });
      errors.push([error.code, error.message]);
    }
    expect(errors).toEqual([
      ['INVALID_INPUT', expect.stringContaining('A tag needs a name.')],
      ['INVALID_INPUT', expect.stringContaining('A tag needs a name.')],
      ['INVALID_INPUT', expect.stringContaining('A tag is at most 40 characters.')],
      ['INVALID_INPUT', expect.stringContaining('control characters or line breaks')],
      ['INVALID_INPUT', expect.stringContaining('control characters or line breaks')],
      ['INVALID_INPUT', expect.stringContaining('control characters or line breaks')],
    ]);
    expect(await api.call('tags.list', {})).toEqual({ tags: [], assignments: [] });

    for (let i = 0; i < MAX_TAGS_PER_CONVERSATION; i += 1)
      await api.call('tags.add', { conversationId: id, name: `t${i}` });
    const tooMany = await api.fail('tags.add', { conversationId: id, name: 'one more' });
    expect(tooMany).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('at most 20 tags') });
    // An existing tag of the conversation is no new one: adding it again is fine.
    await api.call('tags.add', { conversationId: id, name: 'T0' });
    expect((await api.call('tags.list', {})).tags).toHaveLength(MAX_TAGS_PER_CONVERSATION);

    expect(await api.fail('tags.add', { conversationId: 'nope', name: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.fail('tags.rename', { tagId: 'nope', name: 'x' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'That tag no longer exists.',
    });
    expect(await api.fail('tags.delete', { tagId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.fail('tags.remove', { conversationId: id, tagId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.fail('tags.rename', { tagId: 'nope', name: '' })).toMatchObject({ code: 'INVALID_INPUT' });
  }, 60_000);

  it('exports carry tags; importing one restores them; an export from before tags still imports', async () => {
    const { h, api } = await start();
    const trip = chat(h, 'Trip', 'ferry at nine');
    const plain = chat(h, 'Plain', 'nothing tagged');
    await api.call('tags.add', { conversationId: trip, name: 'Travel' });
    await api.call('tags.add', { conversationId: trip, name: 'Été 2026' });
    const exported = await api.call('data.exportAll', { plain: true });
    const file = JSON.parse(exported.content) as { conversations: { id: string; tags?: string[] }[] };
    expect(file.conversations.find((c) => c.id === trip)?.tags).toEqual(['Travel', 'Été 2026']);
    expect(file.conversations.find((c) => c.id === plain)?.tags).toEqual([]);

    const { api: fresh } = await start();
    await fresh.call('data.importAll', { json: exported.content });
    const overview = await fresh.call('tags.list', {});
    expect(overview.tags.map((t) => t.name)).toEqual(['Été 2026', 'Travel']);
    expect(overview.assignments).toEqual([
      { conversationId: trip, tagIds: ['Travel', 'Été 2026'].map((n) => overview.tags.find((t) => t.name === n)!.id) },
    ]);

    // The same file without any `tags` field (as exports were before schema 12).
    for (const c of file.conversations) delete c.tags;
    const { api: older } = await start();
    const counts = await older.call('data.importAll', { json: JSON.stringify(file) });
    expect(counts.conversations).toBe(2);
    expect(await older.call('tags.list', {})).toEqual({ tags: [], assignments: [] });

    // A tag no name rule allows is refused with the rest of the file, clearly.
    file.conversations[0]!.tags = ['bad\nname'];
    const { api: strict } = await start();
    expect(await strict.fail('data.importAll', { json: JSON.stringify(file) })).toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await strict.call('conversations.list', {})).toEqual([]);
  }, 90_000);
});
