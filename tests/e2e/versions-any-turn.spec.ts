// Regenerate and Edit on any turn, not only the last: the new version continues from that
// turn, the later turns stay on the old branch, and the ‹ n / m › switcher brings them back;
// the context inspector follows the version shown.
// Real renderer in Chromium, real engine and Chroma, the test Ollama server.
import { expect, test } from './fixtures';

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

test('Regenerate and Edit an earlier turn keep the later turns a version away', async ({ page, mnemo }) => {
  test.setTimeout(120_000);
  const replies = ['Tulips.', 'In autumn.', 'Daffodils.', 'Crocuses.'];
  mnemo.ollama.onChat((request) => ({ text: isTitle(request.messages) ? 'Bulbs' : (replies.shift() ?? 'ok') }));
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  const users = page.getByTestId('message-user');
  const answers = page.getByTestId('message-assistant');
  for (const [question, reply] of [
    ['Which bulbs are easy?', 'Tulips.'],
    ['When do I plant them?', 'In autumn.'],
  ]) {
    await input.fill(question!);
    await input.press('Enter');
    await expect(answers.last()).toContainText(reply!);
    await expect(answers.last()).toHaveAttribute('data-status', 'complete'); // before the next message is sent
  }

  // Regenerate the first reply: it is answered anew and the later turn leaves the view.
  await answers.first().getByRole('button', { name: 'Regenerate' }).click();
  await expect(answers.last()).toContainText('Daffodils.');
  await expect(answers).toHaveCount(1);
  await expect(users).toHaveCount(1);
  await expect(answers.first().getByTestId('versions')).toHaveAccessibleName('Version 2 of 2');
  await answers.first().getByRole('button', { name: 'Previous version' }).click();
  await expect(answers).toHaveCount(2);
  await expect(answers.first()).toContainText('Tulips.');
  await expect(answers.last()).toContainText('In autumn.');

  // Edit the first question, on the path that has two turns: the edit starts a branch of its own.
  await users.first().getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('Which bulbs flower first?');
  await page.getByRole('button', { name: 'Save and resend' }).click();
  await expect(answers.last()).toContainText('Crocuses.');
  await expect(users).toHaveCount(1);
  await expect(users.first()).toContainText('Which bulbs flower first?');
  await expect(users.first().getByTestId('versions')).toHaveAccessibleName('Version 2 of 2');
  // The context inspector, open on the latest reply, follows the version shown.
  await page.getByRole('button', { name: 'Context', exact: true }).click();
  const asked = page.getByTestId('context-inspector').getByRole('region', { name: 'Your message', exact: true });
  await expect(asked).toContainText('Which bulbs flower first?');
  await users.first().getByRole('button', { name: 'Previous version' }).click();
  await expect(users.first()).toContainText('Which bulbs are easy?');
  await expect(asked).toContainText('Which bulbs are easy?');
  // The original question comes back with its newest reply; the older one is a version away.
  await expect(answers.first()).toContainText('Daffodils.');
  await answers.first().getByRole('button', { name: 'Previous version' }).click();
  await expect(users).toHaveCount(2);
  await expect(answers.last()).toContainText('In autumn.');
  await expect(asked).toContainText('When do I plant them?');
});
