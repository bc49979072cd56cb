// The start-up problem screen: shown instead of the app when the engine could not open the
// profile. It says what was found in plain words, offers the ways out the engine allows for
// that reason, and keeps SQLite's own words behind "Technical details". One screen for every
// reason; a new reason adds its wording to REASONS and its actions to ACTIONS.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PASSPHRASE_ACTIONS,
  type ProfileBackup,
  type ProfileProblem,
  type RecoveryAction,
} from '../../../shared/profile';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { i18n, t } from '../i18n';
import { formatBytes, formatDateTime } from '../i18n/format';
import { useProfile } from '../stores/profile-store';

// Locale keys are camelCase (i18next reads "-x"/"_x" endings of keys as its own suffixes).
const REASON_KEYS = {
  damaged: 'damaged',
  missing: 'missing',
  'passphrase-required': 'passphraseRequired',
  'wrong-passphrase': 'wrongPassphrase',
  'key-missing': 'keyMissing',
  'wrong-key': 'wrongKey',
} as const satisfies Record<ProfileProblem['reason'], string>;

const ACTION_KEYS = {
  'restore-backup': 'restoreBackup',
  'recover-readable': 'recoverReadable',
  'start-fresh': 'startFresh',
  'enter-passphrase': 'enterPassphrase',
  'choose-passphrase': 'choosePassphrase',
  'try-again': 'tryAgain',
} as const satisfies Record<RecoveryAction, string>;

const actionText = (action: RecoveryAction, part: 'title' | 'button' | 'working') =>
  t(`startup.action.${ACTION_KEYS[action]}.${part}`);

function explain(action: RecoveryAction, problem: ProfileProblem, backup: ProfileBackup | undefined): string {
  if (action === 'restore-backup')
    return backup
      ? t('startup.action.restoreBackup.explain', { when: when(backup.takenAt), size: size(backup.bytes) })
      : '';
  if (action === 'start-fresh')
    return problem.reason === 'missing'
      ? t('startup.action.startFresh.explainMissing')
      : t('startup.action.startFresh.explain');
  return t(`startup.action.${ACTION_KEYS[action]}.explain`);
}

/** The engine says what it found in English; other languages get the reason's words (the engine's stay in the details). */
function problemMessage(problem: ProfileProblem): string {
  if (i18n.language.startsWith('en')) return problem.message;
  if (problem.reason === 'passphrase-required')
    return problem.actions.includes('choose-passphrase')
      ? t('startup.message.choosePassphrase')
      : t('startup.message.enterPassphrase');
  return t(`startup.message.${REASON_KEYS[problem.reason]}`);
}

/** Key reasons keep the file where it is; only starting fresh would move it aside. */
const KEY_REASONS: readonly ProfileProblem['reason'][] = [
  'passphrase-required',
  'wrong-passphrase',
  'key-missing',
  'wrong-key',
];

export function StartupProblemView({ problem }: { problem: ProfileProblem }) {
  useTranslation();
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
      const wrong = passphrase.length < 8 ? t('startup.tooShort') : passphrase !== again ? t('startup.notSame') : null;
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
      <h1 id="problem-title">{t(`startup.reason.${REASON_KEYS[problem.reason]}`)}</h1>
      <p>{problemMessage(problem)}</p>
      {KEY_REASONS.includes(problem.reason) ? (
        <p className="muted">
          {problem.actions.includes('start-fresh')
            ? t('startup.keyFolderFresh', { dir: problem.dataDir })
            : t('startup.keyFolderWait', { dir: problem.dataDir })}
        </p>
      ) : (
        <p className="muted">{t('startup.keptDamaged', { dir: problem.dataDir })}</p>
      )}
      {(mismatch ?? error) && (
        <p className="error" role="alert">
          {mismatch ?? error}
        </p>
      )}
      <ul className="problem-actions">
        {problem.actions.map((action) => (
          <li key={action} className="card">
            <h2>{actionText(action, 'title')}</h2>
            <p>{explain(action, problem, backup)}</p>
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
                  {t('startup.passphrase')}
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
                    {t('startup.again')}
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
                {t('startup.backup')}
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
                {working === action ? actionText(action, 'working') : actionText(action, 'button')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {problem.detail && (
        <details>
          <summary>{t('startup.technical')}</summary>
          <code>{problem.detail}</code>
        </details>
      )}
      <ConfirmDialog
        open={confirmFresh}
        title={t('startup.freshTitle')}
        body={t('startup.freshBody')}
        confirmLabel={actionText('start-fresh', 'button')}
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
  return formatDateTime(i18n.language, ms);
}

function size(bytes: number): string {
  return formatBytes(i18n.language, bytes);
}
