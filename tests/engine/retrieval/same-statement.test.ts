// When two chunks "say the same thing": same kind, same role, same words once case, spacing
// and Unicode compatibility forms are folded; ASCII text takes a shortcut that must agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/shared/domain';
import { sameStatementKey } from '../../../src/main/engine/retrieval/statement-key';

const chunk = (text: string, over: Partial<Chunk> = {}): Chunk => ({
  id: 'm:0',
  conversationId: 'c',
  responseId: 'm',
  chunkIndex: 0,
  role: 'user',
  type: 'message',
  text,
  tokenCount: 5,
  archived: false,
  createdAt: 0,
  ...over,
});

describe('sameStatementKey', () => {
  it('folds case and runs of whitespace, in ASCII and beyond', () => {
    expect(sameStatementKey(chunk('Work was  busy\tbut fine. '))).toBe(
      sameStatementKey(chunk('work was busy but FINE.')),
    );
    expect(sameStatementKey(chunk('Café  OUVERT\n'))).toBe(sameStatementKey(chunk('café ouvert')));
  });

  it('folds compatibility forms (ligatures, full-width letters) to their plain text', () => {
    expect(sameStatementKey(chunk('The ﬁle is ready'))).toBe(sameStatementKey(chunk('the file is ready')));
    expect(sameStatementKey(chunk('ＡＢＣ plan'))).toBe(sameStatementKey(chunk('abc plan')));
  });

  it('folds ASCII on its shortcut exactly as the general path folds it', () => {
    // A trailing no-break space sends the same text down the general path (NFKC makes it a space, then it is trimmed).
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', 'z', ' ', '\t', '\n', '\r', '.', '7', '\u000b') }),
        (text) => {
          expect(sameStatementKey(chunk(text))).toBe(sameStatementKey(chunk(`${text}\u00a0`)));
        },
      ),
    );
  });

  it('keys a long text by a short hash of its words, which still tells texts apart', () => {
    const long = 'The lease renewal needs both signatures. '.repeat(50);
    expect(sameStatementKey(chunk(long)).length).toBeLessThan(60);
    expect(sameStatementKey(chunk(long))).toBe(sameStatementKey(chunk(long.toUpperCase().replaceAll(' ', '  '))));
    expect(sameStatementKey(chunk(long))).not.toBe(sameStatementKey(chunk(`${long}x`)));
    expect(sameStatementKey(chunk(long))).not.toBe(sameStatementKey(chunk(long.replace('lease', 'least'))));
  });

  it('keeps apart what differs in words, role or kind', () => {
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(sameStatementKey(chunk('Work was quiet.')));
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(
      sameStatementKey(chunk('Work was busy.', { role: 'assistant' })),
    );
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(
      sameStatementKey(chunk('Work was busy.', { type: 'summary' })),
    );
  });
});
