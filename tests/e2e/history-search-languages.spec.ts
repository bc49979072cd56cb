// History search in Chinese, Japanese, German and English as a user meets it: a word typed into
// the search box is found inside a sentence written without spaces (or with ß where the user
// typed ss, or "went" where the user typed "go"), the snippet shows the text as written with the
// word marked, and the hit opens the chat.
import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures';

test.use({
  seed: {
    write: (store) => {
      const family = store.conversations.create({ title: '家庭' });
      store.messages.appendTurn({ conversationId: family.id, role: 'user', content: '我的女儿叫米娅，她今年七岁。' });
      store.messages.appendTurn({ conversationId: family.id, role: 'assistant', content: '米娅这个名字真好听！' });
      store.messages.appendTurn({ conversationId: family.id, role: 'user', content: '我们周末去公园玩了。' });
      const japanese = store.conversations.create({ title: '家族' });
      store.messages.appendTurn({ conversationId: japanese.id, role: 'user', content: '私の娘はミアで、七歳です。' });
      const german = store.conversations.create({ title: 'Nachbarn' });
      store.messages.appendTurn({ conversationId: german.id, role: 'user', content: 'Mein Nachbar heißt Jürgen.' });
      const trip = store.conversations.create({ title: 'Porto trip' });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'user',
        content: 'In May we went to Porto and bought blue tiles for the kitchen.',
      });
      store.messages.appendTurn({ conversationId: trip.id, role: 'assistant', content: 'Blue tiles will look great.' });
    },
  },
});

test('a Chinese word is found inside a sentence, marked in the snippet, and opens the chat at the hit', async ({
  page,
  mnemo,
}) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('米娅');

  const hits = page.getByRole('region', { name: 'Search results' }).getByTestId('search-hit');
  await expect(hits).toHaveCount(2);
  const daughter = hits.filter({ hasText: '我的女儿叫米娅，她今年七岁。' });
  await expect(daughter).toHaveCount(1);
  await expect(daughter).toContainText('家庭');
  await expect(daughter.locator('mark')).toHaveText('米娅');
  await expect(hits.filter({ hasText: 'ミア' })).toHaveCount(0);
  await page.screenshot({ path: join(screenshotDir, 'history-search-chinese.png'), fullPage: true });

  await daughter.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('家庭');
  await expect(page.locator('.highlighted')).toContainText('我的女儿叫米娅，她今年七岁。');
});

test('Japanese words and German words typed without ß are found too', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  const hits = page.getByRole('region', { name: 'Search results' }).getByTestId('search-hit');

  await search.fill('七歳');
  await expect(hits).toHaveCount(1);
  await expect(hits.locator('mark')).toHaveText('七歳');

  await search.fill('heisst');
  await expect(hits).toHaveCount(1);
  await expect(hits).toContainText('Mein Nachbar heißt Jürgen.');
  await expect(hits.locator('mark')).toHaveText('heißt');
  await page.screenshot({ path: join(screenshotDir, 'history-search-german.png'), fullPage: true });
});

test('an English verb finds its irregular past form, marked as written', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'History', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  const hits = page.getByRole('region', { name: 'Search results' }).getByTestId('search-hit');

  await search.fill('where did we go');
  await expect(hits).toHaveCount(1);
  await expect(hits).toContainText('In May we went to Porto and bought blue tiles for the kitchen.');
  await expect(hits.locator('mark')).toHaveText('went');

  await search.fill('buy tiles');
  await expect(hits).toHaveCount(2);
  await expect(hits.first().locator('mark')).toHaveText(['bought', 'tiles']);
  for (const size of [
    { width: 800, height: 600 },
    { width: 1920, height: 1080 },
  ])
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(screenshotDir, `history-search-past-form-${size.width}-${scheme}.png`) });
    }

  await hits.first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Porto trip');
});
