// A search snippet with its matches marked; the text is rendered as text, never as HTML.
import { snippetSegments } from '../lib/snippet';

export function Snippet({ text }: { text: string }) {
  return (
    <span className="snippet">
      {snippetSegments(text).map((segment, i) =>
        segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </span>
  );
}
