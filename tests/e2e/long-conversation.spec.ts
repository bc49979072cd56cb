import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Store } from '../../src/main/engine/store';
import { expect, screenshotDir, test } from './fixtures';

const LONG = 2000;
/** Short enough that sending does not first summarise the history, long enough to scroll. */
const SHORT = 40;
/** Well under the thousands of messages: only a window around the viewport is rendered. */
const MAX_RENDERED = 100;
/** How far a row measured after scrolling in may shift the view: far less than the reply grows. */
const ROW_SLACK_PX = 60;

/** One conversation of `count` messages; every tenth holds a code block, so row heights differ. */
function seedConversation(count: number) {
  return {
    write: (store: Store) => {
      const conversation = store.conversations.create({ title: 'A very long conversation' });
      for (let n = 1; n <= count; n += 1) {
        const role = n % 2 === 1 ? 'user' : 'assistant';
        const content =
          n % 10 === 0
            ? `Message ${n}: some code\n\n\`\`\`ts\nconst n: number = ${n};\nconsole.log(n);\n\`\`\``
            : `Message ${n}: ${role === 'user' ? 'a question' : 'an answer'}.`;
        store.messages.appendTurn({ conversationId: conversation.id, role, content });
      }
    },
  };
}

const rendered = (page: Page) => page.locator('[role="feed"] article');
const message = (page: Page, n: number) =>
  rendered(page).filter({ hasText: new RegExp(`^(You|Mnemo).*Message ${n}:`) });

async function openConversation(page: Page, url: string) {
  await page.goto(url);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('link', { name: 'A very long conversation' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A very long conversation');
}

test.describe('2000 messages', () => {
  test.use({ seed: seedConversation(LONG) });

  test('render as a window of rows, open at the end, and scroll to the first', async ({ page, mnemo }) => {
    await openConversation(page, mnemo.url);
    const last = message(page, LONG);
    await expect(last).toBeInViewport();
    await expect(last).toHaveAttribute('aria-setsize', String(LONG));
    await expect(last).toHaveAttribute('aria-posinset', String(LONG));
    const count = await rendered(page).count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(MAX_RENDERED);
    await expect(last.locator('code.hljs .hljs-keyword').first()).toHaveText('const');
    await page.screenshot({ path: join(screenshotDir, 'long-conversation-end.png'), fullPage: true });

    // Scrolling the list to the top brings the first message in, and still only a window.
    await page.locator('.messages').evaluate((list) => list.scrollTo({ top: 0 }));
    const first = message(page, 1);
    await expect(first).toBeInViewport();
    await expect(first).toHaveAttribute('aria-posinset', '1');
    await expect(last).toHaveCount(0);
    expect(await rendered(page).count()).toBeLessThan(MAX_RENDERED);
    await page.screenshot({ path: join(screenshotDir, 'long-conversation-top.png'), fullPage: true });

    // The keyboard moves through the feed message by message; End and Home reach either end.
    await first.focus();
    await page.keyboard.press('PageDown');
    await expect(message(page, 2)).toBeFocused();
    await page.keyboard.press('End');
    await expect(last).toBeFocused();
    await expect(last).toBeInViewport();
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
    await expect(first).toBeInViewport();
    expect(await rendered(page).count()).toBeLessThan(MAX_RENDERED);

    const scan = await new AxeBuilder({ page }).analyze();
    expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
  });
});

test.describe('a few screens of messages', () => {
  test.use({ seed: seedConversation(SHORT) });

  test('a streaming reply is followed at the end, and not once the reader scrolls up', async ({ page, mnemo }) => {
    const story = (label: string) =>
      Array.from({ length: 40 }, (_, i) => `${label} paragraph ${i + 1} goes on a little.`).join('\n\n');
    mnemo.ollama.onChat((request) => {
      const last = request.messages.at(-1)?.content ?? '';
      if (last.includes('long story')) return { text: story('First'), tokenDelayMs: 20 };
      if (last.includes('And another')) return { text: story('Second'), tokenDelayMs: 40 };
      return { text: 'Long' }; // the title
    });
    await openConversation(page, mnemo.url);
    await expect(message(page, SHORT)).toBeInViewport();

    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Tell me a long story.');
    await input.press('Enter');
    const first = page.getByTestId('message-assistant').last();
    // Far taller than the window by now, and its newest words are still in view.
    await expect(first).toContainText('First paragraph 30');
    await expect(first.getByText('First paragraph 30')).toBeInViewport();
    await expect(first).toHaveAttribute('data-status', 'complete');
    await expect(first.getByText('First paragraph 40')).toBeInViewport();

    await input.fill('And another.');
    await input.press('Enter');
    const second = page.getByTestId('message-assistant').last();
    await expect(second).toContainText('Second paragraph 3 ');
    const list = page.locator('.messages');
    await list.hover();
    await page.mouse.wheel(0, -1500);
    await expect
      .poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeGreaterThan(1000);
    const readingAt = await list.evaluate((el) => el.scrollTop);
    await expect(second).toContainText('Second paragraph 20');
    // The reader stays where they were (give or take a row measured as it scrolled in).
    expect(Math.abs((await list.evaluate((el) => el.scrollTop)) - readingAt)).toBeLessThan(ROW_SLACK_PX);
    await expect(second.getByText('Second paragraph 20')).not.toBeInViewport();
    await page.screenshot({ path: join(screenshotDir, 'chat-scrolled-up-while-streaming.png'), fullPage: true });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(second).toHaveAttribute('data-status', 'stopped');
  });
});
