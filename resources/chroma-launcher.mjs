// Runs the real Chroma server (the Rust server shipped as chromadb's native bindings) as
// Mnemo's sidecar. Started by src/main/engine/vectors/chroma-sidecar.ts with plain Node or
// Electron-as-Node:   chroma-launcher.mjs --path DIR --port N
//
// - Not the `chroma` CLI of the chromadb package: its `update` command asks the npm registry
//   for versions, and Mnemo promises that nothing phones home. The bindings are called directly.
// - The server is configured by a file this script writes into the data folder at every start
//   (the CLI's --path/--port/--host cannot be combined with a config file). It is Chroma's
//   single-node default plus three settings: listen on 127.0.0.1 only, the port, and a cache of
//   collection records. Without that cache every query first reads its collection and segments
//   from Chroma's SQLite (on another thread), which was half of a query's time: measured on
//   115k vectors, 3.0 -> 1.7 ms per query. Chroma keeps the cache in step with its own writes
//   and deletes, and retries a query once with a fresh record if a cached one is stale.
// - Binds 127.0.0.1 only. The Rust server has no anonymized-telemetry client: checked in the 1.0.5
//   addon, there are no posthog / anonymized_telemetry strings, and its only exporter,
//   OpenTelemetry, stays off without a config file ("OpenTelemetry is not enabled because it is
//   missing from the config"). CHROMA_* environment variables override neither --host nor that.
// - The server call blocks its thread, so it runs in a worker thread while this thread watches
//   the parent: when the parent goes away (IPC channel closed, or re-parented after a SIGKILL),
//   this process exits and takes the server with it. No orphans.
// - A worker thread that has loaded the addon crashes (SIGSEGV) when it is torn down, however it
//   ends. So the process always ends with SIGKILL from this thread, never by unwinding the worker.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
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
  const port = Number(workerData.port);
  // The CLI checks this itself only when given --port; with a config file the reason would be lost.
  if (await canListen(port)) binding.cli(['chroma', 'run', writeConfig(workerData.path, port)]);
  else console.error(`Address 127.0.0.1:${port} is not available`);
  parentPort.postMessage('returned');
  // Park until the main thread kills the process: letting this thread end would crash it.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** The server's configuration (see the top of this file), written where it will be read. */
function writeConfig(path, port) {
  const file = join(path, 'mnemo-sidecar.yaml');
  // JSON strings are YAML strings: the path needs no quoting rules of its own.
  const yaml = [
    '# Written by Mnemo at every start of its Chroma sidecar (resources/chroma-launcher.mjs).',
    `persist_path: ${JSON.stringify(path)}`,
    'listen_address: "127.0.0.1"',
    `port: ${port}`,
    'collections_with_segments_provider:',
    '  cache:',
    '    lru:',
    '      name: "collections_with_segments_cache"',
    '      capacity: 1000',
    '  cache_ttl_secs: 60',
    '  permitted_parallelism: 32',
    '  cache_invalidation_retry_policy:',
    '    delay_ms: 0',
    '    max_retries: 3',
    '',
  ].join('\n');
  writeFileSync(file, yaml);
  return file;
}

/** Whether the port can be listened on at 127.0.0.1 now. */
function canListen(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
