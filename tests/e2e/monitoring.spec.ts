// The Monitoring view against a real engine: its empty state, charts over seeded turn rows
// (written through the engine's own store), hints, filters, exports that read back as the
// rows in the filter, the diagnostics copy, axe and screenshots at two sizes in both themes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { parseMetricsCsv } from '../../src/main/engine/monitoring';
import type { Store } from '../../src/main/engine/store';
import { expect, screenshotDir, test } from './fixtures';

const HOUR = 3_600_000;
const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
];

async function axeAndScreenshots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Axe at one size (its findings do not depend on the width here; each scan is slow).
      if (size.width === 800) {
        const scan = await new AxeBuilder({ page }).analyze();
        const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${name}/${scheme}/${size.width}: ${v.id} (${v.nodes.length})`)).toEqual([]);
      }
      // The view scrolls within the window: its top, then its end.
      const main = page.locator('.monitoring-view');
      await main.evaluate((el) => el.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}-${scheme}.png`) });
      await main.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.width}x${size.height}-${scheme}-end.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe.configure({ timeout: 300_000 });

const turnsTotal = (page: Page) =>
  page
    .getByTestId('turn-totals')
    .locator('.figure')
    .filter({ hasText: /^Turns/ })
    .locator('dd');

test.describe('with no turns yet', () => {
  test('reached from the status strip, it explains what will appear', async ({ page, mnemo }) => {
    await page.goto(mnemo.url);
    await page.getByTestId('status-strip').getByRole('link', { name: 'Monitoring' }).click();
    await expect(page.getByRole('heading', { name: 'Monitoring', level: 1 })).toBeVisible();
    const empty = page.getByTestId('monitoring-empty');
    await expect(empty).toContainText('No turns recorded yet');
    await expect(empty).toContainText('how soon the model started answering');
    await expect(page.getByTestId('store-figures')).toContainText('Messages');
    await expect(page.locator('canvas')).toHaveCount(0);
    await axeAndScreenshots(page, 'monitoring-empty');
  });
});

/** Two conversations: 150 turns from three days to ten hours ago in the first, 50 in the last half hour in the second. */
const seeded = {
  write: (store: Store) => {
    const trips = store.conversations.create({ title: 'Trip planning' });
    const recipes = store.conversations.create({ title: 'Recipes' });
    store.messages.appendTurn({ conversationId: trips.id, role: 'user', content: 'Lisbon in May?' });
    store.summaries.create({
      conversationId: trips.id,
      content: 'They talked about Lisbon.',
      firstSeq: 1,
      lastSeq: 1,
      trigger: 'idle',
    });
    const now = Date.now();
    const row = (conversationId: string, at: number, i: number, squeezed: boolean) => ({
      conversationId,
      messageId: null,
      at,
      model: 'llama3.2:3b',
      outcome: 'complete' as const,
      assemblyMs: 900 + (i % 7) * 10,
      embedMs: 880 + (i % 5),
      retrievalHits: squeezed ? 0 : 4,
      retrievalMode: i % 10 === 0 ? ('keyword' as const) : ('hybrid' as const),
      summarizationRuns: 0,
      promptTokens: 3000,
      outputTokens: 120,
      toolCalls: 0,
      tokensBySection: {
        system: 180,
        tools: 220,
        core_memory: 40,
        memory: 90,
        summary: 120,
        retrieved: squeezed ? 0 : 600,
        recent: squeezed ? 2300 : 1700,
        user: 30,
      },
      firstTokenMs: 700 + (i % 11) * 20,
      generationMs: 4000,
      contextTokens: 2980,
      contextBudget: 3072,
    });
    for (let i = 0; i < 150; i++)
      store.metrics.record(row(trips.id, now - 3 * 24 * HOUR + i * 25 * 60_000, i, i % 2 === 0));
    for (let i = 0; i < 50; i++) store.metrics.record(row(recipes.id, now - 30 * 60_000 + i * 20_000, i, false));
  },
};

test.describe('with recorded turns', () => {
  test.use({ seed: seeded });

  test('charts, hints, filters, exports and diagnostics', async ({ page, mnemo, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(mnemo.url);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'Monitoring view' }).click();
    await expect(turnsTotal(page)).toHaveText('200');
    for (const id of ['chart-timing', 'chart-model', 'chart-sections', 'chart-retrieval', 'chart-summaries'])
      await expect(page.getByTestId(id).locator('canvas')).toBeVisible();
    // Hints the seeded figures call for, each saying what to do.
    await expect(page.getByTestId('hint-prompt-squeezed')).toContainText('no retrieved memories fit in 38% of turns');
    await expect(page.getByTestId('hint-slow-embedding')).toContainText('Embedding takes 88');
    await expect(page.getByTestId('hint-slow-embedding')).toContainText('CPU');
    // Every chart has a text alternative: a description and its table.
    const sections = page.getByTestId('chart-sections');
    await expect(sections.getByRole('img')).toHaveAttribute(
      'aria-label',
      /Stacked bar chart of the tokens each prompt spent/,
    );
    await sections.getByText('Show as table').click();
    await expect(sections.getByRole('table')).toContainText('Retrieved excerpts');
    await sections.getByText('Show as table').click();

    // Numbers on hover: the chart draws a tooltip where the pointer rests.
    const canvas = page.getByTestId('chart-timing').locator('canvas');
    const before = await canvas.screenshot();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await expect.poll(async () => Buffer.compare(await canvas.screenshot(), before) !== 0).toBe(true);
    await page.mouse.move(0, 0);

    await axeAndScreenshots(page, 'monitoring');

    // Filters: one conversation, then a shorter range.
    await page.getByRole('combobox', { name: 'Conversation' }).selectOption({ label: 'Recipes' });
    await expect(turnsTotal(page)).toHaveText('50');
    await expect(page.getByTestId('hint-prompt-squeezed')).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Conversation' }).selectOption({ label: 'All conversations' });
    await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'Last hour' });
    await expect(turnsTotal(page)).toHaveText('50');
    await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'Last 24 hours' });
    await expect(turnsTotal(page)).not.toHaveText('200');
    const inDay = Number(await turnsTotal(page).textContent());
    expect(inDay).toBeGreaterThan(50);

    // Exports hold exactly the rows in the filter, and read back.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^mnemo-metrics-.*\.csv$/);
    const csvRows = parseMetricsCsv(readFileSync((await csvDownload.path())!, 'utf8'));
    expect(csvRows).toHaveLength(inDay);
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8')) as { turns: unknown[] };
    expect(json.turns).toEqual(csvRows);

    // Diagnostics: the last 100 turns' figures, versions and settings, on the clipboard.
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect(page.getByTestId('monitoring-notice')).toContainText('Diagnostics copied');
    const report = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
      lastTurns: unknown[];
      versions: Record<string, string>;
      settings: Record<string, unknown>;
    };
    expect(report.lastTurns).toHaveLength(100);
    expect(report.versions['mnemo']).toBe('0.1.0');
    expect(report.settings).not.toHaveProperty('systemPrompt');
  });
});
