// Runs a TestOllamaServer from the command line, for manual runs of the app, the bench and
// the recall evaluation:  npx tsx testkit/ollama-server/cli.ts --port 11435
import { TestOllamaServer } from './server';

function portArgument(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const value = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const port = value === undefined ? 11435 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${value}`);
  return port;
}

const server = new TestOllamaServer();
const url = await server.start({ port: portArgument(process.argv.slice(2)) });
console.log(url);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.stop().then(() => process.exit(0)));
}
