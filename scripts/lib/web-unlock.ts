// Browser mode's key: no OS keychain can be reached from plain Node, so the profile's key is
// protected by a passphrase, typed at the terminal or read from --passphrase-file. (A file
// beside the data protects nothing against whoever has the disk: it is for scripts and tests.)
import { readFileSync } from 'node:fs';
import { dataPaths } from '../../src/main/engine/engine';
import { ProfileKeyring } from '../../src/main/engine/keys';
import { hasErrorCode, isMnemoError } from '../../src/shared/errors';

const ATTEMPTS = 3;

export async function unlockForWeb(dataDir: string, passphraseFile: string | undefined): Promise<ProfileKeyring> {
  const paths = dataPaths(dataDir);
  const unlock = (passphrase?: string) => ProfileKeyring.unlock({ keyPath: paths.key, databasePath: paths.database, keychain: null, ...(passphrase !== undefined ? { passphrase } : {}) });
  if (passphraseFile !== undefined) return unlock(readPassphraseFile(passphraseFile));
  try {
    return unlock();
  } catch (error) {
    if (!hasErrorCode(error, 'PASSPHRASE_REQUIRED')) throw error;
    if (!process.stdin.isTTY) throw new Error(`${error instanceof Error ? error.message : ''} Run in a terminal to type it, or pass --passphrase-file FILE.`, { cause: error });
    if (isMnemoError(error) && error.details?.['newProfile'] === true) return unlock(await chooseNewPassphrase());
    for (let attempt = 1; ; attempt++) {
      try {
        return unlock(await askHidden('Passphrase for your Mnemo data: '));
      } catch (retry) {
        if (!hasErrorCode(retry, 'WRONG_PASSPHRASE') || attempt === ATTEMPTS) throw retry;
        console.log('That is not the passphrase. Try again.');
      }
    }
  }
}

function readPassphraseFile(file: string): string {
  const passphrase = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new Error(`${file} is empty: it must hold the passphrase.`);
  return passphrase;
}

async function chooseNewPassphrase(): Promise<string> {
  console.log('Mnemo encrypts your data. Choose a passphrase (at least 8 characters); without it the data cannot be read, so keep it safe.');
  for (;;) {
    const first = await askHidden('New passphrase: ');
    if (first.length < 8) {
      console.log('At least 8 characters, please.');
      continue;
    }
    if ((await askHidden('Again, to be sure: ')) === first) return first;
    console.log('The two did not match. Once more.');
  }
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const done = (finish: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      finish();
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new Error('Cancelled.')));
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}
