// Attachments as a user meets them: a text file attached with the Attach button shows as a
// chip (name, size) that can be removed; files of another type or not UTF-8 are refused with
// the reason; the sent message shows the file as a closed block with its name, the model gets
// its text, and History finds words that are only in the file. Real renderer in Chromium, real
// engine and Chroma, the test Ollama server.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

const isTitle = (messages: { content?: string }[]) => messages[0]?.content?.includes('short title') ?? false;
const NOTES = '# Trip notes\n\nBook the ferry to Hydra on Tuesday.\nPack the snorkel.\n';

async function expectAxeClean(page: Page): Promise<void> {
  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(
    accessibility.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.html}`),
  ).toEqual([]);
}

const file = (name: string, content: string | Buffer, mimeType = 'text/plain') => ({
  name,
  mimeType,
  buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
});

test('a text file is attached, shown as a chip and then a closed block, sent to the model and found in History', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000); // a turn, sixteen screenshots, two accessibility scans
  mnemo.ollama.onChat((request) => ({ text: isTitle(request.messages) ? 'Trip' : 'A fine plan.' }));
  await page.goto(mnemo.url);
  const attach = page.getByTestId('attach-input');
  const chips = page.getByTestId('attachment-chips');

  await attach.setInputFiles([
    file('trip-notes.md', NOTES, 'text/markdown'),
    file('extra.csv', 'a,b\n1,2\n', 'text/csv'),
    file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'),
    file('broken.txt', Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x00])),
  ]);
  await expect(chips.getByRole('listitem')).toHaveCount(2);
  await expect(chips.getByRole('listitem').first()).toContainText('trip-notes.md');
  await expect(chips.getByRole('listitem').first()).toContainText('68 B');
  const problems = page.getByTestId('attachment-problems');
  await expect(problems).toContainText('"photo.png" cannot be attached: only .txt, .md, .json, .csv files can.');
  await expect(problems).toContainText('"broken.txt" is not UTF-8 text');
  await page.getByRole('textbox', { name: 'Message' }).fill('Here are my notes for the trip.');
  await screenshotAllWays(page, 'attachments-composer');
  await expectAxeClean(page);

  await page.getByRole('button', { name: 'Remove extra.csv' }).click();
  await expect(chips.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: 'Send' }).click();

  const sent = page.getByTestId('message-user').last();
  await expect(page.getByTestId('message-assistant').last()).toContainText('A fine plan.');
  await expect(chips).toHaveCount(0); // the draft's files went with the message
  await expect(sent).toContainText('Here are my notes for the trip.');
  const block = sent.getByTestId('attachment-block');
  await expect(block).toContainText('trip-notes.md');
  await expect(block.getByText('Book the ferry to Hydra')).toBeHidden(); // closed until opened
  await block.getByText('trip-notes.md').click();
  await expect(block.getByText('Book the ferry to Hydra')).toBeVisible();
  const sentToModel = mnemo.ollama.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => JSON.stringify(r.body))
    .join('\n');
  expect(sentToModel).toContain('Book the ferry to Hydra on Tuesday.');
  await screenshotAllWays(page, 'attachments-thread');
  await expectAxeClean(page);

  // "Hydra" is only in the file: History finds the message by it.
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('Hydra');
  const hits = page.getByRole('region', { name: 'Search results' }).getByTestId('search-hit');
  await expect(hits).toHaveCount(1);
  await expect(hits.first().locator('mark')).toHaveText(/^Hydra$/i);
});

test('a file dropped on the composer or pasted into it is attached too', async ({ page, mnemo }) => {
  mnemo.ollama.onChat(() => ({ text: 'ok' }));
  await page.goto(mnemo.url);
  const chips = page.getByTestId('attachment-chips').getByRole('listitem');
  const composer = page.getByRole('form', { name: 'Write a message' });
  const dataTransfer = (name: string, text: string) =>
    page.evaluateHandle(
      ([n, t]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([t], n, { type: 'text/plain' }));
        return transfer;
      },
      [name, text] as const,
    );
  const dropped = await dataTransfer('dropped.txt', 'dropped text');
  await composer.dispatchEvent('dragover', { dataTransfer: dropped });
  await composer.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toContainText('dropped.txt');

  const pasted = await dataTransfer('pasted.csv', 'a,b');
  await page
    .getByRole('textbox', { name: 'Message' })
    .evaluate(
      (el, transfer) => el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true })),
      pasted,
    );
  await expect(chips).toHaveCount(2);
  await expect(chips.last()).toContainText('pasted.csv');
});
