// Paints find-in-chat hits on the messages now in the page (the list is virtual: rows come
// and go as it scrolls, and the caller paints again when they do). Uses the CSS Custom
// Highlight API, so the rendered Markdown is never rewritten: ranges over its text nodes are
// registered under two names that styles.css colours (`::highlight(find-hit)`).
import { occurrences, type FindHit } from './find-in-chat';

const HIT = 'find-hit';
const CURRENT = 'find-current';

const supported = () => typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

/** Paints every hit under `root`; returns the current hit's range when it is in the page. */
export function paintFindHits(root: ParentNode, query: string, current: FindHit | null): Range | null {
  if (!supported()) return null;
  const hits = new Highlight();
  const now = new Highlight();
  let currentRange: Range | null = null;
  if (query.trim()) {
    for (const article of root.querySelectorAll<HTMLElement>('article[id^="message-"]')) {
      const body = article.querySelector('.markdown');
      if (!body) continue;
      const ranges = rangesOf(body, query.trim());
      const isCurrent = current !== null && article.id === `message-${current.messageId}`;
      const pick = isCurrent ? Math.min(current.occurrence, ranges.length - 1) : -1;
      ranges.forEach((range, i) => {
        if (i === pick) {
          now.add(range);
          currentRange = range;
        } else hits.add(range);
      });
    }
  }
  CSS.highlights.set(HIT, hits);
  CSS.highlights.set(CURRENT, now);
  return currentRange;
}

export function clearFindHits(): void {
  if (!supported()) return;
  CSS.highlights.delete(HIT);
  CSS.highlights.delete(CURRENT);
}

/** Ranges of `query` in the text of `body`, across element boundaries (bold, links, code). */
function rangesOf(body: Element, query: string): Range[] {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    starts.push(text.length);
    nodes.push(node as Text);
    text += (node as Text).data;
  }
  const at = (offset: number): [Text, number] => {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > offset) i--;
    return [nodes[i]!, offset - starts[i]!];
  };
  return occurrences(text, query).map((start) => {
    const range = document.createRange();
    const [startNode, startOffset] = at(start);
    const [endNode, endOffset] = at(start + query.length - 1);
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset + 1);
    return range;
  });
}
