// The key's side of the one start-up problem screen in browser mode: started with the wrong
// passphrase (--passphrase-file), the page says so and asks for it; another wrong one is
// refused in plain words with nothing changed; the right one opens the app with its history.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chunkText, countTokens, DEFAULT_CHUNK_TOKENS } from '../../src/main/engine/chunking';
import { ProfileKeyring } from '../../src/main/engine/keys';
import { Store } from '../../src/main/engine/store';
import { expect, screenshotDir, test } from './fixtures';

const REAL_PASSPHRASE = 'the tram to Belém at noon';

/** Gives the seeded (plaintext) profile a passphrase-protected key and encrypts it with that key. */
function encryptWithPassphrase(dataDir: string): void {
  const databasePath = join(dataDir, 'mnemo.sqlite');
  // A cheap scrypt cost (kept in the key file) so the test does not wait on key stretching.
  const keyring = ProfileKeyring.unlock({
    keyPath: join(dataDir, 'mnemo.key'),
    databasePath,
    keychain: null,
    passphrase: REAL_PASSPHRASE,
    scrypt: { N: 2 ** 12, r: 8, p: 1 },
  });
  const deps = {
    now: Date.now,
    newId: randomUUID,
    chunk: (text: string) => chunkText(text, { chunkTokens: DEFAULT_CHUNK_TOKENS }),
    countTokens,
  };
  Store.open(databasePath, deps, { key: keyring.databaseKey }).close();
}

test.use({
  seed: {
    write: (store) => void store.conversations.create({ title: 'Trip to Lisbon' }),
    after: encryptWithPassphrase,
  },
  passphrase: 'not the passphrase at all',
});

test('a wrong passphrase opens on the problem screen, which takes the right one and leads into the app', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000); // four axe scans on a shared 2-core machine
  await page.goto(mnemo.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That passphrase did not unlock your data');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Enter your passphrase']); // no "start fresh" for a key problem
  const field = page.getByLabel('Passphrase', { exact: true });
  await field.fill('still not it');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('not the right one');
  await expect(field).toBeFocused();

  for (const [width, height] of [
    [800, 600],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: join(screenshotDir, `startup-wrong-passphrase-${width}x${height}-${scheme}.png`),
        fullPage: true,
      });
      const accessibility = await new AxeBuilder({ page }).analyze();
      expect(accessibility.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
    }
  }

  await field.fill(REAL_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('link', { name: 'Trip to Lisbon' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /passphrase/ })).toBeHidden();
});
