// A code block in a reply, with a button that copies its code (the text as written, without
// the highlighting's markup).
import { useRef, type ReactNode } from 'react';
import { copyText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { useToasts } from '../stores/toast-store';

export function CodeBlock({ children }: { children?: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  const copy = () =>
    copyText(ref.current?.textContent ?? '').then(
      () => useToasts.getState().show({ message: 'Code copied to the clipboard.' }, 3_000),
      (error) => useToasts.getState().show({ message: `Could not copy: ${errorMessage(error)}`, tone: 'error' }),
    );
  return (
    <div className="code-block">
      <button type="button" className="code-copy" onClick={() => void copy()}>
        Copy code
      </button>
      <pre ref={ref}>{children}</pre>
    </div>
  );
}
