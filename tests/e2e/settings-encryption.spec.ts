// Settings → Encryption as a user meets it in browser mode (the key is protected by the
// passphrase Mnemo was started with): what protects the data, changing the passphrase, and
// keeping the vector index in memory only; and the form an encrypted export asks for on
// import. Each is looked at in light and dark at 800x600 and 1920x1080 and scanned by axe.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { sealExport } from '../../src/main/engine/data/sealed-export';
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
          .map((v) => `${name}/${scheme}: ${v.id}`),
      ).toEqual([]);
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('Settings → Encryption says what protects the data and keeps the vector index in memory only when asked', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(300_000);
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Encryption' });
  await expect(section.getByTestId('encryption-status')).toContainText('protected by your passphrase');
  const inMemory = section.getByLabel('Keep the vector index in memory only');
  await expect(inMemory).not.toBeChecked();
  await inMemory.check();
  await expect(section.getByText('The vector index is now kept in memory only')).toBeVisible({ timeout: 60_000 });
  await expect(inMemory).toBeChecked();
  await expect(page.getByText('Vector index ready')).toBeVisible({ timeout: 60_000 });
  await section.getByTestId('new-passphrase').fill('short');
  await expect(section.getByText('At least 8 characters.')).toBeVisible();
  await scanAndShoot(page, 'settings-encryption', section);

  // Chosen once, kept: the page reloaded asks the engine again.
  await page.reload();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(
    page.getByRole('region', { name: 'Encryption' }).getByLabel('Keep the vector index in memory only'),
  ).toBeChecked();
});

test('an encrypted export asks for its passphrase on import, in a form that reads well', async ({ page, mnemo }) => {
  test.setTimeout(300_000);
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const sealed = sealExport(
    JSON.stringify({
      format: 'mnemo-export',
      version: 1,
      exportedAt: 0,
      conversations: [],
      summaries: [],
      memories: [],
      settings: {},
    }),
    'tide tables 1887',
  );
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'export.mnemo-encrypted.json', mimeType: 'application/json', buffer: Buffer.from(sealed) });
  const passphrase = page.getByTestId('import-passphrase');
  await expect(passphrase).toBeVisible();
  await expect(page.getByText('This file is encrypted. Enter the passphrase')).toBeVisible();
  await expect(page.getByTestId('data-error')).toBeHidden();
  await passphrase.fill('tide tables');
  await scanAndShoot(page, 'import-passphrase', passphrase);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('That passphrase does not open this file. Check it and try again.', {
    timeout: 60_000,
  });
  await expect(passphrase).toBeVisible();
  await scanAndShoot(page, 'import-wrong-passphrase', passphrase);
});
