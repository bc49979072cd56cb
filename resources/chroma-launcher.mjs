// Runs the real Chroma server (the Rust server shipped as chromadb's native bindings) as
// Mnemo's sidecar. Started by src/main/engine/vectors/chroma-sidecar.ts with plain Node or
// Electron-as-Node:   chroma-launcher.mjs --path DIR --port N
//
// - Not the `chroma` CLI of the chromadb package: its `update` command asks the npm registry
//   for versions, and Mnemo promises that nothing phones home. The bindings are called directly.
// - Binds 127.0.0.1 only (--host; the CLI also takes --path, --port and a config file, which we
//   do not give). The Rust server has no anonymized-telemetry client: checked in the 1.0.5
//   addon, there are no posthog / anonymized_telemetry strings, and its only exporter,
//   OpenTelemetry, stays off without a config file ("OpenTelemetry is not enabled because it is
//   missing from the config"). CHROMA_* environment variables override neither --host nor that.
// - The server call blocks its thread, so it runs in a worker thread while this thread watches
//   the parent: when the parent goes away (IPC channel closed, or re-parented after a SIGKILL),
//   this process exits and takes the server with it. No orphans.
// - A worker thread that has loaded the addon crashes (SIGSEGV) when it is torn down, however it
//   ends. So the process always ends with SIGKILL from this thread, never by unwinding the worker.
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

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
  const leave = () => process.kill(process.pid, 'SIGKILL');
  process.on('disconnect', leave);
  process.on('SIGTERM', leave);
  process.on('SIGINT', leave);
  // Fallback for parents without an IPC channel: re-parenting means the parent died.
  setInterval(() => {
    if (process.ppid !== parent) leave();
  }, 500).unref();

  const worker = new Worker(new URL(import.meta.url), { workerData: { path, port, resolveFrom } });
  // The server returned: it could not start (its reason is already on stderr) or it shut down.
  worker.on('message', leave);
  // The addon did not load (e.g. a glibc too old for it): nothing native to crash, exit plainly.
  worker.on('error', (error) => {
    console.error(`chroma server failed: ${error?.stack ?? error}`);
    process.exit(1);
  });
} else {
  const key = `${platform()}-${arch()}`;
  const name = BINDINGS[key];
  if (!name) throw new Error(`Chroma has no native server for ${key}`);
  const binding = createRequire(workerData.resolveFrom)(name);
  binding.cli(['chroma', 'run', '--path', workerData.path, '--port', String(workerData.port), '--host', '127.0.0.1']);
  parentPort.postMessage('returned');
  // Park until the main thread kills the process: letting this thread end would crash it.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
