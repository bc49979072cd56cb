// "Why this reply?" on every reply: the context any past reply was answered with, after a
// reload (read from the record kept with the reply), in plain words, with no scores.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Several turns, reloads and eight screenshots: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
}

test('any past reply explains itself after a reload, in plain words', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) => (isTitle(request.messages) ? { text: 'Beekeeping' } : undefined));
  await page.goto(mnemo.url);
  await send(page, 'My bees swarmed from the hive on the roof today.');
  await send(page, 'How do I calm an angry bee colony?');
  await page.reload();
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);

  // The first reply, not the last: its own prompt held only the first message.
  await page.getByTestId('message-assistant').first().getByRole('button', { name: 'Why this reply?' }).click();
  const inspector = page.getByTestId('context-inspector');
  await expect(inspector.getByRole('heading', { name: 'Why this reply?' })).toBeVisible();
  const yours = inspector.getByRole('region', { name: 'Your message', exact: true });
  await expect(yours).toContainText('My bees swarmed from the hive on the roof today.');
  await expect(yours).toContainText('Your message.');
  await expect(inspector).not.toContainText('angry bee colony');

  await page.getByTestId('message-assistant').last().getByRole('button', { name: 'Why this reply?' }).click();
  await expect(inspector.getByRole('region', { name: 'Your message', exact: true })).toContainText(
    'How do I calm an angry bee colony?',
  );
  await expect(inspector.getByRole('region', { name: 'Latest turns', exact: true })).toContainText(
    'One of the latest turns of this chat.',
  );
  // No scores, no internal words.
  const text = await inspector.innerText();
  expect(text).not.toMatch(/score|\b0\.\d{2,}|a hit|retrieved:|relevant memory/);

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await screenshotAllWays(page, 'why-this-reply');
});
