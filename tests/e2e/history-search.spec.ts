import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures';

const TURNS = 150;
/** The turn whose user message the search should find: far above where the chat opens. */
const TARGET_TURN = 20;

test.use({
  seed: {
    write: (store) => {
      const garden = store.conversations.create({ title: 'Garden notes' });
      for (let turn = 1; turn <= TURNS; turn += 1) {
        const question =
          turn === TARGET_TURN
            ? 'When should the quince tree be pruned?'
            : `Garden question ${turn}: how often should the tomatoes be watered?`;
        store.messages.appendTurn({ conversationId: garden.id, role: 'user', content: question });
        store.messages.appendTurn({
          conversationId: garden.id,
          role: 'assistant',
          content: `Garden answer ${turn}: water them in the morning.`,
        });
      }
      const kitchen = store.conversations.create({ title: 'Kitchen' });
      store.messages.appendTurn({
        conversationId: kitchen.id,
        role: 'user',
        content: 'A recipe for quince jam, please.',
      });
      store.messages.appendTurn({
        conversationId: kitchen.id,
        role: 'assistant',
        content: 'Simmer the fruit with sugar and lemon.',
      });
    },
  },
});

test('search across all conversations shows marked snippets and opens the chat at the hit', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('quince');

  const results = page.getByRole('region', { name: 'Search results' });
  const hits = results.getByTestId('search-hit');
  const gardenHit = hits.filter({ hasText: 'quince tree' });
  await expect(gardenHit).toHaveCount(1);
  await expect(hits.filter({ hasText: 'quince jam' })).toHaveCount(1); // from the other conversation too
  await expect(gardenHit).toContainText('Garden notes');
  await expect(gardenHit.locator('mark')).toHaveText(/^quince$/i);
  await page.screenshot({ path: join(screenshotDir, 'history-search.png'), fullPage: true });

  const href = await gardenHit.getAttribute('href');
  const messageId = decodeURIComponent(/^#\/chat\/[^/]+\/([^/]+)$/.exec(href ?? '')?.[1] ?? '');
  expect(messageId).not.toBe('');
  await gardenHit.click();

  await expect(page).toHaveURL(new RegExp(`#/chat/[^/]+/${messageId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Garden notes');
  const target = page.locator(`[id="message-${messageId}"]`);
  await expect(target).toContainText('When should the quince tree be pruned?');
  await expect(target).toHaveClass(/\bhighlighted\b/);
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
  // It was scrolled to: the end of the conversation, where a chat opens otherwise, is out of view.
  await expect(page.getByText(`Garden answer ${TURNS}:`)).not.toBeInViewport();
  await page.screenshot({ path: join(screenshotDir, 'history-search-opened.png'), fullPage: true });
});
