// `npm start`: sets up what is missing, then builds and opens the desktop app.
//  1. Node dependencies (scripts/setup.sh) on a fresh clone.
//  2. better-sqlite3-multiple-ciphers (SQLite with SQLCipher) compiled for Electron's ABI into
//     .cache/, beside the Node build the tests use (the shell loads it through the addon's
//     `nativeBinding` option).
//  3. electron-vite build, then Electron itself (whose binary is downloaded on first run).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\nMnemo: \`${[command, ...args].join(' ')}\` failed.`);
    process.exit(result.status ?? 1);
  }
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('bash', ['scripts/setup.sh']);

const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const bindingDir = join(
  root,
  '.cache',
  'electron-native',
  `electron-${electronVersion}-better-sqlite3-multiple-ciphers-${sqliteVersion}`,
);
const binding = join(bindingDir, 'better_sqlite3.node');

if (!existsSync(binding)) {
  console.log(
    `Building better-sqlite3-multiple-ciphers ${sqliteVersion} for Electron ${electronVersion} (once; a minute or two)…`,
  );
  const work = join(bindingDir, 'src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(sqliteDir, work, { recursive: true, filter: (path) => !path.includes(`${sqliteDir}/build`) });
  const nodeGyp = join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  const gyp = existsSync(nodeGyp) ? [process.execPath, nodeGyp] : ['npx', 'node-gyp'];
  run(
    gyp[0],
    [
      ...gyp.slice(1),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    {
      cwd: work,
      env: { ...process.env, npm_config_nodedir: '' },
    },
  );
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
  rmSync(work, { recursive: true, force: true });
}

run('npx', ['--no-install', 'electron-vite', 'build']);

const electron = spawnSync('npx', ['--no-install', 'electron', '.'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MNEMO_SQLITE_BINDING: binding },
});
if (electron.status !== 0) {
  console.error(
    '\nMnemo: Electron did not start. On a machine without a desktop session or without access to the Electron ' +
      'download, run the same app in a browser instead: `npm run start:web`.',
  );
}
process.exit(electron.status ?? 1);
