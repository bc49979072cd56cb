// The handlers are typed from the contract's map: one per method, and one whose input or
// output drifts from its method does not compile. `npm run typecheck` holds the two marked
// lines below: if either drift compiled, its expect-error marker would itself be the error.
import { describe, expect, it } from 'vitest';
import { contractHandlers, type Handlers } from '../../../src/main/engine/api';
import type { EngineServices } from '../../../src/main/engine/services';
import { METHOD_NAMES, type ValidInput } from '../../../src/shared/contract';

// @ts-expect-error: a handler reading another method's input does not fit chat.send.
export const wrongInput: Handlers['chat.send'] = async (input: ValidInput<'chat.stop'>) => ({
  conversationId: input.conversationId,
  userMessage: null as never,
  assistantMessageId: '',
});
// @ts-expect-error: a handler answering another method's output does not fit chat.send.
export const wrongOutput: Handlers['chat.send'] = async () => ({ stopped: true });

describe('contract handlers', () => {
  it('implement every method of the contract, and nothing else', () => {
    const services = {} as EngineServices; // only the map's keys are read here
    expect(Object.keys(contractHandlers(services)).sort()).toEqual([...METHOD_NAMES].sort());
  });
});
