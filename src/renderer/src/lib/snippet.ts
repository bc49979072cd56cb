// The engine marks search matches with « »; these become <mark> segments in the UI. The
// snippet is only ever rendered as text, never as HTML.

export interface SnippetSegment {
  text: string;
  match: boolean;
}

export function snippetSegments(snippet: string, open = '«', close = '»'): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(open);
    const end = start === -1 ? -1 : rest.indexOf(close, start + open.length);
    if (start === -1 || end === -1) {
      push(segments, rest, false);
      break;
    }
    push(segments, rest.slice(0, start), false);
    push(segments, rest.slice(start + open.length, end), true);
    rest = rest.slice(end + close.length);
  }
  return segments;
}

function push(segments: SnippetSegment[], text: string, match: boolean): void {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && last.match === match) last.text += text;
  else segments.push({ text, match });
}
