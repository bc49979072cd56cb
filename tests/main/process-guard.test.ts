// The process-level handler both hosts install (the Electron main process and browser mode's
// scripts/start-web.ts): a rejection or exception nothing caught is logged with its typed
// code, and the process carries on. Checked in a real child Node process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = `
  const { keepProcessAlive } = await import('./src/main/process-guard.ts');
  keepProcessAlive();
  const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  Promise.reject(full);
  setTimeout(() => { throw new Error('a timer threw'); }, 0);
  setTimeout(() => console.log('still alive'), 50);
`;

describe('keepProcessAlive', () => {
  it('logs an unhandled rejection and an uncaught exception with their codes, and keeps the process up', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('still alive');
    expect(run.stderr).toContain('a background task failed and was caught at the top (DISK_FULL): The disk is full');
    expect(run.stderr).toContain('an unexpected error and was caught at the top (INTERNAL): a timer threw');
  });

  it('without it, the same rejection ends the process (what the guard is for)', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', CHILD.replace('keepProcessAlive();', '')],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain('still alive');
  });

  it('stays quiet and up once whoever read its output went away (a closed terminal), instead of logging its own failed writes in a loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnemo-guard-'));
    const counted = join(dir, 'lines');
    // The child counts the lines the guard logs, while nothing reads its stdout and stderr any more.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { writeFileSync } = await import('node:fs');
        const { keepProcessAlive } = await import('./src/main/process-guard.ts');
        let lines = 0;
        keepProcessAlive((line) => { lines += 1; console.error(line); });
        process.stdin.once('data', () => {
          console.log('a line nobody reads');
          console.error('another one');
          setTimeout(() => { throw new Error('a timer threw'); }, 0);
          setTimeout(() => { writeFileSync(${JSON.stringify(counted)}, String(lines)); process.exit(0); }, 500);
        });
        console.log('ready');
        `,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.write('go\n');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      // The timer's error is the one line; with the loop it was thousands.
      expect(Number(readFileSync(counted, 'utf8'))).toBeLessThanOrEqual(1);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
