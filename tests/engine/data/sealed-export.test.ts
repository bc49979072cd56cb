// "Export all data" encrypted with a passphrase: the file holds none of the profile's text,
// imports back equal with the passphrase, and is refused (nothing written) without it or with
// a wrong one. Plain JSON is there only when asked for by name, and then holds the text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutputs } from '../../../src/shared/contract';
import { EngineApi } from '../../../src/main/engine/api';
import { sealExport } from '../../../src/main/engine/data';
import { startEngine, type EngineHarness } from '../../support/engine';

const MARKER = 'lighthouse-keeper-93ad';

describe('encrypted export', () => {
  let source: EngineHarness;
  let target: EngineHarness;
  beforeEach(async () => {
    source = await startEngine();
    target = await startEngine();
    const c = source.engine.internals.store.conversations.create({ title: `Notes ${MARKER}` });
    source.engine.internals.store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: `The keeper's name is ${MARKER}.`,
    });
    await source.engine.internals.memory.save({ content: `Knows ${MARKER}`, source: 'user' }, 'user');
  });
  afterEach(async () => {
    await source.dispose();
    await target.dispose();
  });

  async function call<T>(harness: EngineHarness, method: string, input: unknown): Promise<T> {
    const result = await new EngineApi(harness.engine).dispatch(method, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as T;
  }

  it('holds no text, and imports back with its passphrase', async () => {
    const file = await call<MethodOutputs['data.exportAll']>(source, 'data.exportAll', {
      passphrase: 'tide tables 1887',
    });
    expect(file.filename).toMatch(/\.mnemo-encrypted\.json$/);
    expect(file.content).not.toContain(MARKER);
    expect(Buffer.from(file.content).includes(Buffer.from(MARKER, 'utf16le'))).toBe(false);
    expect(JSON.parse(file.content)).toMatchObject({
      format: 'mnemo-encrypted-export',
      version: 1,
      box: { kdf: 'scrypt' },
    });

    await expect(call(target, 'data.importAll', { json: file.content })).rejects.toMatchObject({
      code: 'PASSPHRASE_REQUIRED',
    });
    await expect(
      call(target, 'data.importAll', { json: file.content, passphrase: 'tide tables 1888' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(target.engine.internals.store.isEmpty()).toBe(true);

    const counts = await call<MethodOutputs['data.importAll']>(target, 'data.importAll', {
      json: file.content,
      passphrase: 'tide tables 1887',
    });
    expect(counts).toMatchObject({ conversations: 1, messages: 1, memories: 1 });
    expect(target.engine.internals.store.conversations.list()[0]?.title).toBe(`Notes ${MARKER}`);
  }, 60_000);

  it('in parts: held whole, opened at importFinish with its passphrase; a wrong one leaves the import open to try again', async () => {
    const file = await call<MethodOutputs['data.exportAll']>(source, 'data.exportAll', {
      passphrase: 'tide tables 1887',
    });
    const { importId } = await call<MethodOutputs['data.importBegin']>(target, 'data.importBegin', {});
    // Small parts: the first ones are shorter than what decides plain or encrypted.
    for (let at = 0; at < file.content.length; at += 97) {
      await call(target, 'data.importPart', { importId, text: file.content.slice(at, at + 97) });
    }
    await expect(call(target, 'data.importFinish', { importId })).rejects.toMatchObject({
      code: 'PASSPHRASE_REQUIRED',
    });
    await expect(call(target, 'data.importFinish', { importId, passphrase: 'tide tables 1888' })).rejects.toMatchObject(
      { code: 'WRONG_PASSPHRASE' },
    );
    expect(target.engine.internals.store.isEmpty()).toBe(true);
    const counts = await call<MethodOutputs['data.importFinish']>(target, 'data.importFinish', {
      importId,
      passphrase: 'tide tables 1887',
    });
    expect(counts).toMatchObject({ conversations: 1, messages: 1, memories: 1 });
    expect(target.engine.internals.store.conversations.list()[0]?.title).toBe(`Notes ${MARKER}`);
    await expect(call(target, 'data.importFinish', { importId, passphrase: 'tide tables 1887' })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
  }, 60_000);

  it('the opened text meets the plain reader: a bad entry inside an encrypted export is refused, nothing written', async () => {
    const plain = await call<MethodOutputs['data.exportAll']>(source, 'data.exportAll', { plain: true });
    const broken = JSON.parse(plain.content) as { messages: { role: string }[] };
    broken.messages[0]!.role = 'wizard';
    const sealed = sealExport(JSON.stringify(broken), 'tide tables 1887');
    await expect(
      call(target, 'data.importAll', { json: sealed, passphrase: 'tide tables 1887' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(target.engine.internals.store.isEmpty()).toBe(true);
  }, 60_000);

  it('a damaged encrypted export is refused and nothing is written', async () => {
    const file = await call<MethodOutputs['data.exportAll']>(source, 'data.exportAll', {
      passphrase: 'tide tables 1887',
    });
    const envelope = JSON.parse(file.content) as { box: { ciphertext: string } };
    const bytes = Buffer.from(envelope.box.ciphertext, 'base64');
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    envelope.box.ciphertext = bytes.toString('base64');
    await expect(
      call(target, 'data.importAll', { json: JSON.stringify(envelope), passphrase: 'tide tables 1887' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(
      call(target, 'data.importAll', { json: file.content.slice(0, -40), passphrase: 'tide tables 1887' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(target.engine.internals.store.isEmpty()).toBe(true);
  }, 60_000);

  it('plain JSON only when chosen by name (and then it is readable, by design); no choice is refused', async () => {
    await expect(call(source, 'data.exportAll', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call(source, 'data.exportAll', { passphrase: 'short' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const plain = await call<MethodOutputs['data.exportAll']>(source, 'data.exportAll', { plain: true });
    expect(plain.content).toContain(MARKER);
  }, 60_000);
});
