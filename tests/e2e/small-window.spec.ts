// 800×600 and 1920×1080: the sidebar collapses (and stays collapsed after a reload), the
// inspector lies over the chat instead of squeezing it, nothing in the inspector is cut off,
// the model picker is whole, the status strip keeps to one line; on a wide screen the
// messages and the composer keep a reading width.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Axe scans and eight screenshots per view take a while on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });

test.use({
  seed: {
    write: (store) => {
      const trip = store.conversations.create({
        title: 'Planning a long walking trip through the Alentejo coast in spring',
      });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'user',
        content: 'Which stretch of the Rota Vicentina is quietest in April?',
      });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'assistant',
        content: 'The Fishermen’s Trail between Almograve and Zambujeira do Mar is quiet in early April.',
      });
    },
  },
});

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const scan = await new AxeBuilder({ page }).analyze();
    const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${what}/${colorScheme}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('at 800×600 the chat keeps its width: overlay inspector, whole model picker, one-line status strip', async ({
  page,
  mnemo,
}) => {
  mnemo.ollama.onChat(() => ({ text: 'Take a hat: the coast path has little shade.' }));
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(mnemo.url);
  await page.getByTestId('conversation-link').first().click();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('Anything else to bring?');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Take a hat');

  const strip = page.getByTestId('status-strip');
  await expect(strip).toContainText('Index up to date');
  expect((await box(strip)).height).toBeLessThan(40); // one line of 0.82rem text and its padding

  await page.getByRole('button', { name: 'Context' }).click();
  const inspector = page.getByTestId('context-inspector');
  await expect(inspector.getByRole('heading', { level: 3 }).first()).toBeVisible(); // the turn's sections are in
  const chat = page.locator('.chat-main');
  expect((await box(chat)).width).toBeGreaterThan(500); // side by side it was ~240 px
  const inspectorBox = await box(inspector);
  expect(inspectorBox.x).toBeLessThan((await box(chat)).x + (await box(chat)).width); // over the chat, not beside it
  expect(inspectorBox.x + inspectorBox.width).toBeLessThanOrEqual(800);

  // Nothing inside the inspector runs past its right edge (the tools' JSON used to).
  const overflowing = await inspector.evaluate((panel) => {
    const right = panel.getBoundingClientRect().right;
    return [...panel.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > right + 1)
      .map((el) => `${el.tagName}.${el.className}: ${el.textContent?.slice(0, 40)}`);
  });
  expect(overflowing).toEqual([]);
  await expectAxeClean(page, 'inspector overlay');
  await screenshotAllWays(page, 'small-window-inspector');
  await page.getByRole('button', { name: 'Close context inspector' }).click();

  // The model picker is whole, inside the chat column.
  const picker = page.getByTestId('model-picker');
  const pickerBox = await box(picker);
  const chatBox = await box(chat);
  expect(pickerBox.x + pickerBox.width).toBeLessThanOrEqual(chatBox.x + chatBox.width);
  expect(await picker.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
});

test('the sidebar collapses to a rail, stays collapsed after a reload, and opens again', async ({ page, mnemo }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(mnemo.url);
  const sidebar = page.getByTestId('sidebar');
  const expandedWidth = (await box(sidebar)).width;
  await page.getByRole('button', { name: 'Hide the sidebar' }).click();
  expect((await box(sidebar)).width).toBeLessThan(80);
  expect(expandedWidth).toBeGreaterThan(200);
  await expect(page.getByTestId('conversation-link')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'History', exact: true })).toBeVisible(); // the views stay one click away
  await expectAxeClean(page, 'collapsed sidebar');
  await screenshotAllWays(page, 'sidebar-collapsed');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Show the sidebar' })).toHaveAttribute('aria-expanded', 'false');
  expect((await box(sidebar)).width).toBeLessThan(80);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();

  await page.getByRole('button', { name: 'Show the sidebar' }).click();
  await expect(page.getByTestId('conversation-link')).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Hide the sidebar' })).toBeVisible();
  expect((await box(sidebar)).width).toBeGreaterThan(200);
});

test('at 1920×1080 the messages and the composer keep a reading width, centred', async ({ page, mnemo }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(mnemo.url);
  await page.getByTestId('conversation-link').first().click();
  await expect(page.getByTestId('message-assistant')).toContainText('Fishermen');
  const feed = await box(page.locator('.messages'));
  const user = await box(page.getByTestId('message-user'));
  const composer = await box(page.getByRole('form', { name: 'Write a message' }));
  expect(feed.width).toBeGreaterThan(1500);
  expect(composer.width).toBeLessThan(900);
  // Both centred in the chat column: the user's message ends where the column ends, not at the window's edge.
  expect(Math.abs(composer.x + composer.width / 2 - (feed.x + feed.width / 2))).toBeLessThan(20);
  expect(feed.x + feed.width - (user.x + user.width)).toBeGreaterThan(300);
  await expectAxeClean(page, 'wide chat');
  await screenshotAllWays(page, 'reading-width');
});
