// Which language a person gets, and dates, numbers and sizes in it.
import { describe, expect, it } from 'vitest';
import { i18n, t } from '../../src/renderer/src/i18n';
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../../src/renderer/src/i18n/format';
import { resolveLanguage, systemLanguage } from '../../src/renderer/src/i18n/languages';

describe('the UI language', () => {
  it('follows the first system language it has', () => {
    expect(systemLanguage(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(systemLanguage(['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(systemLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(systemLanguage(['ja-JP'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });

  it('is the chosen one when a person chose', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['zh-Hans-CN'])).toBe('zh-CN');
  });

  it('switches every string at once', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(t('sidebar.newChat')).toBe('新对话');
    await i18n.changeLanguage('en');
    expect(t('sidebar.newChat')).toBe('New chat');
  });
});

describe('locale-aware formatting', () => {
  const at = Date.UTC(2026, 11, 6, 14, 5);

  it('writes dates the way each language does, never an ISO stamp', () => {
    expect(formatDateTime('zh-CN', at)).toMatch(/^2026年12月\d+日 \d{2}:\d{2}$/);
    expect(formatDateTime('en', at)).toMatch(/^Dec \d+, 2026, \d{1,2}:\d{2}\s[AP]M$/);
  });

  it('says how long ago in words', () => {
    const now = at + 3 * 60_000;
    expect(formatRelative('en', at, now)).toBe('3 minutes ago');
    expect(formatRelative('zh-CN', at, now)).toBe('3分钟前');
    expect(formatRelative('en', at, at + 86_400_000)).toBe('yesterday');
    expect(formatRelative('zh-CN', at, at + 86_400_000)).toBe('昨天');
    expect(formatRelative('en', at, at + 10_000)).toBe('now');
  });

  it('groups digits and sizes numbers per language', () => {
    expect(formatNumber('en', 12345.5)).toBe('12,345.5');
    expect(formatNumber('de', 12345.5)).toBe('12.345,5');
    expect(formatBytes('en', 1_500_000)).toBe('1.5 MB');
    expect(formatBytes('en', 512)).toBe('512 B');
    expect(formatBytes('zh-CN', 2_000_000_000)).toBe('2 GB');
  });
});
