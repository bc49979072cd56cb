// 10,000 random and malformed payloads across every method of the contract, straight into
// `EngineApi.dispatch` on a real engine: every call resolves to a serialisable envelope, and
// every input its schema rejects comes back as INVALID_INPUT, never a throw or a crash.
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { METHOD_NAMES, methodInputs, type MethodName } from '../../../src/shared/contract';
import { ERROR_CODES } from '../../../src/shared/errors';
import { startEngine, type EngineHarness } from '../../support/engine';

const RUNS = 10_000;
/** Just past the contract's limits: memory content, system prompt, whole payload. */
const HUGE_LENGTHS = [4_001, 20_001, 12 * 1024 * 1024 + 1] as const;
const STRANGE_METHODS = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'APP.STATUS',
  'chat.send ',
  'chat',
  'memory.',
  'settings.update.x',
];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

const huge = fc.constantFrom(...HUGE_LENGTHS).map((n) => 'x'.repeat(n));
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('', ' ', '0', 'true', 'markdown', 'json'),
);
const anything = fc.anything({
  maxDepth: 3,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
});
const keysOf = (method: MethodName): string[] => shapeKeys(methodInputs[method]);

/** The keys an input may have: an object's, or every option's of a union (data.exportAll). */
function shapeKeys(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion) return [...new Set((schema.options as unknown[]).flatMap(shapeKeys))];
  return [];
}

/** An object with the method's own keys, each holding a random (often wrong-typed) value. */
const shaped = (method: MethodName) =>
  fc.record(
    Object.fromEntries(
      keysOf(method).map((k) => [
        k,
        fc.oneof({ arbitrary: scalar, weight: 6 }, { arbitrary: anything, weight: 1 }, { arbitrary: huge, weight: 1 }),
      ]),
    ),
    { requiredKeys: [] },
  );

const jsonShaped = (method: MethodName) =>
  fc.record(Object.fromEntries(keysOf(method).map((k) => [k, fc.jsonValue({ maxDepth: 2 })])), { requiredKeys: [] });

const withExtraKey = (method: MethodName) =>
  fc
    .tuple(shaped(method), fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([base, key, value]) => ({ ...base, [key]: value }));

/** `__proto__` and friends as own keys, the way JSON.parse makes them. */
const polluting = (method: MethodName) =>
  fc
    .tuple(fc.constantFrom(...POLLUTING_KEYS), fc.jsonValue({ maxDepth: 2 }), jsonShaped(method))
    .map(([key, value, base]) => {
      const rest = JSON.stringify(base).slice(1);
      return JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}${rest === '}' ? '' : ','}${rest}`) as unknown;
    });

const knownCall = fc.constantFrom(...METHOD_NAMES).chain((method) =>
  fc.record({
    method: fc.constant<unknown>(method),
    input: fc.oneof(
      { arbitrary: shaped(method), weight: 6 },
      { arbitrary: withExtraKey(method), weight: 2 },
      { arbitrary: polluting(method), weight: 1 },
      { arbitrary: anything, weight: 2 },
      { arbitrary: huge, weight: 1 },
    ),
  }),
);
const unknownCall = fc.record({
  method: fc.oneof(fc.constantFrom(...STRANGE_METHODS), fc.string({ maxLength: 30 }), anything),
  input: anything,
});
const call = fc.oneof({ arbitrary: knownCall, weight: 12 }, { arbitrary: unknownCall, weight: 1 });

const isKnown = (method: unknown): method is MethodName =>
  typeof method === 'string' && Object.hasOwn(methodInputs, method);

describe('EngineApi.dispatch under fuzzing (real engine)', () => {
  let h: EngineHarness;
  let api: EngineApi;

  beforeAll(async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it(`answers ${RUNS} random and malformed payloads with well-formed envelopes`, { timeout: 300_000 }, async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    const seen = new Map<unknown, number>();
    const settings = h.engine.internals.settings.get();
    let valid = 0;

    await fc.assert(
      fc.asyncProperty(call, async ({ method, input }) => {
        const known = isKnown(method);
        if (known) seen.set(method, (seen.get(method) ?? 0) + 1);
        const accepted = known && methodInputs[method].safeParse(input ?? {}).success;
        // A valid chat.send starts a real turn, and a valid new host or embedding model points the
        // engine elsewhere: those are covered by the chat and settings suites, not by fuzzing.
        if (accepted && method === 'chat.send') return;
        // Deleting everything takes the exact word typed in the confirmation dialog; random input never has it.
        if (method === 'data.deleteAll') expect(accepted).toBe(false);
        if (
          accepted &&
          method === 'settings.update' &&
          typeof input === 'object' &&
          input !== null &&
          ('ollamaHost' in input || 'embeddingModel' in input)
        )
          return;

        const result = await api.dispatch(method, input);

        expect(() => JSON.stringify(result)).not.toThrow();
        if (!accepted) {
          expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } });
          return;
        }
        valid += 1;
        if (result.ok) expect(result).toHaveProperty('value');
        else expect(ERROR_CODES).toContain(result.error.code);
        if (method === 'settings.update') h.engine.services.settings.apply(settings);
      }),
      { numRuns: RUNS },
    );

    for (const method of METHOD_NAMES) expect(seen.get(method) ?? 0, method).toBeGreaterThan(50);
    expect(valid).toBeGreaterThan(100);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
    // Nothing random deleted the profile, and it still answers properly after all that.
    expect(h.engine.internals.store.db.open).toBe(true);
    expect(await api.dispatch('conversations.list', {})).toMatchObject({ ok: true });
  });
});
