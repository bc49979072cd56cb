import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, screenshotDir, test } from './fixtures';

test('every view renders, passes an axe scan with no serious violations, and is screenshotted', async ({
  page,
  mnemo,
}) => {
  mnemo.ollama.onChat((request) =>
    request.messages[0]?.content?.includes('short title')
      ? { text: 'Trip planning' }
      : { text: 'Lisbon in **May** is lovely; pack a light jacket.' },
  );
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('I am planning a trip to Lisbon in May.');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('light jacket');

  for (const view of ['Chat', 'History', 'Memory', 'Settings']) {
    await page.getByRole('link', { name: view, exact: true }).click();
    await expect(page.getByRole('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const scan = await new AxeBuilder({ page }).analyze();
      const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${view}/${scheme}: ${v.id} (${v.nodes.length})`)).toEqual([]);
      await page.screenshot({ path: join(screenshotDir, `${view.toLowerCase()}-${scheme}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
});
