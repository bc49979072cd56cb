// Chats exported by ChatGPT, imported from Settings → Data as a user would: the page shows the
// import's progress, then what came in and what was left out, and the chats are in the sidebar.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, root, screenshotDir, test } from './fixtures';

async function axeClean(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const scan = await new AxeBuilder({ page }).analyze();
    expect(
      scan.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${name}/${scheme}: ${v.id}`),
    ).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A ChatGPT-shaped file large enough that its import is seen in progress. */
function manyChats(count: number): string {
  const text = 'The beekeeper checks the hives for swarm cells every week in May. '.repeat(40);
  return JSON.stringify(
    Array.from({ length: count }, (_, c) => ({
      id: `many-${c}`,
      title: `Beekeeping ${c}`,
      create_time: 1_700_000_000 + c,
      update_time: 1_700_000_000 + c,
      current_node: `m${c}b`,
      mapping: {
        [`m${c}a`]: {
          id: `m${c}a`,
          parent: null,
          children: [`m${c}b`],
          message: {
            author: { role: 'user' },
            content: { content_type: 'text', parts: [`${c} ${text}`] },
            create_time: 1_700_000_000 + c,
          },
        },
        [`m${c}b`]: {
          id: `m${c}b`,
          parent: `m${c}a`,
          children: [],
          message: {
            author: { role: 'assistant' },
            content: { content_type: 'text', parts: [text] },
            create_time: 1_700_000_001 + c,
          },
        },
      },
    })),
  );
}

test('a ChatGPT export imported from Settings shows its progress, then what came in and what was left out', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();

  const notice = page.getByTestId('data-notice');
  const sample = readFileSync(join(root, 'tests', 'fixtures', 'chatgpt-conversations.json'));
  await page
    .getByTestId('import-chats-file')
    .setInputFiles({ name: 'conversations.json', mimeType: 'application/json', buffer: sample });
  await expect(notice).toHaveText(
    'Imported 2 conversations (5 messages) from ChatGPT. Skipped conversations: 1 with no text. Left out 2 images, files or other parts that are not text. They are being added to search in the background.',
    { timeout: 60_000 },
  );
  await expect(page.getByText('Sourdough starter help').first()).toBeVisible();
  await notice.scrollIntoViewIfNeeded();
  await axeClean(page, 'import-chats-done');

  // A large file: the page shows how far the import has come.
  await page
    .getByTestId('import-chats-file')
    .setInputFiles({ name: 'conversations.json', mimeType: 'application/json', buffer: Buffer.from(manyChats(3000)) });
  await expect(notice).toContainText(/Importing… [\d,]+ (entries read|of [\d,]+ messages written)/);
  await notice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'import-chats-progress.png') });
  await expect(notice).toContainText('Imported 3,000 conversations (6,000 messages) from ChatGPT.', {
    timeout: 240_000,
  });

  // The same file again adds nothing, and says so.
  await page
    .getByTestId('import-chats-file')
    .setInputFiles({ name: 'conversations.json', mimeType: 'application/json', buffer: sample });
  await expect(notice).toContainText(
    'Imported 0 conversations (0 messages) from ChatGPT. Skipped conversations: 2 already imported before, 1 with no text.',
    { timeout: 60_000 },
  );
});
