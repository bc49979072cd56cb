// The start-up problem screen: shown instead of the app when the engine could not open the
// profile. It says what was found in plain words, offers the ways out the engine allows for
// that reason, and keeps SQLite's own words behind "Technical details". One screen for every
// reason; a new reason adds its wording to REASONS and its actions to ACTIONS.
import { useEffect, useRef, useState } from 'react';
import {
  PASSPHRASE_ACTIONS,
  type ProfileBackup,
  type ProfileProblem,
  type RecoveryAction,
} from '../../../shared/profile';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useProfile } from '../stores/profile-store';

const REASONS: Record<ProfileProblem['reason'], string> = {
  damaged: 'Your data needs attention before Mnemo can open it',
  missing: 'Mnemo could not find your conversations',
  'passphrase-required': 'Unlock your data',
  'wrong-passphrase': 'That passphrase did not unlock your data',
  'key-missing': 'The key to your data is missing',
  'wrong-key': 'This key does not open your data',
};

const ACTIONS: Record<
  RecoveryAction,
  {
    title: string;
    explain: (problem: ProfileProblem, backup: ProfileBackup | undefined) => string;
    button: string;
    working: string;
  }
> = {
  'restore-backup': {
    title: 'Restore a backup',
    explain: (_p, backup) =>
      backup
        ? `Puts back the copy saved ${when(backup.takenAt)} (${size(backup.bytes)}). Conversations since then are not in it.`
        : '',
    button: 'Restore backup',
    working: 'Restoring…',
  },
  'recover-readable': {
    title: 'Recover what can still be read',
    explain: () =>
      'Copies every conversation, message and memory that can still be read into a new file. What sat on the damaged parts is lost.',
    button: 'Recover',
    working: 'Recovering…',
  },
  'start-fresh': {
    title: 'Start with an empty profile',
    explain: (p) =>
      p.reason === 'missing'
        ? 'Begins again with no conversations or memories, and clears the search index left from before.'
        : 'Begins again with no conversations or memories.',
    button: 'Start fresh',
    working: 'Starting…',
  },
  'enter-passphrase': {
    title: 'Enter your passphrase',
    explain: () => 'The passphrase you chose to protect your data. It never leaves this computer.',
    button: 'Unlock',
    working: 'Unlocking…',
  },
  'choose-passphrase': {
    title: 'Choose a passphrase',
    explain: () =>
      'At least 8 characters. Without it your data cannot be read, and it cannot be reset, so keep it safe.',
    button: 'Encrypt and open',
    working: 'Opening…',
  },
  'try-again': {
    title: 'Try again',
    explain: () => 'Once the key file is back in the data folder, Mnemo looks again. Nothing is changed.',
    button: 'Try again',
    working: 'Looking…',
  },
};

/** Key reasons keep the file where it is; only starting fresh would move it aside. */
const KEY_REASONS: readonly ProfileProblem['reason'][] = [
  'passphrase-required',
  'wrong-passphrase',
  'key-missing',
  'wrong-key',
];

export function StartupProblemView({ problem }: { problem: ProfileProblem }) {
  const working = useProfile((s) => s.working);
  const error = useProfile((s) => s.error);
  const recover = useProfile((s) => s.recover);
  const [backupName, setBackupName] = useState(problem.backups[0]?.name);
  const [confirmFresh, setConfirmFresh] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState<string | null>(null);
  const passphraseField = useRef<HTMLInputElement>(null);
  // After a refused passphrase the field is ready for the next try, its text selected.
  useEffect(() => {
    if (error && working === null) passphraseField.current?.select();
  }, [error, working]);
  const backup = problem.backups.find((b) => b.name === backupName);

  const run = (action: RecoveryAction) => {
    if (action === 'start-fresh') return setConfirmFresh(true);
    if (action === 'choose-passphrase') {
      const wrong =
        passphrase.length < 8
          ? 'The passphrase needs at least 8 characters.'
          : passphrase !== again
            ? 'The two passphrases are not the same.'
            : null;
      setMismatch(wrong);
      if (wrong) return;
    }
    void recover(action, {
      backup: action === 'restore-backup' ? backupName : undefined,
      passphrase: PASSPHRASE_ACTIONS.includes(action) ? passphrase : undefined,
    });
  };

  return (
    <main className="startup-problem" aria-labelledby="problem-title" aria-busy={working !== null}>
      <h1 id="problem-title">{REASONS[problem.reason]}</h1>
      <p>{problem.message}</p>
      {KEY_REASONS.includes(problem.reason) ? (
        <p className="muted">
          Your data folder is {problem.dataDir}. Nothing in it changes
          {problem.actions.includes('start-fresh')
            ? ' unless you start fresh, which moves the encrypted file to the folder “damaged” (still unreadable without its key).'
            : ' while Mnemo waits for the key.'}
        </p>
      ) : (
        <p className="muted">
          Whatever you choose, the file Mnemo could not open is kept in the folder “damaged” inside {problem.dataDir};
          nothing is deleted.
        </p>
      )}
      {(mismatch ?? error) && (
        <p className="error" role="alert">
          {mismatch ?? error}
        </p>
      )}
      <ul className="problem-actions">
        {problem.actions.map((action) => (
          <li key={action} className="card">
            <h2>{ACTIONS[action].title}</h2>
            <p>{ACTIONS[action].explain(problem, backup)}</p>
            {PASSPHRASE_ACTIONS.includes(action) && (
              <form
                className="passphrase-fields"
                id={`form-${action}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  run(action);
                }}
              >
                <label>
                  Passphrase
                  <input
                    ref={passphraseField}
                    type="password"
                    autoComplete={action === 'choose-passphrase' ? 'new-password' : 'current-password'}
                    autoFocus
                    value={passphrase}
                    onChange={(e) => setPassphrase(e.target.value)}
                    disabled={working !== null}
                    data-testid="passphrase"
                  />
                </label>
                {action === 'choose-passphrase' && (
                  <label>
                    Again, to be sure
                    <input
                      type="password"
                      autoComplete="new-password"
                      value={again}
                      onChange={(e) => setAgain(e.target.value)}
                      disabled={working !== null}
                      data-testid="passphrase-again"
                    />
                  </label>
                )}
              </form>
            )}
            {action === 'restore-backup' && problem.backups.length > 1 && (
              <label className="row">
                Backup
                <select value={backupName} onChange={(e) => setBackupName(e.target.value)} disabled={working !== null}>
                  {problem.backups.map((b) => (
                    <option key={b.name} value={b.name}>
                      {when(b.takenAt)} — {size(b.bytes)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <div className="row end">
              <button
                type={PASSPHRASE_ACTIONS.includes(action) ? 'submit' : 'button'}
                form={PASSPHRASE_ACTIONS.includes(action) ? `form-${action}` : undefined}
                className={action === 'start-fresh' ? 'danger' : 'primary'}
                onClick={PASSPHRASE_ACTIONS.includes(action) ? undefined : () => run(action)}
                disabled={working !== null || (PASSPHRASE_ACTIONS.includes(action) && passphrase.length === 0)}
                data-testid={`recover-${action}`}
              >
                {working === action ? ACTIONS[action].working : ACTIONS[action].button}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {problem.detail && (
        <details>
          <summary>Technical details</summary>
          <code>{problem.detail}</code>
        </details>
      )}
      <ConfirmDialog
        open={confirmFresh}
        title="Start with an empty profile?"
        body="Mnemo will open with no conversations and no memories. The file it could not open stays in the “damaged” folder."
        confirmLabel="Start fresh"
        onConfirm={() => {
          setConfirmFresh(false);
          void recover('start-fresh');
        }}
        onCancel={() => setConfirmFresh(false)}
      />
    </main>
  );
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
