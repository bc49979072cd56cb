// Settings → Encryption through the contract: the status says what protects the key, and a
// changed passphrase is the one the next start needs (the old one no longer opens the data).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { ProfileKeyring } from '../../../src/main/engine/keys';
import { startEngine } from '../../support/engine';
import { tempDir } from '../../support/store';

describe('security API', () => {
  it('reports passphrase protection, changes the passphrase, and the next start needs the new one', async () => {
    const dir = tempDir();
    const unlock = (passphrase: string) =>
      ProfileKeyring.unlock({
        keyPath: join(dir.path, 'mnemo.key'),
        databasePath: join(dir.path, 'mnemo.sqlite'),
        keychain: null,
        passphrase,
        scrypt: { N: 2 ** 12, r: 8, p: 1 },
      });
    const h = await startEngine({ dataDir: dir.path, engine: { keys: unlock('first passphrase') } });
    try {
      const api = new EngineApi(h.engine);
      h.engine.internals.store.conversations.create({ title: 'kept across the change' });
      expect(await api.dispatch('security.status', {})).toEqual({
        ok: true,
        value: { encrypted: true, protection: 'passphrase', keychainAvailable: false, vectorIndexInMemory: false },
      });
      expect(await api.dispatch('security.setPassphrase', { passphrase: 'short' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(await api.dispatch('security.setPassphrase', { passphrase: 'second passphrase' })).toMatchObject({
        ok: true,
      });
      expect(await api.dispatch('security.removePassphrase', {})).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      await h.engine.close();

      expect(() => unlock('first passphrase')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
      const reopened = await h.reopen({ keys: unlock('second passphrase') });
      expect(reopened.internals.store.conversations.list().map((c) => c.title)).toEqual(['kept across the change']);
    } finally {
      await h.dispose({ keepData: true });
      dir.remove();
    }
  }, 120_000);
});
