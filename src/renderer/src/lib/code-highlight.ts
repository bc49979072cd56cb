// Syntax highlighting for fenced code in messages: a small rehype plugin over lowlight with a
// deliberate set of languages. rehype-highlight always bundles lowlight's 37 `common` grammars
// (it falls back to them at run time), even when given fewer, so it is not used here.
// A fence in a language not listed below is shown as plain, unhighlighted code.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';

/** The grammars bundled; each brings its own aliases (js, ts, py, sh, html, yml, …). */
export const HIGHLIGHT_LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  plaintext,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};

const lowlight = createLowlight(HIGHLIGHT_LANGUAGES);

/** The rehype plugin: highlights `<pre><code class="language-x">` when x is registered. */
export function rehypeCodeHighlight() {
  return (tree: Root) => visitCodeBlocks(tree);
}

function visitCodeBlocks(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (node.type === 'element' && node.tagName === 'pre' && child.tagName === 'code') highlightBlock(child);
    else visitCodeBlocks(child);
  }
}

function highlightBlock(code: Element): void {
  const language = languageOf(code);
  if (!language || !lowlight.registered(language)) return;
  const result = lowlight.highlight(language, textOf(code), { prefix: 'hljs-' });
  const classes = Array.isArray(code.properties['className']) ? code.properties['className'] : [];
  code.properties['className'] = ['hljs', ...classes];
  if (result.children.length > 0) code.children = result.children as ElementContent[];
}

/** `language-x` or `lang-x`, unless the block opts out with `no-highlight`. */
export function languageOf(code: Element): string | null {
  const classes = code.properties['className'];
  if (!Array.isArray(classes)) return null;
  const names = classes.map(String);
  if (names.includes('no-highlight') || names.includes('nohighlight')) return null;
  for (const name of names) {
    const match = /^(?:language|lang)-(.+)$/.exec(name);
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}

function textOf(node: Element | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}
