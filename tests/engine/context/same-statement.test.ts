// When two chunks "say the same thing": same kind, same role, same words once case, spacing
// and Unicode compatibility forms are folded; ASCII text takes a shortcut that must agree.
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/shared/domain';
import { sameStatementKey } from '../../../src/main/engine/context/retriever';

const chunk = (text: string, over: Partial<Chunk> = {}): Chunk => ({
  id: 'm:0', conversationId: 'c', responseId: 'm', chunkIndex: 0, role: 'user', type: 'message', text, tokenCount: 5, archived: false, createdAt: 0, ...over,
});

describe('sameStatementKey', () => {
  it('folds case and runs of whitespace, in ASCII and beyond', () => {
    expect(sameStatementKey(chunk('Work was  busy\tbut fine. '))).toBe(sameStatementKey(chunk('work was busy but FINE.')));
    expect(sameStatementKey(chunk('Café  OUVERT\n'))).toBe(sameStatementKey(chunk('café ouvert')));
  });

  it('folds compatibility forms (ligatures, full-width letters) to their plain text', () => {
    expect(sameStatementKey(chunk('The ﬁle is ready'))).toBe(sameStatementKey(chunk('the file is ready')));
    expect(sameStatementKey(chunk('ＡＢＣ plan'))).toBe(sameStatementKey(chunk('abc plan')));
  });

  it('keeps apart what differs in words, role or kind', () => {
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(sameStatementKey(chunk('Work was quiet.')));
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(sameStatementKey(chunk('Work was busy.', { role: 'assistant' })));
    expect(sameStatementKey(chunk('Work was busy.'))).not.toBe(sameStatementKey(chunk('Work was busy.', { type: 'summary' })));
  });
});
