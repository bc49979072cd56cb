// Settings → Encryption: says what protects the data's key and lets the user set, change or
// remove a passphrase (changing it re-wraps the key; the data itself is not rewritten), and
// choose to keep the vector index in memory only.
import { useEffect, useState } from 'react';
import type { SecurityStatus } from '../../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { securitySelectors, useSecurity } from '../stores/security-store';

/** Measured with `npm run bench:vector-load` (docs/BENCHMARKS.md, "Vector index in memory"). */
const REBUILD_TIME =
  'measured: about 7 seconds for 10,000 messages, about 75 seconds for 100,000, on a busy two-core machine';

function describe(status: SecurityStatus): string {
  if (!status.encrypted) return 'Your data is not encrypted.';
  if (status.protection === 'keychain')
    return "Your data is encrypted. Its key is kept by your operating system's keychain, so only your user account on this computer opens it.";
  if (status.protection === 'passphrase')
    return 'Your data is encrypted. Its key is protected by your passphrase, asked for at each start. Without the passphrase the data cannot be read, not even by Mnemo.';
  return 'Your data is encrypted with a key given at start.';
}

export function SettingsEncryption() {
  const { status, busy, error, notice } = useSecurity(useShallow(securitySelectors.view));
  const { load, setPassphrase, removePassphrase, keepVectorsInMemory } = useSecurity.getState();
  const [passphrase, setPassphraseText] = useState('');
  const [again, setAgain] = useState('');
  // The box shows the user's choice at once; moving the index can take a while.
  const [vectorsWanted, setVectorsWanted] = useState<boolean | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  if (!status) return null;
  const changeable = status.protection === 'keychain' || status.protection === 'passphrase';
  const problem =
    passphrase.length < 8 ? 'At least 8 characters.' : again !== passphrase ? 'The two passphrases differ.' : null;
  return (
    <section className="settings-form" aria-labelledby="encryption-heading">
      <fieldset>
        <legend id="encryption-heading">Encryption</legend>
        <p data-testid="encryption-status">{describe(status)}</p>
        {error && (
          <div className="error-box" role="alert">
            <p>
              {error.message} <span className="muted small">({error.code})</span>
            </p>
          </div>
        )}
        <p className="muted small" aria-live="polite">
          {busy ? 'Saving…' : (notice ?? '')}
        </p>
        {changeable && (
          <form
            className="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              if (problem === null && (await setPassphrase(passphrase))) {
                setPassphraseText('');
                setAgain('');
              }
            }}
          >
            <div className="row wrap">
              <label className="field">
                {status.protection === 'passphrase' ? 'New passphrase' : 'Passphrase'}
                <input
                  type="password"
                  autoComplete="new-password"
                  value={passphrase}
                  onChange={(e) => setPassphraseText(e.target.value)}
                  aria-describedby="passphrase-help"
                  data-testid="new-passphrase"
                />
              </label>
              <label className="field">
                Again
                <input
                  type="password"
                  autoComplete="new-password"
                  value={again}
                  onChange={(e) => setAgain(e.target.value)}
                  aria-describedby="passphrase-help"
                  data-testid="new-passphrase-again"
                />
              </label>
            </div>
            <p id="passphrase-help" className="muted small">
              {passphrase.length > 0 && problem
                ? problem
                : 'A passphrase protects the key even from someone using your account. Forget it and the data is lost.'}
            </p>
            <div className="row wrap">
              <button type="submit" disabled={busy || problem !== null}>
                {status.protection === 'passphrase' ? 'Change passphrase' : 'Protect with a passphrase'}
              </button>
              {status.protection === 'passphrase' && status.keychainAvailable && (
                <button type="button" disabled={busy} onClick={() => void removePassphrase()}>
                  Remove passphrase (use the OS keychain)
                </button>
              )}
            </div>
          </form>
        )}
        <label className="inline">
          <input
            type="checkbox"
            checked={vectorsWanted ?? status.vectorIndexInMemory}
            disabled={busy}
            onChange={async (e) => {
              setVectorsWanted(e.target.checked);
              await keepVectorsInMemory(e.target.checked);
              setVectorsWanted(null);
            }}
            aria-describedby="vectors-in-memory-help"
            data-testid="vectors-in-memory"
          />
          Keep the vector index in memory only
        </label>
        <p id="vectors-in-memory-help" className="muted small">
          The vector index lets Mnemo find past messages by meaning. It holds no text, but its numbers still reflect
          what your messages are about, and on disk they are not encrypted. Kept in memory only, nothing of it is
          written to disk; it is rebuilt from your encrypted data at each start ({REBUILD_TIME}), uses more memory, and
          makes searching a long history slower.
        </p>
      </fieldset>
    </section>
  );
}
