// Screenshots of the page as users see it: small and large windows, light and dark.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { screenshotDir } from './fixtures';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
] as const;

export async function screenshotAllWays(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}-${colorScheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (viewport) await page.setViewportSize(viewport);
}
