// A conversation's messages as a virtual list: only the rows near the viewport are in the DOM,
// so a conversation of thousands of turns stays smooth. Rows are measured as they render
// (Markdown, code, a reply growing as it streams). The list follows the end while the reader
// is there and stays put once they scroll up; it opens at a message when asked (a search hit,
// a context item); and, as an ARIA feed, Page Up / Page Down / Home / End move focus from
// message to message, with the focused message kept rendered wherever the list scrolls.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/domain';

export interface MessageListProps {
  messages: Message[];
  /** The message to open at: scrolled into view, focused, and kept rendered. */
  targetId: string | null;
  /** A message to bring into view (kept rendered) without moving focus: the current find hit. */
  revealId?: string | null;
  /** A reply is being written (the feed is changing). */
  busy: boolean;
  renderMessage: (message: Message, position: { index: number; count: number }) => ReactNode;
  /** Shown above the feed, e.g. what to do in an empty chat. */
  children?: ReactNode;
}

/** A first guess at a row's height; rows are measured once rendered. */
const ESTIMATED_ROW_PX = 120;
const ROW_GAP_PX = 12;
const LIST_PADDING_PX = 16;
/** How close to the end still counts as "reading the latest", so the list follows. */
const FOLLOW_THRESHOLD_PX = 48;

const FEED_KEYS: Record<string, (index: number, count: number) => number> = {
  PageDown: (i) => i + 1,
  PageUp: (i) => i - 1,
  Home: () => 0,
  End: (_i, count) => count - 1,
};

export function MessageList({ messages, targetId, revealId = null, busy, renderMessage, children }: MessageListProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusedIndex = useRef(-1);
  const pendingFocus = useRef(-1);
  const count = messages.length;
  const targetIndex = targetId ? messages.findIndex((m) => m.id === targetId) : -1;
  const revealIndex = revealId ? messages.findIndex((m) => m.id === revealId) : -1;

  // The target and the focused message stay rendered even when scrolled far away, so focus
  // is never dropped to the page and a jump always finds its element.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const extra = [targetIndex, revealIndex, focusedIndex.current].filter(
        (i, n, all) => i >= 0 && i < range.count && !indexes.includes(i) && all.indexOf(i) === n,
      );
      return extra.length === 0 ? indexes : [...indexes, ...extra].sort((a, b) => a - b);
    },
    [targetIndex, revealIndex],
  );

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => messages[index]?.id ?? index,
    rangeExtractor,
    overscan: 6,
    gap: ROW_GAP_PX,
    paddingStart: LIST_PADDING_PX,
    paddingEnd: LIST_PADDING_PX,
    // Chat scrolling: a growing or new last message keeps the view at the end only while the
    // reader is there; rows measured above the viewport do not move what they are reading.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: FOLLOW_THRESHOLD_PX,
  });

  // Open at the latest message, unless opened at a particular one.
  useLayoutEffect(() => {
    // Only when the list is first shown; each conversation gets a list of its own.
    if (!targetId) virtualizer.scrollToEnd();
  }, [virtualizer]);

  // A new turn (the user sent, regenerated or edited): show it, even when scrolled up.
  const last = messages[count - 1];
  const startedTurn = last?.status === 'streaming' ? last.id : null;
  const seenTurn = useRef(startedTurn);
  useEffect(() => {
    if (!startedTurn || startedTurn === seenTurn.current) return;
    seenTurn.current = startedTurn;
    virtualizer.scrollToEnd();
  }, [startedTurn, virtualizer]);

  // Opened at a message: bring it into view and give it focus once it is loaded.
  const targetLoaded = targetIndex >= 0;
  useEffect(() => {
    if (!targetLoaded) return;
    virtualizer.scrollToIndex(targetIndex, { align: 'center' });
    focusIndex(targetIndex);
    // Once per target: messages arriving later must not pull the reader back to it.
  }, [targetId, targetLoaded]);

  // The current find hit: its row is brought to the middle; the hit itself is scrolled to once painted.
  useEffect(() => {
    if (revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: 'center' });
  }, [revealId]);

  // A message asked for focus before its row was rendered: focus it now that it is.
  useLayoutEffect(() => {
    if (pendingFocus.current >= 0) focusIndex(pendingFocus.current);
  });

  function focusIndex(index: number): void {
    focusedIndex.current = index;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] > article`);
    pendingFocus.current = element ? -1 : index;
    element?.focus({ preventScroll: true });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const move = FEED_KEYS[event.key];
    const target = event.target as HTMLElement;
    if (!move || event.altKey || event.ctrlKey || event.metaKey || target.closest('textarea, input, select')) return;
    const row = target.closest<HTMLElement>('[data-index]');
    if (!row) return;
    const next = Math.min(count - 1, Math.max(0, move(Number(row.dataset['index']), count)));
    event.preventDefault();
    virtualizer.scrollToIndex(next, { align: 'auto' });
    focusIndex(next);
  }

  return (
    <div className="messages" ref={scrollRef}>
      {children}
      {count > 0 && (
        <div
          role="feed"
          aria-label={t('message.messages')}
          aria-busy={busy}
          className="message-rows"
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onKeyDown}
          onFocus={(e) => {
            const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
            if (row) focusedIndex.current = Number(row.dataset['index']);
          }}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focusedIndex.current = -1;
          }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const message = messages[row.index];
            if (!message) return null;
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="message-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {renderMessage(message, { index: row.index, count })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
