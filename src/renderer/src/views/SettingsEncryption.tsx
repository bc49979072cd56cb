// Settings → Encryption: says what protects the data's key and lets the user set, change or
// remove a passphrase (changing it re-wraps the key; the data itself is not rewritten), and
// choose to keep the vector index in memory only.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityStatus } from '../../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { t as translate } from '../i18n';
import { localErrorText } from '../lib/errors';
import { securitySelectors, useSecurity } from '../stores/security-store';

function describe(status: SecurityStatus): string {
  if (!status.encrypted) return translate('encryption.notEncrypted');
  if (status.protection === 'keychain') return translate('encryption.keychain');
  if (status.protection === 'passphrase') return translate('encryption.passphrase');
  return translate('encryption.given');
}

export function SettingsEncryption() {
  const { t } = useTranslation();
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
    passphrase.length < 8 ? t('passphrase.tooShort') : again !== passphrase ? t('passphrase.differ') : null;
  return (
    <section className="settings-form" aria-labelledby="encryption-heading">
      <fieldset>
        <legend id="encryption-heading">{t('encryption.heading')}</legend>
        <p data-testid="encryption-status">{describe(status)}</p>
        {error && (
          <div className="error-box" role="alert">
            <p>
              {localErrorText(error)} <span className="muted small">{t('data.errorCode', { code: error.code })}</span>
            </p>
          </div>
        )}
        <p className="muted small" aria-live="polite">
          {busy ? t('encryption.saving') : (notice ?? '')}
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
                {status.protection === 'passphrase' ? t('encryption.newPassphrase') : t('encryption.passphraseLabel')}
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
                {t('passphrase.again')}
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
              {passphrase.length > 0 && problem ? problem : t('encryption.help')}
            </p>
            <div className="row wrap">
              <button type="submit" disabled={busy || problem !== null}>
                {status.protection === 'passphrase' ? t('encryption.change') : t('encryption.protect')}
              </button>
              {status.protection === 'passphrase' && status.keychainAvailable && (
                <button type="button" disabled={busy} onClick={() => void removePassphrase()}>
                  {t('encryption.remove')}
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
          {t('encryption.vectorsInMemory')}
        </label>
        <p id="vectors-in-memory-help" className="muted small">
          {/* The rebuild time is measured with `npm run bench:vector-load` (docs/BENCHMARKS.md, "Vector index in memory"). */}
          {t('encryption.vectorsHelp', { time: t('encryption.rebuildTime') })}
        </p>
      </fieldset>
    </section>
  );
}
