// Settings as a user meets the guards: an Ollama host off this machine asks for a confirmation
// naming it before it is used; a reply reserve larger than the window is refused with the
// reason beside the field; and an export file imported through the page goes in parts (an
// encrypted one asks for its passphrase, and is opened by the engine at the end).
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

// 192.0.2.0/24 is the documentation range: confirming it sends nothing anywhere.
test('a remote Ollama host needs a confirmation naming it; a reserve too large for the window is refused beside the field', async ({
  page,
  mnemo,
}) => {
  test.setTimeout(300_000);
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();

  const host = page.getByLabel('Ollama host');
  await host.fill('http://192.0.2.10:11434');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const confirm = page.getByTestId('remote-host-confirm');
  await expect(confirm).toContainText('Your messages will be sent to 192.0.2.10:11434');
  await expect(host).toHaveAttribute('aria-invalid', 'true');
  await scanAndShoot(page, 'settings-remote-host', confirm);
  await confirm.getByRole('button', { name: 'Send my messages to 192.0.2.10:11434' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Ollama host')).toHaveValue('http://192.0.2.10:11434');

  await page.getByLabel("Context length (tokens; empty = the model's own)").fill('512');
  await page.getByLabel('Reserved for the reply (tokens)').fill('100000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('reason-reservedOutputTokens')).toContainText('at most 256');
  await scanAndShoot(page, 'settings-reason', page.getByTestId('reason-reservedOutputTokens'));
});

const exportFile = () => ({
  format: 'mnemo-export',
  version: 1,
  exportedAt: 1,
  schemaVersion: 1,
  conversations: [
    {
      id: 'c1',
      title: 'Imported lighthouse notes',
      createdAt: 1,
      updatedAt: 1,
      archived: false,
      pinned: false,
      temporary: false,
      settings: {},
    },
  ],
  messages: [
    {
      id: 'm1',
      conversationId: 'c1',
      seq: 1,
      role: 'user',
      content: 'The keeper logs the weather at dawn.',
      status: 'complete',
      model: null,
      tokenCount: 0,
      error: null,
      createdAt: 1,
      updatedAt: 1,
    },
  ],
  summaries: [],
  memories: [],
  settings: {},
});

test('an export file imported through the page arrives whole', async ({ page, mnemo }) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByTestId('import-file').setInputFiles({
    name: 'export.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exportFile())),
  });
  await expect(page.getByTestId('data-notice')).toContainText('Imported 1 conversation (1 message)');
});

test('an encrypted export imported through the page asks for its passphrase, refuses a wrong one, opens with the right one', async ({
  page,
  mnemo,
}) => {
  await page.goto(mnemo.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const sealed = sealExport(JSON.stringify(exportFile()), 'tide tables 1887');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'export.mnemo-encrypted.json', mimeType: 'application/json', buffer: Buffer.from(sealed) });
  const passphrase = page.getByTestId('import-passphrase');
  await expect(passphrase).toBeVisible();
  await expect(page.getByText('This file is encrypted. Enter the passphrase')).toBeVisible();
  await passphrase.fill('tide tables 1888');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('That passphrase does not open this file. Check it and try again.', {
    timeout: 60_000,
  });
  await passphrase.fill('tide tables 1887');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('data-notice')).toContainText('Imported 1 conversation (1 message)', {
    timeout: 60_000,
  });
});
