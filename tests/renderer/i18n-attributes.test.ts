// The attributes a person reads or hears (a tooltip, a screen reader's name, a placeholder, an
// image's text) come from t(), like text in JSX (which ESLint's i18next rule guards). A quoted
// literal in one of them is English only: this scan of the renderer's .tsx files finds it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../src/renderer/src');
const SPOKEN = ['aria-label', 'title', 'placeholder', 'alt', 'label', 'confirmLabel', 'body'];
/** A spoken attribute given a quoted string that holds a letter: title="Close" but not title="" or title="×". */
const LITERAL = new RegExp(
  `\\s(${SPOKEN.join('|')})=(?:"([^"]*\\p{L}[^"]*)"|\\{\\s*'([^']*\\p{L}[^']*)'\\s*\\}|\\{\\s*\`([^\`$]*\\p{L}[^\`$]*)\`\\s*\\})`,
  'gu',
);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsxFiles(join(dir, entry.name)) : entry.name.endsWith('.tsx') ? [join(dir, entry.name)] : [],
  );
}

export function literalAttributes(source: string): string[] {
  return [...source.matchAll(LITERAL)].map((m) => m[0].trim());
}

describe('spoken attributes in the renderer', () => {
  it('finds a literal where there is one (the scan itself works)', () => {
    expect(literalAttributes('<button aria-label="Close the panel" title={t(\'x\')}>')).toEqual([
      'aria-label="Close the panel"',
    ]);
    expect(literalAttributes("<input placeholder={'Type here'} />")).toEqual(["placeholder={'Type here'}"]);
    expect(literalAttributes('<a title="" aria-label={label}>')).toEqual([]);
  });

  it('are never English literals', () => {
    const found = tsxFiles(ROOT).flatMap((file) =>
      literalAttributes(readFileSync(file, 'utf8')).map((attribute) => `${file.slice(ROOT.length + 1)}: ${attribute}`),
    );
    expect(found).toEqual([]);
  });
});
