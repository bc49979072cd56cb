// Private by construction: runs a whole engine session (Chroma sidecar, indexing, a chat turn
// with a tool call, summaries) under strace and fails on any socket address outside loopback.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// strace must be able to trace here (it is installed by `setup.sh --test`; ptrace may be
// forbidden in some containers). Without it this test is skipped and says so.
const strace = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect', 'true']).status === 0;
if (!strace) console.warn('no-network test skipped: strace is missing or cannot trace processes on this machine');

/** Every IPv4/IPv6 address that appears in a traced connect/bind/sendto/sendmsg call. */
export function addressesIn(trace: string): string[] {
  const v4 = [...trace.matchAll(/inet_addr\("([^"]+)"\)/g)].map((m) => m[1]!);
  const v6 = [...trace.matchAll(/inet_pton\(AF_INET6, "([^"]+)"/g)].map((m) => m[1]!);
  return [...v4, ...v6];
}

export const isLoopback = (address: string): boolean =>
  /^127\.\d+\.\d+\.\d+$/.test(address) || address === '::1' || /^::ffff:127\./.test(address);

describe.skipIf(!strace)('no network beyond loopback', () => {
  it('a whole session opens and binds sockets on 127.0.0.0/8 or ::1 only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnemo-strace-'));
    const run = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=connect,bind,sendto,sendmsg',
        '-ff',
        '-o',
        join(dir, 'trace'),
        process.execPath,
        '--import',
        'tsx',
        join(import.meta.dirname, 'fixtures', 'chat-session.ts'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stdout.trim().split('\n').at(-1)).toBe('done');
    const trace = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    rmSync(dir, { recursive: true, force: true });
    const addresses = addressesIn(trace);
    expect(addresses.length).toBeGreaterThan(10); // the trace really saw the traffic
    expect(addresses.filter((a) => !isLoopback(a))).toEqual([]);
    // The Chroma sidecar and the test server listen on 127.0.0.1, never on all interfaces.
    const binds = [...trace.matchAll(/bind\(\d+, \{sa_family=AF_INET6?, [^}]*\}/g)].map((m) => m[0]);
    expect(binds.filter((b) => /0\.0\.0\.0|"::"/.test(b))).toEqual([]);
  }, 150_000);
});
