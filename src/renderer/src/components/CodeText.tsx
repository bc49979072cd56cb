// Text from the engine (errors, hints) where a command is written between backticks, as in
// "Start it with `ollama serve`": the command is shown as code, never with literal backticks.
import { Fragment } from 'react';

const COMMAND = /`([^`]+)`/g;

/** The same text for places that cannot show code (a tooltip, a screen-reader announcement): without the backticks. */
export function plainText(text: string): string {
  return text.replace(COMMAND, '$1');
}

export function CodeText({ text }: { text: string }) {
  const parts = text.split(COMMAND);
  return (
    <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>
  );
}
