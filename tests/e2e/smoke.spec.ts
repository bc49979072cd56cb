import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures';

test('the renderer loads in Chromium against a real engine, under its CSP', async ({ page, mnemo }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(mnemo.url);
  await expect(page).toHaveTitle('Mnemo');
  await expect(page.locator('#root')).not.toBeEmpty();
  await page.screenshot({ path: join(screenshotDir, 'app.png'), fullPage: true });
  expect(errors).toEqual([]);
});
