import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../src/renderer/src/components/Markdown';
import { HIGHLIGHT_LANGUAGES } from '../../src/renderer/src/lib/code-highlight';

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));
const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

describe('code highlighting in messages', () => {
  it('highlights the bundled languages, by name and by alias', () => {
    for (const [language, code] of [
      ['typescript', 'const x: number = 1;'],
      ['ts', 'interface A { b: string }'],
      ['py', 'def f():\n    return None'],
      ['sh', 'if true; then echo hi; fi'],
      ['html', '<div class="a">x</div>'],
      ['yml', 'key: "value"'],
      ['rust', 'fn main() { let x = 1; }'],
    ] as const) {
      const html = render(fence(language, code));
      expect(html, language).toContain('class="hljs language-');
      expect(html, language).toMatch(/<span class="hljs-[a-z]+/);
    }
  });

  it('shows code in an unbundled or unnamed language as plain text, unchanged', () => {
    for (const text of [fence('cobol', 'DISPLAY "HI".'), fence('', 'plain <b>text</b>')]) {
      const html = render(text);
      expect(html).not.toContain('hljs');
      expect(html).toContain('<pre><code');
    }
    expect(render(fence('cobol', 'DISPLAY "HI".'))).toContain('DISPLAY &quot;HI&quot;.');
  });

  it('keeps the text of highlighted code exactly, and never renders raw HTML', () => {
    const code = 'const a = "<script>alert(1)</script>";\n// done';
    const html = render(fence('js', code));
    expect(html).not.toContain('<script>');
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, '&');
    expect(text).toContain(code);
  });

  it('bundles a deliberate set of common languages', () => {
    expect(Object.keys(HIGHLIGHT_LANGUAGES).sort()).toEqual(
      [
        'bash',
        'c',
        'cpp',
        'csharp',
        'css',
        'diff',
        'go',
        'java',
        'javascript',
        'json',
        'kotlin',
        'markdown',
        'plaintext',
        'python',
        'ruby',
        'rust',
        'shell',
        'sql',
        'swift',
        'typescript',
        'xml',
        'yaml',
      ].sort(),
    );
  });
});
