import { expect, test } from './fixtures';
test('explore', async ({ page, mnemo }) => {
  mnemo.ollama.onChat((request) => (request.messages[0]?.content?.includes('short title') ? { text: 'Trip planning to Lisbon in May with a very long title' } : { text: 'Lisbon in **May** is lovely; pack a light jacket.' }));
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(mnemo.url);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('I am planning a trip to Lisbon in May.');
  await input.press('Enter');
  await expect(page.getByTestId('message-assistant').last()).toContainText('light jacket');
  await page.screenshot({ path: '/tmp/uic/chat-800.png' });
  await page.getByRole('button', { name: 'Context' }).click();
  await expect(page.getByTestId('context-inspector')).toBeVisible();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/uic/insp-800.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: '/tmp/uic/insp-1920.png' });
  await page.getByRole('button', { name: 'Close context inspector' }).click();
  await page.screenshot({ path: '/tmp/uic/chat-1920.png' });
  await page.setViewportSize({ width: 800, height: 600 });
  for (const v of ['History','Memory','Settings']) { await page.getByRole('link', { name: v, exact: true }).click(); await page.waitForTimeout(500); await page.screenshot({ path: `/tmp/uic/${v}-800.png` }); }
});
