// The start-up problem screen in browser mode: a profile whose database is damaged opens on
// the screen (not an empty app, not SQLite's words), which offers the ways out, and "Recover"
// brings the user into the app with the conversations that could be read.
import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect, screenshotDir, test } from './fixtures';

/** Keeps a sound copy as a backup, then zeroes one leaf page of the messages table. */
function damage(dataDir: string): void {
  const path = join(dataDir, 'mnemo.sqlite');
  mkdirSync(join(dataDir, 'backups'), { recursive: true });
  copyFileSync(path, join(dataDir, 'backups', 'mnemo-schema5-2026-12-01.sqlite'));
  const db = new Database(path, { readonly: true });
  const leaves = db
    .prepare(`SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' ORDER BY pageno`)
    .all() as { pageno: number }[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const page = leaves[Math.floor(leaves.length / 2)]!.pageno;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

test.use({
  seed: {
    write: (store) => {
      for (const [title, topic] of [
        ['Trip to Lisbon', 'the tram to Belém'],
        ['Sourdough starter', 'feeding the starter'],
        ['Garden plans', 'planting tomatoes'],
      ] as const) {
        const c = store.conversations.create({ title });
        for (let i = 0; i < 30; i++)
          store.messages.appendTurn({
            conversationId: c.id,
            role: i % 2 ? 'assistant' : 'user',
            content: `About ${topic}, note ${i}. `.repeat(12),
          });
      }
    },
    after: damage,
  },
});

test('a damaged database opens on the problem screen; "Recover" leads into the app with what could be read', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000); // four axe scans and a recovery on a shared 2-core machine
  await page.goto(mnemo.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your data needs attention before Mnemo can open it',
  );
  await expect(page.getByText(/malformed|SQLITE/i)).toBeHidden(); // SQLite's words only under "Technical details"
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([
    'Restore a backup',
    'Recover what can still be read',
    'Start with an empty profile',
  ]);

  for (const [width, height] of [
    [800, 600],
    [1920, 1080],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: join(screenshotDir, `startup-problem-${width}x${height}-${scheme}.png`),
        fullPage: true,
      });
      const accessibility = await new AxeBuilder({ page }).analyze();
      expect(accessibility.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
    }
  }

  await page.getByRole('button', { name: 'Recover', exact: true }).click();
  // The page reloads into the app, with the conversations whose rows could be read.
  await expect(page.getByRole('link', { name: 'Trip to Lisbon' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Garden plans' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /needs attention/ })).toBeHidden();
});
