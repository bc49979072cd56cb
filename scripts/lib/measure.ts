// Small measuring tools for the bench: percentiles over timings, what is on disk under a
// folder, memory of this process and of another one, and the machine a run happened on.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The value at quantile `p` (0..1) by nearest rank, rounded to 0.01; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return round2(sorted[rank]!);
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export interface Timings {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  n: number;
}

/** p50/p95/p99, mean and count of timings in ms. */
export function timingsOf(values: readonly number[]): Timings {
  const mean = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  return {
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    mean: round2(mean),
    n: values.length,
  };
}

/** Runs `work` and returns how long it took in milliseconds, with its result. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Bytes of every file under `path` (0 when it does not exist). */
export function sizeOnDisk(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOnDisk(join(path, name)), 0);
}

export interface MemoryFigures {
  /** Resident set of this (the main) process, after a garbage collection. */
  rss_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  /** Highest resident set this process reached so far. */
  peak_rss_mb: number;
  /**
   * Of the resident set, pages of mapped files: the program and its libraries, and the SQLite
   * file, which is read through a memory map. They are the OS's file cache, shared and
   * reclaimable, not memory the app holds. Null where there is no /proc.
   */
  rss_file_mb: number | null;
}

const mb = (bytes: number) => round2(bytes / 2 ** 20);

/** This process's memory after a full garbage collection, so heap figures are comparable between sizes. */
export function memoryFigures(): MemoryFigures {
  collectGarbage();
  const usage = process.memoryUsage();
  return {
    rss_mb: mb(usage.rss),
    heap_used_mb: mb(usage.heapUsed),
    heap_total_mb: mb(usage.heapTotal),
    peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
    rss_file_mb: statusMb('self', 'RssFile'),
  };
}

/** One `kB` line of /proc/<pid>/status in MB, or null where there is no /proc. */
function statusMb(pid: number | 'self', field: string): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? mb(Number(line.replace(/\D+/g, '')) * 1024) : null;
  } catch {
    return null;
  }
}

let gc: (() => void) | null = null;

function collectGarbage(): void {
  // `npm run bench` starts Node without --expose-gc; the flag can still be set at run time,
  // and a fresh context then sees the `gc` global.
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Resident set of another process (the Chroma sidecar) from /proc, or null where there is no /proc. */
export function residentMb(pid: number | null): number | null {
  return pid === null ? null : statusMb(pid, 'VmRSS');
}

/** CPU time (user + system) another process has used so far, from /proc; null where there is none. */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Waits until another process (the Chroma sidecar, compacting what it was just sent) has used
 * less than `share` of a core over a whole `windowMs`. Returns how long it stayed busier than
 * that: 0 when it was quiet at once, at most `timeoutMs`. Without /proc it returns 0 at once.
 */
export async function busyFor(
  pid: number | null,
  { windowMs = 500, share = 0.05, timeoutMs = 120_000 } = {},
): Promise<number> {
  const started = performance.now();
  for (;;) {
    const windowStart = performance.now();
    const before = processCpuMs(pid);
    if (before === null) return 0;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = (processCpuMs(pid) ?? before) - before;
    const elapsed = performance.now() - windowStart;
    if (used < share * elapsed || performance.now() - started >= timeoutMs) return round2(windowStart - started);
  }
}

/** CPU time (user + system) this process has used so far. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface MachineInfo {
  os: string;
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  date: string;
  /** One-minute load average when the run started: other work on a shared machine shows here. */
  load_avg_1m: number;
  /**
   * A fixed piece of CPU work (`machineSpeedMs`), ms, when the run started and when it ended:
   * the same work every run, so it tells how fast the machine was then.
   */
  speed_ms?: { start: number; end: number };
}

export function machineInfo(): MachineInfo {
  return {
    os: `${process.platform} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    load_avg_1m: round2(loadavg()[0] ?? 0),
  };
}

/**
 * Milliseconds a fixed piece of CPU work takes now (the median of 15): sorting, JSON and
 * hashing, the kinds of work a turn does. A shared VM's speed drifts over a day by more than
 * most changes move the figures; runs compare by this first.
 */
export function machineSpeedMs(): number {
  const times: number[] = [];
  for (let run = 0; run < 15; run++) {
    const started = performance.now();
    let seed = 42;
    const values = Array.from({ length: 50_000 }, () => (seed = (seed * 16_807) % 2_147_483_647));
    values.sort((a, b) => a - b);
    const text = JSON.stringify(values);
    if (
      (JSON.parse(text) as number[]).length !== values.length ||
      createHash('sha256').update(text).digest('hex').length !== 64
    )
      throw new Error('The speed check did not do its work.');
    times.push(performance.now() - started);
  }
  return percentile(times, 0.5);
}

/** Fixed-width text table: one header row, then the rows. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
