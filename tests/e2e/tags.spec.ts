// Tags on conversations, as a user meets them: add tags in a chat's header (by keyboard, with
// the existing tags offered), see them as chips in the sidebar, filter the sidebar and History
// (search included) by a tag, rename it, take it off, delete it. The real renderer in Chromium,
// the real engine and Chroma, the test Ollama server.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

async function expectAxeClean(page: Page): Promise<void> {
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.html}`),
  ).toEqual([]);
}

test.use({
  seed: {
    write: (store) => {
      const chats = [
        ['Sourdough starter', 'Feed the starter before the ferry trip? No, every day.'],
        ['Budget for the trip', 'The ferry costs forty euros each way.'],
        ['Ferry times', 'When does the first ferry leave on Saturday?'],
      ] as const;
      for (const [title, text] of chats) {
        const c = store.conversations.create({ title });
        store.messages.appendTurn({ conversationId: c.id, role: 'user', content: text });
        store.messages.appendTurn({ conversationId: c.id, role: 'assistant', content: 'Noted.' });
        if (title === 'Budget for the trip') store.tags.add(c.id, 'Travel');
        if (title === 'Sourdough starter') store.tags.add(c.id, 'Baking');
      }
    },
  },
});

test('add tags to a chat, filter the sidebar and History by one, rename it, take it off and delete it', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000); // twelve screenshots, three accessibility scans
  await page.goto(mnemo.url);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const links = sidebar.getByTestId('conversation-link');
  await expect(links).toHaveCount(3);
  await expect(links.filter({ hasText: 'Budget for the trip' })).toContainText('Travel');

  // Add two tags by keyboard: the existing "Travel" (typed in another case), and a new one.
  await links.filter({ hasText: 'Ferry times' }).click();
  const editor = page.getByRole('group', { name: 'Tags of Ferry times' });
  await editor.getByRole('button', { name: 'Add tag' }).click();
  const input = editor.getByRole('combobox', { name: 'New tag' });
  await expect(input).toBeFocused();
  // The existing tags are offered as suggestions.
  await expect(page.locator(`datalist#${await input.getAttribute('list')} option`)).toHaveCount(2);
  await input.fill('travel');
  await input.press('Enter');
  await expect(editor.getByRole('list', { name: 'Tags' })).toHaveText('Travel');
  await expect(input).toBeFocused();
  await input.fill('Summer 2026');
  await input.press('Enter');
  await expect(editor.getByRole('listitem')).toHaveText(['Travel', 'Summer 2026']);
  await input.press('Escape');
  await expect(editor.getByRole('button', { name: 'Add tag' })).toBeFocused();
  await expect(links.filter({ hasText: 'Ferry times' }).getByTestId('tag-chips')).toHaveText('Tags: TravelSummer 2026');
  await screenshotAllWays(page, 'tags-chat');
  await expectAxeClean(page);

  // A bad name says why and adds nothing.
  await editor.getByRole('button', { name: 'Add tag' }).click();
  await input.fill('bell\u0007');
  await input.press('Enter');
  await expect(page.getByText(/control characters or line breaks/)).toBeVisible();
  await expect(editor.getByRole('listitem')).toHaveCount(2);
  await input.press('Escape');

  // The command palette filters by tag too.
  const filter = sidebar.getByRole('combobox', { name: 'Tag' });
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await palette.getByRole('combobox').fill('tag bak');
  await expect(palette.getByRole('option').first()).toContainText('Filter by tag: Baking');
  await page.keyboard.press('Enter');
  await expect(links).toHaveText([/Sourdough starter/]);
  await expect(filter.locator('option:checked')).toHaveText('Baking (1)');

  // Filter the sidebar by "Travel": the two chats that carry it.
  await filter.selectOption({ label: 'Travel (2)' });
  // (Their order is by last activity; the seeded chats may share a millisecond.)
  await expect(links).toHaveCount(2);
  await expect(links.filter({ hasText: 'Ferry times' })).toHaveCount(1);
  await expect(links.filter({ hasText: 'Budget for the trip' })).toHaveCount(1);
  await screenshotAllWays(page, 'tags-sidebar-filtered');

  // History shows the same filter; searching stays inside it.
  await page.getByRole('link', { name: 'History' }).click();
  const historyFilter = page.getByRole('main').getByRole('combobox', { name: 'Tag' });
  await expect(historyFilter).toHaveValue(await filter.inputValue());
  const rows = page.getByTestId('history-list').getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('ferry');
  await expect(page.getByTestId('search-hit')).toHaveCount(2);
  await historyFilter.selectOption({ label: 'Baking (1)' });
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-hit')).toContainText('Sourdough starter');
  await historyFilter.selectOption({ label: 'Travel (2)' });
  await expect(page.getByTestId('search-hit')).toHaveCount(2);
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('');
  await screenshotAllWays(page, 'tags-history-filtered');
  await expectAxeClean(page);

  // Rename "Travel" everywhere.
  await page.getByRole('button', { name: 'Rename the tag Travel' }).click();
  const rename = page.getByRole('textbox', { name: 'New name for the tag Travel' });
  await expect(rename).toBeFocused();
  await rename.fill('Trips');
  await rename.press('Enter');
  await expect(historyFilter.locator('option:checked')).toHaveText('Trips (2)');
  await expect(links.filter({ hasText: 'Budget for the trip' })).toContainText('Trips');
  await expect(rows.first()).toContainText('Trips');

  // Take it off "Ferry times" from the chat's header; focus stays on the next chip's button.
  await links.filter({ hasText: 'Ferry times' }).click();
  await editor.getByRole('button', { name: 'Remove tag Trips' }).click();
  await expect(editor.getByRole('listitem')).toHaveText(['Summer 2026']);
  await expect(editor.getByRole('button', { name: 'Remove tag Summer 2026' })).toBeFocused();
  await expect(links).toHaveText([/Budget for the trip/]);

  // Delete it everywhere, after a confirmation; the conversation stays, the filter resets.
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Delete the tag Trips' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('It is taken off the conversation that carries it. The conversation stays.');
  await dialog.getByRole('button', { name: 'Delete tag' }).click();
  await expect(historyFilter).toHaveValue('');
  await expect(rows).toHaveCount(3);
  await expect(historyFilter.locator('option')).toHaveText(['All conversations', 'Baking (1)', 'Summer 2026 (1)']);
  await expect(links).toHaveCount(3);
  await expect(links.filter({ hasText: 'Budget for the trip' }).getByTestId('tag-chips')).toHaveCount(0);
  await expectAxeClean(page);
});
