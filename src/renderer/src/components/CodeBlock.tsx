// A code block in a reply, with a button that copies its code (the text as written, without
// the highlighting's markup).
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { useToasts } from '../stores/toast-store';

export function CodeBlock({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLPreElement>(null);
  const copy = () =>
    copyText(ref.current?.textContent ?? '').then(
      () => useToasts.getState().show({ message: t('common.codeCopied') }, 3_000),
      (error) =>
        useToasts.getState().show({ message: t('chat.copyFailed', { error: errorMessage(error) }), tone: 'error' }),
    );
  return (
    <div className="code-block">
      <button type="button" className="code-copy" onClick={() => void copy()}>
        {t('common.copyCode')}
      </button>
      <pre ref={ref}>{children}</pre>
    </div>
  );
}
