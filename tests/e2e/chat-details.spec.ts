// Details of the chat: the user's line breaks are kept; notices never cover the composer;
// code blocks have a copy button; the note of a tool the model used survives a reload; and in
// History, Archive can be undone and a double click archives one conversation only.
import AxeBuilder from '@axe-core/playwright';
import type { Store } from '../../src/main/engine/store';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Several turns, reloads and eight screenshots: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;

test('line breaks are kept, code can be copied, and the notice stays clear of the composer', async ({
  page,
  mnemo,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages)
      ? { text: 'Code' }
      : { text: 'Here it is:\n\n```ts\nconst answer = 42;\nconsole.log(answer);\n```\n\nThat is all.' },
  );
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('Line one');
  await input.press('Shift+Enter');
  await input.pressSequentially('Line two');
  await input.press('Enter');
  const mine = page.getByTestId('message-user').last();
  await expect(mine).toContainText('Line two');
  expect(await mine.locator('.user-text').innerText()).toBe('Line one\nLine two');

  const reply = page.getByTestId('message-assistant').last();
  // The profile's first reply (a cold engine, Chroma just started) took over 15 s once on a loaded CI machine: a
  // hang guard, not a clock.
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  await reply.getByRole('button', { name: 'Copy code' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('const answer = 42;\nconsole.log(answer);\n');

  const toast = page.getByTestId('toast').filter({ hasText: 'Code copied' });
  await expect(toast).toBeVisible();
  const [toastBox, composerBox] = [
    await toast.boundingBox(),
    await page.getByRole('form', { name: 'Write a message' }).boundingBox(),
  ];
  expect(toastBox!.y + toastBox!.height).toBeLessThanOrEqual(composerBox!.y);

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await screenshotAllWays(page, 'chat-details');
});

test('the note of a tool the model used is still there after a reload', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) =>
    isTitle(request.messages)
      ? { text: 'Diet' }
      : request.messages.at(-1)?.role === 'tool'
        ? { text: 'Noted.' }
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
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply).toContainText('Used save_to_model_memory');
  await page.reload();
  await expect(page.getByTestId('message-assistant').last()).toContainText('Noted.');
  await expect(page.getByTestId('message-assistant').last()).toContainText('Used save_to_model_memory');
});

test.describe('History with three conversations', () => {
  test.use({
    seed: {
      write: (store: Store) => {
        for (const title of ['Gardening', 'Travel plans', 'Recipes']) {
          const conversation = store.conversations.create({ title });
          store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: `About ${title}.` });
        }
      },
    },
  });

  test('a double click on Archive archives one conversation, keeps focus on its row, and Undo brings it back', async ({
    page,
    mnemo,
  }) => {
    await page.goto(mnemo.url);
    await page.getByRole('link', { name: 'History' }).click();
    const archive = page.getByRole('button', { name: 'Archive Recipes' });
    await archive.dblclick();
    const unarchive = page.getByRole('button', { name: 'Unarchive Recipes' });
    await expect(unarchive).toBeVisible();
    await expect(unarchive).toBeFocused();
    // The other rows are untouched.
    await expect(page.getByRole('button', { name: /^Archive / })).toHaveCount(2);
    const toast = page.getByTestId('toast').filter({ hasText: 'Archived “Recipes”.' });
    await expect(toast).toBeVisible();
    await page.reload();
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('button', { name: /^Archive / })).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Archive Recipes' })).toHaveCount(0);

    await page.getByRole('checkbox', { name: 'Show archived' }).check();
    await page.getByRole('button', { name: 'Archive Travel plans' }).click();
    await page
      .getByTestId('toast')
      .filter({ hasText: 'Archived “Travel plans”.' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect(page.getByRole('button', { name: 'Archive Travel plans' })).toBeVisible();
    await page.reload();
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('button', { name: /^Archive / })).toHaveCount(2);
  });
});
