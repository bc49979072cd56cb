// Runs the real Chroma server (the Rust server shipped as chromadb's native bindings) as
// Mnemo's sidecar. Started by src/main/engine/vectors/chroma-sidecar.ts with plain Node or
// Electron-as-Node:   chroma-launcher.mjs --path DIR --port N
//
// - Not the `chroma` CLI of the chromadb package: its `update` command asks the npm registry
//   for versions, and Mnemo promises that nothing phones home. The bindings are called directly.
// - Binds 127.0.0.1 only. The Rust server (bindings 1.0.x) has no anonymized-telemetry client;
//   its only exporter is OpenTelemetry, off unless a config file enables it (none is given).
// - The server call blocks its thread, so it runs in a worker thread while this thread watches
//   the parent: when the parent goes away (IPC channel closed, or re-parented after a SIGKILL),
//   this process exits and takes the server with it. No orphans.
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

const BINDINGS = {
  'darwin-arm64': 'chromadb-js-bindings-darwin-arm64',
  'darwin-x64': 'chromadb-js-bindings-darwin-x64',
  'linux-arm64': 'chromadb-js-bindings-linux-arm64-gnu',
  'linux-x64': 'chromadb-js-bindings-linux-x64-gnu',
  'win32-x64': 'chromadb-js-bindings-win32-x64-msvc',
  'win32-arm64': 'chromadb-js-bindings-win32-arm64-msvc',
};

function argument(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (isMainThread) {
  const path = argument('--path');
  const port = argument('--port');
  const resolveFrom = argument('--resolve-from') ?? import.meta.url;
  if (!path || !port) {
    console.error('usage: chroma-launcher.mjs --path DIR --port N [--resolve-from FILE]');
    process.exit(2);
  }
  const parent = process.ppid;
  // The server thread sits in native code and never returns to JavaScript, so a normal exit
  // would wait for it forever. End the whole process at once instead; Chroma's storage is
  // crash-safe (SQLite WAL), so this is no worse than the crash it is built to survive.
  const leave = (code) => {
    if (code !== 0) process.exitCode = code;
    process.kill(process.pid, 'SIGKILL');
  };
  process.on('disconnect', () => leave(0));
  process.on('SIGTERM', () => leave(0));
  process.on('SIGINT', () => leave(0));
  // Fallback for parents without an IPC channel: re-parenting means the parent died.
  setInterval(() => {
    if (process.ppid !== parent) leave(0);
  }, 500).unref();

  const worker = new Worker(new URL(import.meta.url), { workerData: { path, port, resolveFrom } });
  worker.on('error', (error) => {
    console.error(`chroma server failed: ${error?.stack ?? error}`);
    process.exit(1);
  });
  worker.on('exit', (code) => process.exit(code === 0 ? 1 : code));
} else {
  const key = `${platform()}-${arch()}`;
  const name = BINDINGS[key];
  if (!name) throw new Error(`Chroma has no native server for ${key}`);
  const binding = createRequire(workerData.resolveFrom)(name);
  binding.cli(['chroma', 'run', '--path', workerData.path, '--port', String(workerData.port), '--host', '127.0.0.1']);
}
