// The UI in Simplified Chinese: chosen in Settings, applied at once without a reload (and <html
// lang> with it), kept after a reload. Chat, the context inspector, History, Memory, Settings and
// Monitoring are walked in Chinese: axe finds no serious issue, no English sentence of the UI
// is left on the page, and screenshots at both sizes and in both themes are written to look at.
// What the engine decides is said in Chinese too: the inspector's reasons, a health hint and a
// field refused by the engine (it sends codes with values; the renderer words them).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotAllWays } from './screens';

test.describe.configure({ timeout: 420_000 });

// Chinese content, so any run of English words on the page is the UI's own, untranslated.
test.use({
  seed: {
    write: (store) => {
      const trip = store.conversations.create({ title: '五月去里斯本旅行' });
      store.messages.appendTurn({ conversationId: trip.id, role: 'user', content: '五月去里斯本要带什么？' });
      store.messages.appendTurn({
        conversationId: trip.id,
        role: 'assistant',
        content: '一件薄外套、一双好走的鞋和防晒霜：五月很**温和**，但风有点凉。',
      });
      store.conversations.setPinned(trip.id, true);
      const garden = store.conversations.create({ title: '花园笔记' });
      store.messages.appendTurn({ conversationId: garden.id, role: 'user', content: '榅桲树什么时候修剪？' });
      store.memories.create(
        { content: '坐火车喜欢靠窗的座位', category: '旅行', importance: 4, source: 'user' },
        'user',
      );
      // Turns whose query embedding was slow: Monitoring's hint about it.
      const now = Date.now();
      for (let i = 0; i < 12; i++)
        store.metrics.record({
          conversationId: trip.id,
          messageId: null,
          at: now - (i + 1) * 60_000,
          model: 'llama3.2:3b',
          outcome: 'complete',
          assemblyMs: 1250,
          embedMs: 1200,
          firstTokenMs: 700,
          generationMs: 4000,
          retrievalHits: 3,
          retrievalMode: 'hybrid',
          summarizationRuns: 0,
          promptTokens: 900,
          outputTokens: 120,
          toolCalls: 0,
          tokensBySection: { system: 180, user: 30, recent: 600, retrieved: 90 },
          contextTokens: 900,
          contextBudget: 3072,
        });
    },
  },
});

/** Three or more English words in a row: a sentence of the UI left in English. */
const ENGLISH_RUN = /\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b/g;
/** Names that are the same in every language. */
const NAMES = /Open WebUI|WenQuanYi|Shift\+Enter/g;

async function englishLeft(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.replace(NAMES, '').match(ENGLISH_RUN) ?? [];
}

async function checkView(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await englishLeft(page), `${name}: English left on the page`).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const scan = await new AxeBuilder({ page }).analyze();
    const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${name}/${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target).join(', ')})`)).toEqual(
      [],
    );
  }
  await screenshotAllWays(page, `zh-${name}`);
}

test('the UI switches to Simplified Chinese in Settings, at once, and every view reads in Chinese', async ({
  page,
  mnemo,
}) => {
  await page.goto(mnemo.url);
  // The test browser says en-US: the system default is English.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Same as the system (English)' })).toBeChecked();

  await page.getByRole('radio', { name: '简体中文' }).check();
  // Applied without a reload: the page is the same document, now in Chinese.
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('link', { name: '历史', exact: true })).toBeVisible();
  await checkView(page, 'settings');

  // A field only the engine refuses (an address it cannot use), said beside the field in Chinese.
  const host = page.locator('#setting-ollamaHost');
  const original = await host.inputValue();
  await host.fill('ftp://127.0.0.1:11434');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByTestId('reason-ollamaHost')).toHaveText(
    '请输入以 http:// 或 https:// 开头的地址，例如 http://127.0.0.1:11434。',
  );
  await checkView(page, 'settings-refused');
  await host.fill(original);

  await page.getByTestId('conversation-link').first().click();
  await expect(page.getByTestId('message-assistant')).toContainText('薄外套');
  // A reply written now, so the inspector has a real context to show.
  mnemo.ollama.onChat(() => ({ text: '带上雨伞也不错。' }));
  await page.getByRole('textbox', { name: '消息' }).fill('还要带雨伞吗？');
  await page.getByRole('textbox', { name: '消息' }).press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('雨伞');
  await checkView(page, 'chat');
  await page.getByTestId('message-assistant').last().getByRole('button', { name: '为什么这样回复？' }).click();
  const inspector = page.getByTestId('context-inspector');
  await expect(inspector.getByRole('heading', { name: '为什么这样回复？' })).toBeVisible();
  await expect(inspector.getByRole('figure')).toContainText('已用');
  // Why each item is in, in Chinese (the engine sent codes).
  await expect(inspector.getByText('你的系统提示词，随每条消息一起发送。')).toBeVisible();
  await expect(inspector.getByText('你的消息。', { exact: true })).toBeVisible();
  await expect(inspector.getByText('本对话最近的轮次之一。').first()).toBeVisible();
  await screenshotAllWays(page, 'zh-inspector');
  await page.getByRole('button', { name: '关闭上下文检查器' }).click();

  await page.getByRole('link', { name: '历史', exact: true }).click();
  // Plurals and dates in Chinese: "2 个对话", "2026年12月6日 14:05".
  await expect(page.getByText('2 个对话')).toBeVisible();
  await expect(page.locator('.history-item .muted').first()).toHaveText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await checkView(page, 'history');

  await page.getByRole('link', { name: '记忆', exact: true }).click();
  await expect(page.getByTestId('memory-count')).toHaveText('1 条记忆');
  await checkView(page, 'memory');

  await page.getByRole('link', { name: '监控', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '监控' })).toBeVisible();
  const hint = page.getByTestId('hint-slow-embedding');
  await expect(hint).toContainText('每轮嵌入需要 1,200 毫秒。');
  await expect(hint).toContainText('嵌入模型是在 CPU 上运行吗？');
  await checkView(page, 'monitoring');

  // Kept across a restart of the window; English again when chosen.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('link', { name: '设置', exact: true }).click();
  await page.getByRole('radio', { name: 'English', exact: true }).check();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
