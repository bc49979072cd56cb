// Find in chat (Ctrl/Cmd+F): a bar above the messages with the query, "3 of 12", and buttons
// to move; Enter and Shift+Enter move too, Escape closes. `useFindInChat` owns the state, opens
// on the shortcut, brings the current hit's message into the (virtual) list and paints the
// hits on whatever rows are in the page, again whenever the rows change.
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/domain';
import { clearFindHits, paintFindHits } from '../lib/find-highlight';
import { findHits, hitCountText, stepHit, type FindHit } from '../lib/find-in-chat';
import { onShortcut } from '../lib/shortcuts';

export interface FindInChat {
  /** The bar, or null while closed. */
  bar: ReactNode;
  /** The message of the current hit, for the list to bring into view. */
  revealId: string | null;
}

export function useFindInChat(messages: Message[], root: RefObject<HTMLElement | null>): FindInChat {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const hits = useMemo(() => (open ? findHits(messages, query) : []), [open, messages, query]);
  const hit: FindHit | null = hits[current] ?? null;
  // A new hit asked for: scroll to it once it is painted.
  const scrollPending = useRef(false);

  useEffect(
    () =>
      onShortcut('find-in-chat', () => {
        if (!open) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setOpen(true);
        requestAnimationFrame(() => input.current?.select());
        return true;
      }),
    [open],
  );

  // The query changed: start from the first hit.
  useEffect(() => {
    setCurrent(hits.length > 0 ? 0 : -1);
    scrollPending.current = true;
  }, [query, open]);

  // Paint now and whenever rows enter, leave or change (scrolling, streaming, a new branch).
  useEffect(() => {
    const element = root.current;
    if (!open || !element) return clearFindHits;
    let frame = 0;
    const paint = () => {
      frame = 0;
      const range = paintFindHits(element, query, hit);
      if (range && scrollPending.current) {
        scrollPending.current = false;
        range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      }
    };
    paint();
    const observer = new MutationObserver(() => (frame ||= requestAnimationFrame(paint)));
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      clearFindHits();
    };
  }, [open, query, hit?.messageId, hit?.occurrence, root]);

  const move = (direction: 1 | -1) => {
    setCurrent((at) => stepHit(at, hits.length, direction));
    scrollPending.current = true;
  };
  const close = () => {
    setOpen(false);
    returnFocus.current?.focus();
  };

  const bar = open ? (
    <div className="find-bar" role="search" aria-label={t('find.label')}>
      <label htmlFor="find-in-chat" className="visually-hidden">
        {t('find.label')}
      </label>
      <input
        id="find-in-chat"
        ref={input}
        type="search"
        value={query}
        placeholder={t('find.label')}
        autoFocus
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            move(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            // Closing the bar, not stopping a reply being written (the chat's own Escape).
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
      />
      <span className="find-count" aria-live="polite" data-testid="find-count">
        {hitCountText(current, hits.length, query)}
      </span>
      <button type="button" aria-label={t('find.previous')} disabled={hits.length === 0} onClick={() => move(-1)}>
        ↑
      </button>
      <button type="button" aria-label={t('find.next')} disabled={hits.length === 0} onClick={() => move(1)}>
        ↓
      </button>
      <button type="button" aria-label={t('find.close')} onClick={close}>
        ✕
      </button>
    </div>
  ) : null;

  return { bar, revealId: hit?.messageId ?? null };
}
