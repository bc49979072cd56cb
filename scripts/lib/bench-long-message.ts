// One very long message (20k tokens, about a book chapter pasted in): how long storing it
// takes (chunking and counting included) and how long putting it back together from its
// chunks takes, which is what showing or exporting it costs.
import { countTokens } from '../../src/main/engine/chunking';
import type { Engine } from '../../src/main/engine/engine';
import { round2, timingsOf, type Timings } from './measure';
import { longText } from './synthetic-history';

export interface LongMessageFigures {
  tokens: number;
  chunks: number;
  /** `appendTurn` of the whole message: chunking, counting, rows, FTS5, outbox. */
  store_ms: number;
  /** `chunks.reassemble` of the stored message. */
  reassemble_ms: Timings;
}

export function measureLongMessage(engine: Engine, options: { tokens: number; repeats: number }): LongMessageFigures {
  const { store } = engine.internals;
  const text = longText(options.tokens, countTokens);
  const conversation = store.conversations.create({ title: 'Bench: long message' });
  const started = performance.now();
  const message = store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: text });
  const storeMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    const at = performance.now();
    const back = store.chunks.reassemble(conversation.id, message.id);
    times.push(performance.now() - at);
    if (back !== text) throw new Error('The long message did not come back exactly as it was stored.');
  }
  return {
    tokens: message.tokenCount,
    chunks: store.chunks.forResponse(message.id).length,
    store_ms: round2(storeMs),
    reassemble_ms: timingsOf(times),
  };
}
