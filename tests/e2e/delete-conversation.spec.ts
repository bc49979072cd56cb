import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

test.use({
  seed: {
    write: (store) => {
      const trip = store.conversations.create({ title: 'Trip to Porto' });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'user',
        content: 'Where can I see azulejo tiles in Porto?',
      });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'assistant',
        content: 'São Bento station has famous azulejo panels.',
      });
      const shop = store.conversations.create({ title: 'Tile shop' });
      store.messages.appendTurn({ conversationId: shop.id, role: 'user', content: 'Do you sell azulejo samples?' });
      store.messages.appendTurn({ conversationId: shop.id, role: 'assistant', content: 'Yes, by the piece.' });
    },
  },
});

/** Searches History and waits for the engine's answer (not the debounce or a stale list). */
async function searchHistory(page: Page, query: string) {
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill(query);
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByText(/^\d+ results?$/)).toBeVisible();
  return results.getByTestId('search-hit');
}

test('deleting a conversation asks first, then removes it from the list and from search', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByRole('link', { name: 'Trip to Porto' })).toBeVisible();

  const before = await searchHistory(page, 'azulejo');
  await expect(before.filter({ hasText: 'Trip to Porto' })).not.toHaveCount(0);
  await expect(before.filter({ hasText: 'Tile shop' })).not.toHaveCount(0);

  await page.getByRole('searchbox', { name: 'Search messages' }).fill('');
  const list = page.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('link', { name: 'Trip to Porto' })).toBeVisible();

  // Cancelling keeps it.
  await page.getByRole('button', { name: 'Delete Trip to Porto' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this conversation?' });
  await expect(dialog).toContainText('Trip to Porto');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByRole('link', { name: 'Trip to Porto' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete Trip to Porto' }).click();
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'delete-confirm.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Deleted “Trip to Porto”' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Trip to Porto' })).toHaveCount(0);
  await expect(list.getByRole('link', { name: 'Tile shop' })).toBeVisible();
  await expect(sidebar.getByRole('link', { name: 'Trip to Porto' })).toHaveCount(0);

  // A fresh page, so the answer comes from the engine and not from what this page dropped.
  await page.reload();
  const after = await searchHistory(page, 'azulejo');
  await expect(after.filter({ hasText: 'Tile shop' })).not.toHaveCount(0);
  await expect(after.filter({ hasText: 'Trip to Porto' })).toHaveCount(0);
  await expect(after.filter({ hasText: 'São Bento' })).toHaveCount(0);
  await expect(after.filter({ hasText: 'Porto' })).toHaveCount(0);
  await page.screenshot({ path: join(screenshotDir, 'delete-search-after.png'), fullPage: true });
});
