// What a stretch of SQLite writing did, in counts a busy machine does not change: this process's
// CPU time, the bytes it read and wrote (/proc/self/io), the pages its commits appended to the
// WAL and how many checkpoints copied them into the file (read from the WAL-index header in the
// `-shm` file, whose layout is SQLite's documented file format). Wall-clock figures of two runs
// on a shared machine differ by the load each one met; these do not, so a side-by-side pair can
// be judged by the work each side did.
import { readFileSync } from 'node:fs';

export interface WriteCounts {
  /** CPU time (user + system) of this process. */
  cpu_ms: number;
  /** Bytes passed to read()/write() calls, WAL and file alike (a plaintext file's mapped reads are not among them). */
  bytes_read: number;
  bytes_written: number;
  /** Pages the commits appended to the WAL (each page of an encrypted file is encrypted once here). */
  wal_pages: number;
  /** Checkpoints that copied the whole WAL into the file (each copied page is decrypted and encrypted again). */
  checkpoints: number;
}

interface WalIndex {
  mxFrame: number;
  nBackfill: number;
  salt: number;
}

/** The WAL-index header: mxFrame at byte 16, salt-1 at 32, nBackfill at 96 (native order: little-endian here). */
function walIndex(databasePath: string): WalIndex {
  try {
    const header = readFileSync(`${databasePath}-shm`).subarray(0, 100);
    if (header.length < 100) return { mxFrame: 0, nBackfill: 0, salt: 0 };
    return { mxFrame: header.readUInt32LE(16), salt: header.readUInt32LE(32), nBackfill: header.readUInt32LE(96) };
  } catch {
    return { mxFrame: 0, nBackfill: 0, salt: 0 };
  }
}

function processIo(): { rchar: number; wchar: number } {
  try {
    const fields = new Map(
      readFileSync('/proc/self/io', 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(':').map((s) => s.trim()) as [string, string]),
    );
    return { rchar: Number(fields.get('rchar') ?? 0), wchar: Number(fields.get('wchar') ?? 0) };
  } catch {
    return { rchar: 0, wchar: 0 };
  }
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Counts the work of the commits made between `start()` and `counts()`. Call `committed()` after
 * every commit: WAL pages are read from the header then, before a later commit restarts the WAL.
 */
export class WriteCounter {
  private readonly started = { cpu: cpuMs(), io: processIo() };
  private last: WalIndex;
  private walPages = 0;
  private checkpoints = 0;

  constructor(private readonly databasePath: string) {
    this.last = walIndex(databasePath);
  }

  committed(): void {
    const now = walIndex(this.databasePath);
    // A restarted WAL (new salt) holds only what this commit appended.
    const restarted = now.salt !== this.last.salt;
    const appended = restarted ? now.mxFrame : now.mxFrame - this.last.mxFrame;
    this.walPages += Math.max(0, appended);
    // Right after a commit the WAL is fully copied only if that commit's autocheckpoint ran.
    if (appended > 0 && now.mxFrame > 0 && now.nBackfill === now.mxFrame) this.checkpoints += 1;
    this.last = now;
  }

  counts(): WriteCounts {
    const io = processIo();
    return {
      cpu_ms: Math.round(cpuMs() - this.started.cpu),
      bytes_read: io.rchar - this.started.io.rchar,
      bytes_written: io.wchar - this.started.io.wchar,
      wal_pages: this.walPages,
      checkpoints: this.checkpoints,
    };
  }
}

/** Sums of several stretches' counts. */
export function addWriteCounts(parts: readonly WriteCounts[]): WriteCounts {
  const sum = (key: keyof WriteCounts) => parts.reduce((s, p) => s + p[key], 0);
  return {
    cpu_ms: sum('cpu_ms'),
    bytes_read: sum('bytes_read'),
    bytes_written: sum('bytes_written'),
    wal_pages: sum('wal_pages'),
    checkpoints: sum('checkpoints'),
  };
}
