// Stops and resumes a process for hang tests (a Chroma sidecar that accepts connections and
// answers nothing). SIGSTOP is delivered to each thread in its own time; a busy machine can let
// a thread answer one more request after kill() returns, so `suspend` waits until the kernel
// reports every thread stopped before the test goes on.
import { readdirSync, readFileSync } from 'node:fs';

function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    });
  } catch {
    return []; // the process is gone
  }
}

export async function suspend(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  while (!threadStates(pid).every((state) => state === 'T' || state === 't'))
    await new Promise((resolve) => setImmediate(resolve));
}

export function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // Already gone (killed meanwhile).
  }
}
