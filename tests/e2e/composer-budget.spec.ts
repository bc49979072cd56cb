// The composer counts the draft against what the prompt may hold, warns before sending a
// message that cannot fit (and does not send it), and a single message can be deleted.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Several turns, reloads and eight screenshots: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.use({
  seed: { write: (store) => store.settings.set('user-settings', { contextLength: 2048, reservedOutputTokens: 512 }) },
});

test('a draft too long for the model is flagged before sending; one message can be deleted', async ({
  page,
  mnemo,
}) => {
  mnemo.ollama.onChat((request) =>
    request.messages[0]?.content?.includes('short title') ? { text: 'Budget' } : undefined,
  );
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('A short question about ferries.');
  const measure = page.getByTestId('composer-measure');
  await expect(measure).toHaveText(/^\d[\d,]* \/ 1,536 tokens$/);
  await expect(page.getByTestId('composer-warning')).toHaveCount(0);

  const paste = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
  await input.fill(paste);
  const warning = page.getByTestId('composer-warning');
  await expect(warning).toContainText('This message is too long for the model');
  await expect(warning).toContainText('1,536 are available');
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await input.press('Enter');
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await screenshotAllWays(page, 'composer-too-long');

  await input.fill('Keep this one.');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
  await input.fill('Delete this one please.');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');

  const doomed = page.getByTestId('message-user').filter({ hasText: 'Delete this one please.' });
  await doomed.getByRole('button', { name: 'Delete your message' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('This cannot be undone.');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(doomed).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('message-user')).toHaveText([/Keep this one\./]);
  await expect(page.getByTestId('message-assistant')).toHaveCount(2);
});
