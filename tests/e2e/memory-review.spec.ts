import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ChatRequestBody } from '../../testkit/ollama-server';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

// Eight full-page screenshots per test (two sizes, two schemes, two states) take a while on a busy machine.
test.setTimeout(120_000);

const isTitle = (body: ChatRequestBody) => body.messages[0]?.content?.includes('short title') ?? false;

async function expectAxeClean(page: Page): Promise<void> {
  const scan = await new AxeBuilder({ page }).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete');
}

test('what the model proposes waits in Memory for review; the chat says so, also after a reload', async ({
  page,
  mnemo,
}) => {
  mnemo.ollama.onChat((body) => {
    if (isTitle(body)) return { text: 'Allergies' };
    if (body.messages.at(-1)?.role === 'tool') return { text: 'Got it, I will keep peanuts out of any recipe.' };
    if (body.messages.at(-1)?.content?.includes('peanuts'))
      return {
        toolCalls: [
          {
            name: 'save_to_model_memory',
            arguments: { content: 'The user is allergic to peanuts.', category: 'health' },
          },
        ],
      };
    if (body.messages.at(-1)?.content?.includes('cat'))
      return {
        toolCalls: [
          {
            name: 'save_to_model_memory',
            arguments: { content: 'The user has a cat called Biscuit.', category: 'pets' },
          },
        ],
      };
    return { text: 'Alright.' };
  });
  await page.goto(mnemo.url);
  await send(page, 'I am allergic to peanuts, please remember.');
  const note = page.getByTestId('memory-note');
  await expect(note).toContainText(
    'The model proposed a memory, waiting for your review in Memory: “The user is allergic to peanuts.”',
  );
  await send(page, 'Also, my cat is called Biscuit.');
  await expect(note).toHaveCount(2);
  await page.reload();
  await expect(page.getByTestId('memory-note')).toHaveCount(2);
  await expect(page.getByTestId('memory-note').first()).toContainText('waiting for your review');
  await screenshotAllWays(page, 'review-chat-note');
  const chatUrl = page.url();

  await page.getByRole('link', { name: 'Memory', exact: true }).click();
  const queue = page.getByTestId('review-queue');
  await expect(queue.getByTestId('proposal')).toHaveCount(2);
  await expect(queue).toContainText('I am allergic to peanuts, please remember.');
  await expect(page.getByTestId('memory-item')).toHaveCount(0);
  await screenshotAllWays(page, 'review-queue');
  await expectAxeClean(page);

  await queue.getByRole('button', { name: 'Edit, then approve: The user is allergic to peanuts.' }).click();
  await queue.getByRole('textbox', { name: 'Memory text' }).fill('I am badly allergic to peanuts.');
  await queue.getByRole('button', { name: 'Save and approve' }).click();
  await expect(page.getByTestId('memory-item')).toHaveCount(1);
  await expect(page.getByTestId('memory-item')).toContainText('I am badly allergic to peanuts.');
  await queue.getByRole('button', { name: 'Reject: The user has a cat called Biscuit.' }).click();
  await expect(page.getByTestId('review-queue')).toHaveCount(0);
  await expect(page.getByText('Biscuit')).toHaveCount(0);

  await page.goto(chatUrl);
  await expect(page.getByTestId('memory-note').first()).toContainText('you approved it');
  await expect(page.getByTestId('memory-note').last()).toContainText('you rejected it');
});

test('Remember drafts a short fact to edit before saving; without a usable answer the message is offered as written', async ({
  page,
  mnemo,
}) => {
  mnemo.ollama.onChat((body) => (isTitle(body) ? { text: 'Mia' } : { text: 'Happy birthday to Mia!' }));
  await page.goto(mnemo.url);
  await send(page, 'Big day here, my daughter Mia turned 8 yesterday and we had cake!');
  mnemo.ollama.scriptStructured({ fact: 'My daughter Mia is 8 years old.', category: 'family' });
  await page.getByRole('button', { name: 'Remember this message' }).click();
  const dialog = page.getByTestId('remember-dialog');
  const text = dialog.getByRole('textbox', { name: 'Memory text' });
  await expect(text).toHaveValue('My daughter Mia is 8 years old.');
  await expect(dialog.getByRole('textbox', { name: 'Category' })).toHaveValue('family');
  await screenshotAllWays(page, 'remember-dialog');
  await expectAxeClean(page);
  await text.fill('My daughter Mia turned 8 in December.');
  await dialog.getByRole('button', { name: 'Save to memory' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved to memory.' })).toBeVisible();

  mnemo.ollama.scriptStructured('{"fact": "My daughter');
  await page.getByRole('button', { name: 'Remember this message' }).click();
  await expect(dialog).toContainText('not valid JSON');
  await expect(text).toHaveValue('Big day here, my daughter Mia turned 8 yesterday and we had cake!');
  await screenshotAllWays(page, 'remember-dialog-raw');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('link', { name: 'Memory', exact: true }).click();
  await expect(page.getByTestId('memory-item')).toHaveCount(1);
  await expect(page.getByTestId('memory-item')).toContainText('My daughter Mia turned 8 in December.');
});
