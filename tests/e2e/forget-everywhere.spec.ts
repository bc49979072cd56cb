// "Forget this everywhere" as a user meets it: from a memory, the dialog lists every chat
// message, summary and memory that says the same thing; forgetting removes them from History
// search and the Memory view at once. Deleting a conversation offers its memories too.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

// Eight axe scans and screenshots per look take a while on a busy machine.
test.setTimeout(180_000);

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
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[1]!);
}

async function searchHistory(page: Page, query: string) {
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill(query);
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByText(/^\d+ results?$/)).toBeVisible();
  return results.getByTestId('search-hit');
}

test.use({
  seed: {
    write: (store) => {
      const allergies = store.conversations.create({ title: 'Allergies' });
      const said = store.messages.appendTurn({
        conversationId: allergies.id,
        role: 'user',
        content: 'My daughter Mia is allergic to peanuts.',
      });
      store.messages.appendTurn({
        conversationId: allergies.id,
        role: 'assistant',
        content: 'Thanks, I will keep that in mind.',
      });
      store.summaries.create({
        conversationId: allergies.id,
        content: 'The user said their daughter Mia is allergic to peanuts.',
        firstSeq: 1,
        lastSeq: 2,
        trigger: 'idle',
      });
      const party = store.conversations.create({ title: 'Party snacks' });
      store.messages.appendTurn({
        conversationId: party.id,
        role: 'user',
        content: 'Snacks for the party: remember Mia is allergic to peanuts.',
      });
      store.messages.appendTurn({
        conversationId: party.id,
        role: 'assistant',
        content: 'Fruit skewers and popcorn, then.',
      });
      const hiking = store.conversations.create({ title: 'Hiking' });
      const walk = store.messages.appendTurn({
        conversationId: hiking.id,
        role: 'user',
        content: 'I like hiking in the Alps in summer.',
      });
      store.messages.appendTurn({
        conversationId: hiking.id,
        role: 'assistant',
        content: 'The Alps are lovely in July.',
      });
      store.memories.create(
        {
          content: 'Mia is allergic to peanuts',
          category: 'family',
          importance: 5,
          source: 'promoted',
          sourceMessageId: said.id,
          sourceConversationId: allergies.id,
        },
        'user',
      );
      store.memories.create(
        {
          content: 'Enjoys hiking in the Alps',
          category: 'hobbies',
          importance: 3,
          source: 'promoted',
          sourceMessageId: walk.id,
          sourceConversationId: hiking.id,
        },
        'user',
      );
    },
  },
});

test('forgetting a memory everywhere removes every message, summary and memory that says it', async ({
  page,
  mnemo,
}) => {
  await page.goto(mnemo.url);
  await expect(await searchHistory(page, 'peanuts')).toHaveCount(3);

  await page.getByRole('link', { name: 'Memory', exact: true }).click();
  await page.getByRole('button', { name: /^Forget this everywhere: Mia is allergic/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget this everywhere?' });
  const items = dialog.getByRole('list', { name: 'What will be forgotten' }).getByRole('checkbox');
  await expect(items).toHaveCount(4);
  await expect(dialog).toContainText('Party snacks');
  await expect(dialog).toContainText('Summary');
  await expect(dialog).not.toContainText('Alps');
  await expect(dialog.getByRole('button', { name: 'Forget 4 items' })).toBeEnabled();
  await lookAt(page, 'forget-dialog');

  await dialog.getByRole('button', { name: 'Forget 4 items' }).click();
  await expect(
    page.getByTestId('toast').filter({ hasText: 'Forgotten: 2 messages, 1 summary, 1 memory.' }),
  ).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('memory-item')).toHaveCount(1);
  await expect(page.getByTestId('memory-item')).toContainText('Enjoys hiking in the Alps');
  await page.reload();
  await expect(await searchHistory(page, 'peanuts')).toHaveCount(0);
  await expect(await searchHistory(page, 'Alps')).not.toHaveCount(0);
});

test('deleting a conversation offers to delete the memories that came from it', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: 'Delete Hiking' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this conversation?' });
  const also = dialog.getByRole('checkbox', { name: 'Also delete the memory that came from it' });
  await expect(also).toBeVisible();
  await expect(also).not.toBeChecked();
  await also.check();
  await lookAt(page, 'delete-with-memories');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(
    page.getByTestId('toast').filter({ hasText: 'Deleted “Hiking”, with the memory that came from it.' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Memory', exact: true }).click();
  await expect(page.getByTestId('memory-item')).toHaveCount(1);
  await expect(page.getByTestId('memory-item')).toContainText('Mia is allergic to peanuts');
});
