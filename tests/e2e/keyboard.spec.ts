// The keyboard: Escape stops a reply and closes the inspector (one thing per press), Ctrl+N,
// Ctrl+, and Ctrl+/ and the command palette (Ctrl+K: fuzzy, arrows, Enter, Escape, a dialog
// with a listbox), checked as a user presses the keys, with axe scans of the dialogs.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Axe scans and eight screenshots per view take a while on a shared two-core machine.
test.describe.configure({ timeout: 180_000 });

test.use({
  seed: {
    write: (store) => {
      const lisbon = store.conversations.create({ title: 'Trip to Lisbon in May' });
      store.messages.appendTurn({ conversationId: lisbon.id, role: 'user', content: 'What should I pack for Lisbon?' });
      store.messages.appendTurn({
        conversationId: lisbon.id,
        role: 'assistant',
        content: 'A light jacket and good shoes.',
      });
      const garden = store.conversations.create({ title: 'Garden notes' });
      store.messages.appendTurn({
        conversationId: garden.id,
        role: 'user',
        content: 'When should the quince tree be pruned?',
      });
      store.messages.appendTurn({ conversationId: garden.id, role: 'assistant', content: 'In late winter.' });
      store.memories.create(
        { content: 'Is allergic to peanuts', category: 'health', importance: 5, source: 'user' },
        'user',
      );
    },
  },
});

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${what}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

test('Ctrl+N, Ctrl+, and Ctrl+/ open a new chat, Settings and the list of shortcuts', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Trip to Lisbon in May' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trip to Lisbon in May' })).toBeVisible();

  await page.keyboard.press('Control+n');
  await expect(page.getByRole('heading', { level: 1, name: 'New chat' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();

  await page.keyboard.press('Control+,');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.keyboard.press('Control+/');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const listed: [string, string][] = [
    ['Ctrl+N', 'New chat'],
    ['Ctrl+F', 'Find in this chat'],
    ['Ctrl+,', 'Open Settings'],
    ['Ctrl+K', 'Go to a conversation, memory or action'],
    ['Ctrl+/', 'Show these keyboard shortcuts'],
    ['Esc', 'Stop the reply being written'],
  ];
  for (const [keys, what] of listed) {
    await expect(help.getByRole('row').filter({ hasText: what })).toContainText(keys);
  }
  await expectAxeClean(page, 'shortcuts help');
  await screenshotAllWays(page, 'shortcuts-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('the command palette finds conversations, memories and actions by fuzzy typing', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await expect(page.getByRole('link', { name: 'Garden notes' })).toBeVisible();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  const input = palette.getByRole('combobox');
  await expect(input).toBeFocused();
  const options = palette.getByRole('listbox').getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expectAxeClean(page, 'command palette');
  await screenshotAllWays(page, 'command-palette');

  // Fuzzy: letters of the title in order, with gaps, find the conversation.
  await input.fill('lisbn');
  await expect(options.first()).toContainText('Trip to Lisbon in May');
  await expect(options.first()).toContainText('Conversation');
  await input.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Trip to Lisbon in May' })).toBeVisible();

  // Arrow keys move the choice; the combobox names the chosen option.
  await page.keyboard.press('Control+k');
  await input.fill('open');
  const second = options.nth(1);
  await input.press('ArrowDown');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id')) ?? 'missing');
  await input.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');

  // A memory opens in the Memory view.
  await input.fill('peanut');
  await expect(options.first()).toContainText('Is allergic to peanuts');
  await input.press('Enter');
  await expect(page).toHaveURL(/#\/memory\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Memory' })).toBeVisible();

  // An action; and Escape closes without doing anything.
  await page.keyboard.press('Control+k');
  await input.fill('hstory');
  await expect(options.first()).toHaveText(/Open History/);
  await input.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Memory' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await input.fill('hstory');
  await options.first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
});

test('Escape stops the reply being written first, then closes the inspector', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Garden notes' }).click();
  const contextButton = page.getByRole('button', { name: 'Context' });
  await contextButton.click();
  const inspector = page.getByTestId('context-inspector');
  await expect(inspector).toBeVisible();

  mnemo.ollama.onChat(() => ({ hang: true }));
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('And the apple trees?');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'streaming');
  await page.getByRole('heading', { level: 1 }).click(); // focus out of the composer, onto the page

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'stopped');
  await expect(inspector).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(inspector).toBeHidden();
  await expect(contextButton).toBeFocused();

  // From inside the inspector, Escape closes it and gives focus back to the button that opened it.
  await contextButton.click();
  await expect(inspector.getByRole('button', { name: 'Close context inspector' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(inspector).toBeHidden();
  await expect(contextButton).toBeFocused();
});
