import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, screenshotDir, test } from './fixtures';

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

test('send a message and watch the reply stream in, then stop a second one', async ({ page, mnemo }) => {
  const replies = [
    'The **answer** arrives one word at a time, in markdown.',
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen',
  ];
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages) ? { text: 'Streaming test' } : { text: replies.shift() ?? 'ok', tokenDelayMs: 120 },
  );
  await page.goto(mnemo.url);

  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('Tell me something.');
  await input.press('Enter');
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply).toContainText('The');
  await expect(reply).not.toContainText('markdown.'); // still streaming
  await expect(reply).toContainText('arrives one word at a time, in markdown.');
  await expect(reply.locator('strong', { hasText: /^answer$/ })).toHaveCount(1); // rendered as markdown
  await expect(reply).toHaveAttribute('data-status', 'complete'); // the composer sends again once the reply ended
  await page.screenshot({ path: join(screenshotDir, 'chat.png'), fullPage: true });

  await input.fill('Count slowly.');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('two');
  await page.getByRole('button', { name: 'Stop' }).click();
  const stopped = page.getByTestId('message-assistant').last();
  await expect(stopped).toContainText(/stopped/i);
  await expect(stopped).not.toContainText('fourteen');

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
});

test.describe('with "save at once" chosen', () => {
  test.use({ seed: { write: (store) => store.settings.set('user-settings', { memorySaveMode: 'auto' }) } });
  test('the model saves a memory and the user undoes it', async ({ page, mnemo }) => {
    mnemo.ollama.onChat((request) =>
      isTitle(request.messages)
        ? { text: 'Diet' }
        : request.messages.at(-1)?.role === 'tool'
          ? { text: 'Noted, no meat.' }
          : {
              toolCalls: [
                { name: 'save_to_model_memory', arguments: { content: 'The user is vegetarian.', category: 'diet' } },
              ],
            },
    );
    await page.goto(mnemo.url);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('I am vegetarian.');
    await input.press('Enter');
    const toast = page.getByTestId('toast').filter({ hasText: 'vegetarian' });
    await expect(toast).toBeVisible();
    await expect(page.getByTestId('message-assistant').last()).toContainText('Noted, no meat.');
    await toast.getByRole('button', { name: 'Undo' }).click();

    await page.getByRole('link', { name: 'Memory' }).click();
    await expect(page.getByText('The user is vegetarian.')).toHaveCount(0);
  });
});

test('with Ollama stopped, the banner says what to do and the typed message is kept', async ({ page, mnemo }) => {
  await mnemo.ollama.stop();
  await page.goto(mnemo.url);
  const banner = page.getByTestId('setup-banner');
  await expect(banner).toContainText('ollama serve');
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('Please remember this draft.');
  await input.press('Enter');
  await expect(page.getByTestId('message-user').last()).toContainText('Please remember this draft.');
  await expect(page.getByTestId('message-assistant').last()).toContainText(/not reachable|failed/i);
  await page.screenshot({ path: join(screenshotDir, 'ollama-down.png'), fullPage: true });
});
