// The process-level handler both hosts install (the Electron main process and browser mode's
// scripts/start-web.ts): a rejection or exception nothing caught is logged with its typed
// code, and the process carries on. Checked in a real child Node process.
import { spawnSync } from 'node:child_process';
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
});
