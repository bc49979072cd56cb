// Every view at 800×600 and 1920×1080, light and dark: screenshots to look at, and an axe scan
// of each with no serious or critical finding.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

test.describe.configure({ timeout: 300_000 });

test.use({
  seed: {
    write: (store) => {
      const c = store.conversations.create({ title: 'Trip to Lisbon in May' });
      store.messages.appendTurn({
        conversationId: c.id,
        role: 'user',
        content: 'What should I pack for Lisbon in May?',
      });
      store.messages.appendTurn({
        conversationId: c.id,
        role: 'assistant',
        content: 'A light jacket, good walking shoes and sunscreen: May is **mild** but the wind is cool.',
      });
      store.conversations.setPinned(c.id, true);
      const g = store.conversations.create({ title: 'Garden notes' });
      store.messages.appendTurn({
        conversationId: g.id,
        role: 'user',
        content: 'When should the quince tree be pruned?',
      });
      store.memories.create(
        { content: 'Prefers window seats on trains', category: 'travel', importance: 4, source: 'user' },
        'user',
      );
    },
  },
});

test('every view, both sizes, both themes: screenshots and axe', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  for (const [view, name] of [
    ['Chat', 'chat'],
    ['History', 'history'],
    ['Memory', 'memory'],
    ['Settings', 'settings'],
  ] as const) {
    if (view === 'Chat') await page.getByTestId('conversation-link').first().click();
    else await page.getByRole('link', { name: view, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const scan = await new AxeBuilder({ page }).analyze();
      const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${view}/${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
    }
    await screenshotAllWays(page, `view-${name}`);
  }
  await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
  await screenshotAllWays(page, 'view-monitoring');
});
