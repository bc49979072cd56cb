// Every string the UI shows exists in every language with the same placeholders: a key added to
// one locale only, or a {{variable}} dropped in translation, fails here rather than in front of a user.
import { describe, expect, it } from 'vitest';
import en from '../../src/renderer/src/i18n/locales/en.json';
import zhCN from '../../src/renderer/src/i18n/locales/zh-CN.json';

type Tree = { [key: string]: string | Tree };
const LOCALES: Record<string, Tree> = { en, 'zh-CN': zhCN };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** Keys with plural forms folded to their base: languages need different forms ("one" in English, none in Chinese). */
function baseKeys(tree: Tree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of leaves(tree)) {
    const base = key.replace(PLURAL_SUFFIX, '');
    out.set(base, [...(out.get(base) ?? []), value]);
  }
  return out;
}

function variables(texts: string[]): string[] {
  const names = texts.flatMap((text) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''));
  return [...new Set(names)].sort();
}

describe('the UI locales', () => {
  const reference = baseKeys(en);

  it.each(Object.keys(LOCALES))('%s has exactly the English keys', (language) => {
    expect([...baseKeys(LOCALES[language]!).keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each(Object.keys(LOCALES))('%s uses the same {{variables}} as English in every string', (language) => {
    const mismatched = [...baseKeys(LOCALES[language]!)]
      .filter(
        ([key, texts]) => JSON.stringify(variables(texts)) !== JSON.stringify(variables(reference.get(key) ?? [])),
      )
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it.each(Object.keys(LOCALES))('%s has exactly the plural forms its language uses', (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const byBase = new Map<string, string[]>();
    for (const key of leaves(LOCALES[language]!).keys()) {
      const suffix = PLURAL_SUFFIX.exec(key)?.[1];
      if (suffix)
        byBase.set(key.replace(PLURAL_SUFFIX, ''), [...(byBase.get(key.replace(PLURAL_SUFFIX, '')) ?? []), suffix]);
    }
    for (const [base, forms] of byBase)
      expect({ base, forms: forms.sort() }).toEqual({ base, forms: [...categories].sort() });
  });

  it.each(Object.keys(LOCALES))('%s has no empty string', (language) => {
    expect([...leaves(LOCALES[language]!)].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});
