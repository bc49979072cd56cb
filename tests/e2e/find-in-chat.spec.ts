// Find in chat (Ctrl/Cmd+F) in a 10,000-message conversation: the count is the whole chat's,
// Enter and Shift+Enter move through the hits (wrapping), each hit's message is brought into
// the virtual list and painted as the current hit, and Escape closes and clears the paint.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Store } from '../../src/main/engine/store';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

const COUNT = 10_000;

/** Every thousandth message mentions the lighthouse; message 5000 twice (in bold once). */
function seedConversation() {
  return {
    write: (store: Store) => {
      const conversation = store.conversations.create({ title: 'Ten thousand messages' });
      for (let n = 1; n <= COUNT; n += 1) {
        const role = n % 2 === 1 ? 'user' : 'assistant';
        const content =
          n === 5000
            ? `Message ${n}: the Lighthouse again, the **lighthouse** keeper's log.`
            : n % 1000 === 0
              ? `Message ${n}: the lighthouse keeper waved.`
              : `Message ${n}: ${role === 'user' ? 'a question about the tides' : 'an answer about the tides'}.`;
        store.messages.appendTurn({ conversationId: conversation.id, role, content });
      }
    },
  };
}

/** What is painted as the current hit, and in which message. */
const currentHit = (page: Page) =>
  page.evaluate(() => {
    const ranges = [...(CSS.highlights.get('find-current') ?? [])] as Range[];
    const painted = CSS.highlights.get('find-hit')?.size ?? 0;
    const range = ranges[0];
    const article = range?.startContainer.parentElement?.closest('article');
    return {
      current: ranges.length,
      painted,
      text: range?.toString() ?? null,
      message: article?.textContent?.match(/Message (\d+):/)?.[1] ?? null,
    };
  });

test.use({ seed: seedConversation() });

test('finds across 10,000 messages, moves with Enter and Shift+Enter, shows the count, closes with Escape', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000);
  await page.goto(mnemo.url);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: 'Ten thousand messages' })
    .click();
  await expect(page.getByTestId('message-assistant').last()).toContainText(`Message ${COUNT}:`);

  await page.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find in this chat' });
  await expect(find).toBeFocused();
  await find.fill('lighthouse');
  const count = page.getByTestId('find-count');
  await expect(count).toHaveText('1 of 11');
  await expect.poll(() => currentHit(page)).toMatchObject({ current: 1, text: 'lighthouse', message: '1000' });
  await expect(page.locator('#find-in-chat')).toBeFocused();
  const messageOf = (n: number) =>
    page.locator('[role="feed"] article').filter({ hasText: new RegExp(`Message ${n}:`) });
  await expect(messageOf(1000)).toBeInViewport();

  await find.press('Enter');
  await expect(count).toHaveText('2 of 11');
  await expect.poll(() => currentHit(page)).toMatchObject({ message: '2000' });
  for (let i = 0; i < 3; i += 1) await find.press('Enter');
  // Message 5000 holds two hits, the second in bold: both are found, case aside.
  await expect(count).toHaveText('5 of 11');
  await expect.poll(() => currentHit(page)).toMatchObject({ message: '5000', text: 'Lighthouse' });
  await find.press('Enter');
  await expect(count).toHaveText('6 of 11');
  await expect.poll(() => currentHit(page)).toMatchObject({ message: '5000', text: 'lighthouse' });
  await expect(messageOf(5000)).toBeInViewport();
  await expect(messageOf(5000).locator('.markdown strong')).toHaveText('lighthouse');
  await screenshotAllWays(page, 'find-in-chat');
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);

  // Back past the first hit wraps to the last.
  for (let i = 0; i < 6; i += 1) await find.press('Shift+Enter');
  await expect(count).toHaveText('11 of 11');
  await expect.poll(() => currentHit(page)).toMatchObject({ message: '10000' });
  await expect(messageOf(COUNT)).toBeInViewport();

  await find.fill('no such words anywhere');
  await expect(count).toHaveText('No matches');

  await find.press('Escape');
  await expect(find).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect.poll(() => currentHit(page)).toMatchObject({ current: 0, painted: 0 });
});
