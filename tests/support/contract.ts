// Calls the engine the way the renderer does: through the contract's `dispatch`, with its
// validation and typed error envelope. `call` unwraps a success; `fail` unwraps an error.
import type { MethodInput, MethodName, MethodOutputs } from '../../src/shared/contract';
import type { SerializedError } from '../../src/shared/errors';
import { EngineApi } from '../../src/main/engine/api';
import type { Engine } from '../../src/main/engine/engine';
import type { ChatRequestBody, ChatScript } from '../../testkit/ollama-server';

export interface ContractClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]>;
  fail<M extends MethodName>(method: M, input: MethodInput<M>): Promise<SerializedError>;
}

export function contract(engine: Engine): ContractClient {
  const api = new EngineApi(engine);
  return {
    async call(method, input) {
      const result = await api.dispatch(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    async fail(method, input) {
      const result = await api.dispatch(method, input);
      if (result.ok) throw new Error(`${method} succeeded, but a failure was expected`);
      return result.error;
    },
  };
}

export const isTitleRequest = (b: ChatRequestBody): boolean => b.messages[0]?.content?.includes('short title') ?? false;

/**
 * A chat handler for the test Ollama server: the turn whose user message contains a key calls
 * the tools given; after a tool's result, and for titles, a short plain reply.
 */
export function toolScript(byMessage: Record<string, ChatScript['toolCalls']>): (body: ChatRequestBody) => ChatScript {
  return (body) => {
    if (isTitleRequest(body)) return { text: 'A test chat' };
    const last = body.messages.at(-1);
    if (last?.role === 'tool') return { text: 'Noted.' };
    const key = Object.keys(byMessage).find((k) => last?.content?.includes(k));
    return key ? { toolCalls: byMessage[key] ?? [] } : { text: 'Alright.' };
  };
}
