import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures';

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

test('a memory edited in place is what the next turn is given', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages) ? { text: 'About the cat' } : { text: 'Pumpernickel sounds like a fine cat.' },
  );
  await page.goto(mnemo.url);

  await page.getByRole('link', { name: 'Memory', exact: true }).click();
  await page.getByLabel('New memory').fill('My cat is called Biscuit.');
  await page.getByRole('button', { name: 'Add memory' }).click();
  const added = page.getByTestId('memory-item').filter({ hasText: 'My cat is called Biscuit.' });
  await expect(added).toHaveCount(1);
  // Its text changes below, so keep hold of the item by its id.
  const memory = page.locator(`[id="${await added.getAttribute('id')}"]`);

  await memory.getByRole('button', { name: /^Edit memory/ }).click();
  const text = memory.getByRole('textbox', { name: 'Memory text' });
  await expect(text).toBeFocused();
  await text.fill('My cat is called Pumpernickel.');
  await memory.getByRole('button', { name: 'Save' }).click();
  await expect(text).toHaveCount(0);
  await expect(page.getByTestId('memory-item')).toHaveCount(1);
  await expect(page.getByTestId('memory-item')).toContainText('My cat is called Pumpernickel.');
  await expect(page.getByText('My cat is called Biscuit.')).toHaveCount(0);
  await page.screenshot({ path: join(screenshotDir, 'memory-edited.png'), fullPage: true });

  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('What do you know about my cat Pumpernickel?');
  await input.press('Enter');
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete');

  await page.getByRole('button', { name: 'Context' }).click();
  const inspector = page.getByTestId('context-inspector');
  const memorySection = inspector.getByRole('region', { name: 'Memories', exact: true });
  await expect(memorySection.locator('.context-item')).toHaveCount(1);
  await expect(memorySection.locator('.context-item summary')).toHaveText('My cat is called Pumpernickel.');
  await expect(memorySection.getByRole('link', { name: 'Open memory' })).toBeVisible();
  await expect(inspector).not.toContainText('Biscuit');
  await page.screenshot({ path: join(screenshotDir, 'memory-edit-context.png'), fullPage: true });
});
