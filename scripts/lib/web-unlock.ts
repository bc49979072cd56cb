// Browser mode's key: no OS keychain can be reached from plain Node, so the profile's key is
// protected by a passphrase, typed on the start-up problem screen (the page asks for it, or
// for a new one on a new profile) or read from --passphrase-file. (A file beside the data
// protects nothing against whoever has the disk: it is for scripts and tests.)
import { readFileSync } from 'node:fs';
import type { ProfilePaths } from '../../src/main/engine/profile';
import { ProfileKeyring } from '../../src/main/engine/keys';

/** Unlocks with the passphrase typed on the page, else the one in --passphrase-file, else none (asks). */
export function webUnlocker(
  paths: ProfilePaths,
  passphraseFile: string | undefined,
): (typed: string | undefined) => ProfileKeyring {
  return (typed) => {
    const passphrase = typed ?? (passphraseFile === undefined ? undefined : readPassphraseFile(passphraseFile));
    return ProfileKeyring.unlock({
      keyPath: paths.key,
      databasePath: paths.database,
      keychain: null,
      ...(passphrase !== undefined ? { passphrase } : {}),
    });
  };
}

function readPassphraseFile(file: string): string {
  const passphrase = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new Error(`${file} is empty: it must hold the passphrase.`);
  return passphrase;
}
