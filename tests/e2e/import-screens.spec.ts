// The import screens as a user sees them, small and large, light and dark: Settings → Data
// before an import, after a ChatGPT export ZIP came in, and refusing a ZIP that is not one.
// The ZIPs are made here by hand. Real renderer in Chromium, real engine and Chroma.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { expect, root, screenshotDir, test } from './fixtures';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
] as const;

/** Each size and scheme, with `focus` scrolled into view (the data section is far down Settings). */
async function screens(page: Page, name: string, focus: Locator): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const scan = await new AxeBuilder({ page }).analyze();
    expect(
      scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id}`),
    ).toEqual([]);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await focus.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}-${colorScheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const zip = (files: Record<string, Uint8Array>) => Buffer.from(zipSync(files));

test('Settings → Data: importing a ChatGPT export ZIP, and refusing a ZIP without conversations.json', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(180_000);
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('group', { name: 'Your data' });
  await expect(section).toBeVisible();
  await screens(page, 'import-data', section);

  const notice = page.getByTestId('data-notice');
  const sample = readFileSync(join(root, 'tests', 'fixtures', 'chatgpt-conversations.json'));
  await page.getByTestId('import-chats-file').setInputFiles({
    name: 'chatgpt-export.zip',
    mimeType: 'application/zip',
    buffer: zip({ 'chat.html': strToU8('<html></html>'), 'conversations.json': sample }),
  });
  await expect(notice).toContainText('Imported 2 conversations (5 messages) from ChatGPT.', { timeout: 60_000 });
  await expect(page.getByText('Sourdough starter help').first()).toBeVisible();
  await screens(page, 'import-zip-done', notice);

  await page.getByTestId('import-chats-file').setInputFiles({
    name: 'photos.zip',
    mimeType: 'application/zip',
    buffer: zip({ 'holiday.txt': strToU8('not an export') }),
  });
  const error = page.getByTestId('data-error');
  await expect(error).toContainText('That ZIP has no conversations.json, so it is not a ChatGPT data export.');
  await screens(page, 'import-zip-refused', error);
});
