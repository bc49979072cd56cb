// Branches in the chat, as a user meets them: Regenerate and Edit keep the old version behind
// a ‹ n / m › switcher, and "Branch from here" continues in this conversation or a new one.
// The real renderer in Chromium, the real engine and Chroma, the test Ollama server.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

async function expectAxeClean(page: Page): Promise<void> {
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.html}`),
  ).toEqual([]);
}

test('Regenerate and Edit keep the old versions a ‹ › away, and Branch from here continues in a branch or a new chat', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000); // four turns, eight screenshots, two accessibility scans
  const replies = [
    'Start with the vegetable beds.',
    'Maybe peppers instead.',
    'Lettuce grows in the shade.',
    'Sunflowers, then.',
  ];
  mnemo.ollama.onChat((request) => ({ text: isTitle(request.messages) ? 'Garden plans' : (replies.shift() ?? 'ok') }));
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  const replies$ = page.getByTestId('message-assistant');
  const users$ = page.getByTestId('message-user');

  await input.fill('What should I plant first?');
  await input.press('Enter');
  await expect(replies$.last()).toContainText('Start with the vegetable beds.');

  // Regenerate: the new reply is shown, the old one is version 1 of 2.
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(replies$.last()).toContainText('Maybe peppers instead.');
  const versions = replies$.last().getByTestId('versions');
  await expect(versions).toHaveAccessibleName('Version 2 of 2');
  await versions.getByRole('button', { name: 'Previous version' }).click();
  await expect(replies$.last()).toContainText('Start with the vegetable beds.');
  await expect(replies$.last().getByTestId('versions')).toHaveAccessibleName('Version 1 of 2');
  await expect(page.getByText('Maybe peppers instead.')).toHaveCount(0);
  await replies$.last().getByRole('button', { name: 'Next version' }).click();
  await expect(replies$.last()).toContainText('Maybe peppers instead.');
  await screenshotAllWays(page, 'branches-versions');
  await expectAxeClean(page);

  // Edit: the edited message is version 2 of 2, answered anew; the original is a click away.
  await users$.last().getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('What grows in the shade?');
  await page.getByRole('button', { name: 'Save and resend' }).click();
  await expect(replies$.last()).toContainText('Lettuce grows in the shade.');
  await expect(users$.last().getByTestId('versions')).toHaveAccessibleName('Version 2 of 2');
  await users$.last().getByRole('button', { name: 'Previous version' }).click();
  await expect(users$.last()).toContainText('What should I plant first?');
  await expect(replies$.last()).toContainText('Maybe peppers instead.');
  await users$.last().getByRole('button', { name: 'Next version' }).click();
  await expect(replies$.last()).toContainText('Lettuce grows in the shade.');

  // Branch from here, in this conversation: what followed the message leaves the view, not the chat.
  await users$.last().getByRole('button', { name: 'Branch from here: your message' }).click();
  const dialog = page.getByRole('dialog', { name: 'Branch from here' });
  await expect(dialog).toBeVisible();
  await screenshotAllWays(page, 'branches-dialog');
  await expectAxeClean(page);
  await dialog.getByRole('button', { name: 'In this conversation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Lettuce grows in the shade.')).toHaveCount(0);
  await expect(replies$).toHaveCount(0);
  await page.getByRole('button', { name: 'Regenerate' }).or(input).first().waitFor();
  await input.fill('Sunflowers, maybe?');
  await input.press('Enter');
  await expect(replies$.last()).toContainText('Sunflowers, then.');

  // Branch from here, into a new conversation: a copy up to the message, the original untouched.
  await users$.first().getByRole('button', { name: 'Branch from here: your message' }).click();
  await page
    .getByRole('dialog', { name: 'Branch from here' })
    .getByRole('button', { name: 'In a new conversation' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Garden plans (branch)');
  await expect(users$).toHaveCount(1);
  await expect(replies$).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: 'Garden plans', exact: true }),
  ).toBeVisible();
});
