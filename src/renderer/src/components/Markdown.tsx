// A message rendered as Markdown (GitHub flavour) with highlighted code (the languages in
// lib/code-highlight) and a copy button on each code block. Raw HTML in the text is never rendered as HTML.
import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { rehypeCodeHighlight } from '../lib/code-highlight';
import { CodeBlock } from './CodeBlock';

const rehypePlugins = [rehypeCodeHighlight];

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
};

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
