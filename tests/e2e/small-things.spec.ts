// The small things a new user trips over (issue 21, item 10), each as they see it: counts in
// words, the pin as an icon with a spoken name, dates with times, a whole search placeholder,
// a rename that says why it refuses, memory sources in words, the Category field cleared,
// an identical re-import that changes nothing, commands shown as code, the missing model
// named, and a theme switch that is remembered.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEFAULT_MODELS } from '../../testkit/ollama-server';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Axe scans and eight screenshots per view take a while on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });

async function expectAxeClean(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const scan = await new AxeBuilder({ page }).analyze();
    const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${what}/${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('History and the sidebar', () => {
  test.use({
    seed: {
      write: (store) => {
        const c = store.conversations.create({ title: 'What to pack for Lisbon' });
        store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'What should I pack?' });
        store.conversations.setPinned(c.id, true);
      },
    },
  });

  test('one conversation in words, the pin as a named icon, date and time, whole placeholder, rename refusing an empty title', async ({
    page,
    mnemo,
  }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(mnemo.url);
    const pinned = page.getByRole('link', { name: 'Pinned: What to pack for Lisbon', exact: true });
    await expect(pinned).toBeVisible();
    await expect(pinned.locator('svg')).toHaveCount(1);
    expect(await page.locator('body').innerText()).not.toContain('📌');

    await page.getByRole('link', { name: 'History', exact: true }).click();
    const list = page.getByRole('region', { name: 'All conversations' });
    await expect(list).toContainText('1 conversation');
    await expect(list).not.toContainText('1 conversations');
    await expect(list.getByRole('link', { name: 'Pinned: What to pack for Lisbon', exact: true })).toBeVisible();
    const row = page.getByTestId('history-list').getByRole('listitem').first();
    const year = String(new Date().getFullYear());
    await expect(row).toContainText(year); // the day, even for today…
    await expect(row).toContainText(/\d{1,2}:\d{2}/); // …and the time

    // The placeholder fits in its box.
    const search = page.getByRole('searchbox', { name: 'Search messages' });
    const fits = await search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width <= room;
    });
    expect(fits).toBe(true);

    // Rename with an empty title: it says why, and the form stays inside its row.
    await row
      .getByRole('button', { name: 'Rename Pinned' })
      .or(row.getByRole('button', { name: /^Rename / }))
      .first()
      .click();
    const box = row.getByRole('textbox', { name: 'New title' });
    await box.fill('   ');
    await row.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(row.getByText('A title cannot be empty.')).toBeVisible();
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    const formBox = (await row.locator('form').boundingBox())!;
    const buttonsBox = (await row.getByRole('button', { name: /^Delete / }).boundingBox())!;
    expect(formBox.y + formBox.height).toBeLessThanOrEqual(buttonsBox.y);
    const rowBox = (await row.boundingBox())!;
    expect(buttonsBox.y + buttonsBox.height).toBeLessThanOrEqual(rowBox.y + rowBox.height);
    await expectAxeClean(page, 'history');
    await screenshotAllWays(page, 'history-rename');
    await box.fill('Packing list');
    await box.press('Enter');
    await expect(page.getByRole('link', { name: 'Pinned: Packing list', exact: true }).first()).toBeVisible();
  });
});

test.describe('Memory', () => {
  test.use({
    seed: {
      write: (store) => {
        const c = store.conversations.create({ title: 'Allergies' });
        const said = store.messages.appendTurn({
          conversationId: c.id,
          role: 'user',
          content: 'Mia is allergic to peanuts.',
        });
        store.memories.create(
          {
            content: 'Mia is allergic to peanuts',
            category: 'family',
            importance: 5,
            source: 'promoted',
            sourceMessageId: said.id,
            sourceConversationId: c.id,
          },
          'user',
        );
        store.memories.create(
          { content: 'Prefers short answers', category: 'preference', importance: 3, source: 'model' },
          'model',
        );
      },
    },
  });

  test('sources in words, the Category cleared after adding, and an identical re-import changes nothing', async ({
    page,
    mnemo,
  }) => {
    await page.goto(mnemo.url);
    await page.getByRole('link', { name: 'Memory', exact: true }).click();
    const list = page.getByRole('main');
    await expect(list).toContainText('from one of your messages');
    await expect(list).toContainText('saved by the assistant');
    await expect(list).not.toContainText('promoted');

    const form = page.getByRole('form', { name: 'Add a memory' });
    await form.getByRole('textbox', { name: 'New memory' }).fill('Walks to work on Fridays');
    const category = form.getByRole('combobox', { name: 'Category' });
    await category.fill('routine');
    await form.getByRole('button', { name: /^Add/ }).click();
    await expect(list).toContainText('Walks to work on Fridays');
    await expect(list).toContainText('added by you');
    await expect(category).toHaveValue('');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    const before = await page.locator('.memory-list').innerText();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'memories.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect(page.getByTestId('toast').last()).toContainText(
      'Nothing new: the 3 memories in that file are already kept.',
    );
    expect(await page.locator('.memory-list').innerText()).toBe(before);
  });
});

test.describe('Ollama running without the chat model', () => {
  test.use({ ollamaServer: { models: DEFAULT_MODELS.filter((m) => m.name !== 'llama3.2:3b') } });

  test('the composer names the missing model; with Ollama stopped, the error shows the command as code', async ({
    page,
    mnemo,
  }) => {
    await page.goto(mnemo.url);
    await expect(page.getByTestId('setup-banner')).toContainText('ollama pull llama3.2:3b');
    const hint = page.locator('#composer-hint');
    await expect(hint).toHaveText(
      'Mnemo will keep your message; the reply needs the model llama3.2:3b, which is not installed.',
    );

    await mnemo.ollama.stop();
    await page.reload();
    await expect(hint).toHaveText('Mnemo will keep your message; the reply needs Ollama, which is not running.');
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Keep this for later.');
    await input.press('Enter');
    const failed = page.getByTestId('message-assistant').last();
    await expect(failed).toContainText('not reachable');
    await expect(failed.locator('code', { hasText: 'ollama serve' })).toHaveCount(1);
    await expect(page.getByTestId('chat-live')).toContainText('Start it with ollama serve'); // what a screen reader hears
    expect(await page.getByRole('main').innerText()).not.toContain('`');
    await expectAxeClean(page, 'ollama stopped');
    await screenshotAllWays(page, 'ollama-stopped');
  });
});

test('the theme switch overrides the system, applies at once, and is remembered', async ({ page, mnemo }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const theme = page.getByRole('group', { name: 'Theme' });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();

  await theme.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(background).not.toBe(light);
  const dark = await background();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await background()).toBe(dark);
  await expectAxeClean(page, 'settings (dark chosen)');

  await theme.getByRole('radio', { name: 'Same as the system' }).check();
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe(dark);
  await theme.getByRole('radio', { name: 'Light' }).check();
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: 'light' });
  await theme.getByRole('radio', { name: 'Same as the system' }).check();
  await screenshotAllWays(page, 'settings-theme');
});
