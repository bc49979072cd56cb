// Settings as a new user meets it: a model that cannot be used is refused beside its field
// (never "Saved." then a silent revert); every wrong number says why beside itself, all at
// once, and the first is focused; pickers offer only models that can take the role and say
// when one cannot use tools; Ollama models are downloaded with progress, speed, cancel and
// retry, and deleted after a confirmation. Demo replies read like an assistant's.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

const sizes = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
];

async function scanAndShoot(page: Page, name: string, focus: Locator): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await focus.scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const scan = await new AxeBuilder({ page }).analyze();
      expect(
        scan.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${name}/${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// Axe and eight screenshots per view take a while on a loaded machine.
test.describe.configure({ timeout: 300_000 });

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('model-list')).toContainText('llama3.2:3b');
}

const optionTexts = (select: Locator) => select.locator('option').allTextContents();

test('every wrong number says why beside its field, all at once, in words; the first is focused', async ({
  page,
  mnemo,
}) => {
  await openSettings(page, mnemo.url);
  await page.getByLabel("Context length (tokens; empty = the model's own)").fill('abc');
  await page.getByLabel('Reserved for the reply (tokens)').fill('-5');
  await page.getByLabel('Chunk size (tokens)').fill('100000');
  await page.getByLabel('Keep at most (turns)').fill('12.5');
  await page.getByRole('button', { name: 'Save settings' }).click();

  await expect(page.getByTestId('reason-contextLength')).toHaveText(
    'Enter a whole number of tokens from 512 to 2,000,000.',
  );
  await expect(page.getByTestId('reason-reservedOutputTokens')).toHaveText(
    'Enter a whole number of tokens from 64 to 100,000.',
  );
  await expect(page.getByTestId('reason-chunkTokens')).toHaveText('Enter a whole number of tokens from 50 to 4,000.');
  await expect(page.getByTestId('reason-metricsMaxTurns')).toHaveText(
    'Enter a whole number of turns from 1,000 to 1,000,000.',
  );
  await expect(page.getByTestId('settings-error')).toHaveText(
    'Not saved. 4 settings need a change: Context length, Reserved for the reply, Chunk size, Keep at most.',
  );
  const first = page.getByLabel("Context length (tokens; empty = the model's own)");
  await expect(first).toBeFocused();
  await expect(first).toBeInViewport();
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  await expect(first).toHaveAccessibleDescription('Enter a whole number of tokens from 512 to 2,000,000.');
  await expect(page.locator('body')).not.toContainText(
    /contextLength|reservedOutputTokens|chunkTokens|must be a number/,
  );
  await expect(page.getByTestId('settings-saved')).toHaveText('');
  await scanAndShoot(page, 'settings-all-errors', page.getByTestId('settings-error'));

  // Fixing the numbers leaves the one the window and the reserve break together, judged by the engine too.
  await first.fill('1024');
  await page.getByLabel('Reserved for the reply (tokens)').fill('900');
  await page.getByLabel('Chunk size (tokens)').fill('500');
  await page.getByLabel('Keep at most (turns)').fill('5000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('reason-reservedOutputTokens')).toHaveText(
    "The reply's reserve (900) leaves no room for a prompt in a 1,024-token window: at most 768.",
  );
  await expect(page.getByLabel('Reserved for the reply (tokens)')).toBeFocused();
  await page.getByLabel('Reserved for the reply (tokens)').fill('512');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByLabel("Context length (tokens; empty = the model's own)")).toHaveValue('1024');
});

test('pickers offer models by what they can do, and say where a model cannot use tools', async ({ page, mnemo }) => {
  await openSettings(page, mnemo.url);
  const chatPicker = page.getByLabel('Chat model');
  const embeddingPicker = page.getByLabel('Embedding model');
  expect(await optionTexts(chatPicker)).toEqual(['gemma2:2b (no tools)', 'llama3.2:3b']);
  expect(await optionTexts(embeddingPicker)).toEqual(['nomic-embed-text:latest']);
  await expect(page.getByTestId('chat-model-tools')).toHaveText(
    'llama3.2:3b can use tools: it saves what you tell it to memory and searches your past chats itself.',
  );
  await chatPicker.selectOption('gemma2:2b');
  await expect(page.getByTestId('chat-model-tools')).toHaveText(
    'gemma2:2b cannot use tools: it will not save memories or search past chats by itself.',
  );
  await expect(chatPicker).toHaveAccessibleDescription(/gemma2:2b cannot use tools/);
  await scanAndShoot(page, 'settings-pickers', chatPicker);

  await page.getByTestId('new-chat').click();
  const picker = page.getByTestId('model-picker');
  expect(await optionTexts(picker)).toEqual(['gemma2:2b (no tools)', 'llama3.2:3b']);
  await picker.selectOption('gemma2:2b');
  await expect(page.getByTestId('chat-memory-mode')).toHaveText(
    'gemma2:2b cannot use tools: it will not save memories or search past chats by itself.',
  );
});

test('a model that cannot be used is refused beside its field, never "Saved." then a revert; a good switch keeps the choice', async ({
  page,
  mnemo,
}) => {
  await openSettings(page, mnemo.url);
  // Downloaded from the page, then removed behind the app's back (ollama rm in a terminal).
  await page.getByLabel('Download a model').fill('mxbai-embed-large');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByTestId('pull-mxbai-embed-large')).toContainText('Downloaded');
  await expect(page.getByTestId('model-list')).toContainText('mxbai-embed-large:latest');
  mnemo.ollama.removeModel('mxbai-embed-large');

  const embeddingPicker = page.getByLabel('Embedding model');
  await embeddingPicker.selectOption('mxbai-embed-large:latest');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const reason = page.getByTestId('reason-embeddingModel');
  await expect(reason).toHaveText(
    'mxbai-embed-large:latest is not installed in Ollama. Download it under "Ollama models" below, or pick an installed model.',
  );
  await expect(embeddingPicker).toBeFocused();
  await expect(embeddingPicker).toHaveAccessibleDescription(/is not installed in Ollama/);
  await expect(page.getByTestId('settings-saved')).toHaveText('');
  await scanAndShoot(page, 'settings-model-refused', reason);
  await page.reload();
  await expect(page.getByLabel('Embedding model')).toHaveValue('nomic-embed-text:latest');

  // Back in Ollama: the switch is saved, the field keeps the choice while the index is rebuilt.
  await page.getByLabel('Download a model').fill('mxbai-embed-large');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByTestId('pull-mxbai-embed-large')).toContainText('Downloaded');
  await page.getByLabel('Embedding model').selectOption('mxbai-embed-large:latest');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toContainText(
    'Saved. Every message is being indexed again for mxbai-embed-large:latest',
  );
  await expect(page.getByTestId('reason-embeddingModel')).toHaveCount(0);
  await expect(page.getByLabel('Embedding model')).toHaveValue('mxbai-embed-large:latest');
  await page.reload();
  await expect(page.getByLabel('Embedding model')).toHaveValue('mxbai-embed-large:latest', { timeout: 30_000 });
});

test('Ollama models: download with progress and speed, cancel, retry, a wrong name in words, delete after confirming', async ({
  page,
  mnemo,
}) => {
  await openSettings(page, mnemo.url);
  const list = page.getByTestId('model-list');
  await expect(list.getByRole('listitem').filter({ hasText: 'llama3.2:3b' })).toContainText('Chat, tools');
  await expect(list.getByRole('listitem').filter({ hasText: 'llama3.2:3b' })).toContainText(
    /\d+(\.\d)? [MG]B · llama · 3.2B parameters · Q4_K_M/,
  );
  await expect(list.getByRole('listitem').filter({ hasText: 'nomic-embed-text' })).toContainText('Embeddings (search)');
  await expect(list.getByRole('listitem').filter({ hasText: 'gemma2:2b' })).toContainText('Chat, no tools');

  // Slow enough to stay in progress while it is scanned and photographed, then cancelled.
  mnemo.ollama.scriptPulls({ stepMs: 250, steps: 1000 });
  await page.getByLabel('Download a model').fill('qwen2.5:0.5b');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const row = page.getByTestId('pull-qwen2.5:0.5b');
  await expect(row).toContainText(/\d+% · [\d.]+ [KMG]?B of [\d.]+ [MG]B · [\d.]+ [KMG]?B\/s/);
  await expect(row.getByRole('progressbar', { name: 'Downloading qwen2.5:0.5b' })).toBeVisible();
  await scanAndShoot(page, 'settings-model-pull', row);
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText(/Cancelled at \d+%\. Retry continues where it stopped\./);
  await expect.poll(() => mnemo.ollama.pullOutcomes.map((o) => o.outcome)).toEqual(['cancelled']);
  expect(mnemo.ollama.installedModels()).not.toContain('qwen2.5:0.5b');

  mnemo.ollama.scriptPulls({ stepMs: 5 });
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(row).toContainText('Downloaded');
  await expect(list.getByRole('listitem').filter({ hasText: 'qwen2.5:0.5b' })).toContainText('Chat, tools');
  expect(await optionTexts(page.getByLabel('Chat model'))).toContain('qwen2.5:0.5b');

  await page.getByLabel('Download a model').fill('llama9:400b');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByTestId('pull-llama9:400b')).toContainText(
    "Ollama's library has no model called llama9:400b. Check the name, for example llama3.2:3b or nomic-embed-text.",
  );
  await scanAndShoot(page, 'settings-models', page.getByTestId('pull-llama9:400b'));

  await list.getByRole('button', { name: 'Delete gemma2:2b' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('gemma2:2b is removed from Ollama on this machine');
  await dialog.getByRole('button', { name: 'Delete gemma2:2b' }).click();
  await expect(list).not.toContainText('gemma2:2b');
  expect(mnemo.ollama.installedModels()).not.toContain('gemma2:2b');
  // Every download went to the configured Ollama, the one the page was started with.
  expect(mnemo.ollama.requests.filter((r) => r.path === '/api/pull')).toHaveLength(3);
});

test('demo replies read like an assistant, also once a chat has a summary', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  const composer = page.getByLabel('Message', { exact: true });
  await composer.fill('My dog is called Rex and he loves the beach.');
  await composer.press('Enter');
  const first = page.getByTestId('message-assistant').last();
  await expect(first).toContainText('Thanks for telling me.');
  // The next message can be sent once the reply has ended, not when its first words are shown:
  // on a loaded machine the Enter below once came while the reply was still being written.
  await expect(first).toHaveAttribute('data-status', 'complete');
  await composer.fill('Can you summarize what my dog loves?');
  await composer.press('Enter');
  const last = page.getByTestId('message-assistant').last();
  await expect(last).toContainText('From what you have told me: My dog is called Rex and he loves the beach.');
  await expect(last).not.toContainText('Summary:');
});
