// A temporary chat as a user meets it: it says what it is, offers no "Remember", is never
// listed or found in History, and is gone once the user leaves it, unless they keep it.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

// Eight axe scans and screenshots per look take a while on a busy machine.
test.setTimeout(180_000);

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;
const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
];

async function lookAt(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const scan = await new AxeBuilder({ page }).analyze();
      expect(
        scan.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${name} ${size.width}/${scheme}: ${v.id}`),
      ).toEqual([]);
      await page.screenshot({
        path: join(screenshotDir, `${name}-${size.width}x${size.height}-${scheme}.png`),
        fullPage: true,
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[1]!);
}

async function startTemporaryChat(page: Page, text: string) {
  await page.getByTestId('new-chat').click();
  await page.getByRole('checkbox', { name: 'Temporary chat' }).check();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Noted');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
}

async function searchHistory(page: Page, query: string) {
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill(query);
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByText(/^\d+ results?$/)).toBeVisible();
  return results.getByTestId('search-hit');
}

test('a temporary chat is not remembered, and is gone when the user leaves it', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages) ? { text: 'Bank PIN hint' } : { text: 'Noted, for this chat only.' },
  );
  await page.goto(mnemo.url);
  await startTemporaryChat(page, 'Secret: my bank PIN hint is "bluewhale"');

  const notice = page.getByRole('note', { name: 'Temporary chat' });
  await expect(notice).toContainText('deleted when you leave it');
  await expect(page.getByRole('button', { name: 'Remember this message' })).toHaveCount(0);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByTestId('conversation-link')).toHaveCount(1); // shown while open
  await expect(sidebar.getByTestId('conversation-link')).toContainText('temporary');
  await lookAt(page, 'temporary-chat');

  // Leaving it removes it: not in the list, not in History search.
  const hits = await searchHistory(page, 'bluewhale');
  await expect(hits).toHaveCount(0);
  await expect(page.getByTestId('toast').filter({ hasText: 'temporary chat was removed' })).toBeVisible();
  await expect(sidebar.getByTestId('conversation-link')).toHaveCount(0);
  await page.reload();
  await expect(
    page.getByRole('navigation', { name: 'Conversations' }).getByText('No conversations yet.'),
  ).toBeVisible();

  // A normal chat after it knows nothing of it.
  await page.getByTestId('new-chat').click();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('What is my bank PIN hint?');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Noted');
  await page.getByRole('button', { name: 'Context' }).click();
  const inspector = page.locator('#context-inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector).not.toContainText('bluewhale');
});

test('"Keep this chat" makes it an ordinary conversation, listed and searchable', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages) ? { text: 'Garden plans' } : { text: 'Noted, tomatoes it is.' },
  );
  await page.goto(mnemo.url);
  await startTemporaryChat(page, 'I will plant tomatoes along the fence.');
  await page.getByRole('button', { name: 'Keep this chat' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Kept' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Temporary chat' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remember this message' })).toHaveCount(1);
  await lookAt(page, 'temporary-chat-kept');

  const hits = await searchHistory(page, 'tomatoes');
  await expect(hits.first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByTestId('conversation-link')).toHaveCount(1);
});
