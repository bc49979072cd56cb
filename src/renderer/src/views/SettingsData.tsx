// The "Your data" part of Settings: export everything to one file (encrypted with a passphrase
// unless plain JSON is chosen), import such a file into an empty profile (asking for the
// passphrase of an encrypted one), add chats exported from ChatGPT or Open WebUI (the engine
// tells the file's kind from its contents), and delete everything after typing DELETE. The engine decides (and
// refuses an import into a profile that is not empty); this only asks and shows the answer.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProgressEvent } from '../../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { t as translate } from '../i18n';
import { localErrorText } from '../lib/errors';
import { settingsSelectors, useSettings } from '../stores/settings-store';

const CONFIRM_WORD = 'DELETE';

export function SettingsData() {
  const { t } = useTranslation();
  const { profileEmpty, dataBusy, dataError, dataNotice, importProgress } = useSettings(
    useShallow(settingsSelectors.data),
  );
  const { checkProfileEmpty, exportAllData, importAllData, deleteAllData } = useSettings.getState();
  const [confirming, setConfirming] = useState(false);
  const [exportPlain, setExportPlain] = useState(false);
  const [exportPassphrase, setExportPassphrase] = useState('');
  const [exportAgain, setExportAgain] = useState('');
  /** An encrypted export waiting for its passphrase. */
  const [pendingImport, setPendingImport] = useState<Blob | null>(null);
  const [importPassphrase, setImportPassphrase] = useState('');
  const deleteButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void checkProfileEmpty();
  }, [checkProfileEmpty]);

  const importAllowed = profileEmpty === true && dataBusy === null;
  const passphraseProblem = exportPlain
    ? null
    : exportPassphrase.length < 8
      ? t('passphrase.tooShort')
      : exportAgain !== exportPassphrase
        ? t('passphrase.differ')
        : null;
  const runImport = async (file: Blob, passphrase?: string) => {
    const done = await importAllData(file, passphrase);
    const needsPassphrase = !done && useSettings.getState().dataError?.code === 'PASSPHRASE_REQUIRED';
    setPendingImport(needsPassphrase || (!done && passphrase !== undefined) ? file : null);
    if (done) setImportPassphrase('');
  };
  // Asking for an encrypted file's passphrase is a step of the import, said beside its field, not an error.
  const passphraseAsked =
    pendingImport !== null && (dataError?.code === 'PASSPHRASE_REQUIRED' || dataError?.code === 'WRONG_PASSPHRASE');
  return (
    <section className="settings-form" aria-labelledby="data-heading">
      <fieldset>
        <legend id="data-heading">{t('data.heading')}</legend>
        <div className="stack" role="group" aria-labelledby="export-choice-label">
          <span id="export-choice-label" className="small">
            {t('data.exportFile')}
          </span>
          <label className="row">
            <input
              type="radio"
              name="export-protection"
              checked={!exportPlain}
              onChange={() => setExportPlain(false)}
            />{' '}
            {t('data.encrypted')}
          </label>
          <label className="row">
            <input
              type="radio"
              name="export-protection"
              checked={exportPlain}
              onChange={() => setExportPlain(true)}
              data-testid="export-plain"
            />{' '}
            {t('data.plain')}
          </label>
          {!exportPlain && (
            <div className="row wrap">
              <label className="field">
                {t('data.exportPassphrase')}
                <input
                  type="password"
                  autoComplete="new-password"
                  value={exportPassphrase}
                  onChange={(e) => setExportPassphrase(e.target.value)}
                  data-testid="export-passphrase"
                  aria-describedby="export-passphrase-help"
                />
              </label>
              <label className="field">
                {t('passphrase.again')}
                <input
                  type="password"
                  autoComplete="new-password"
                  value={exportAgain}
                  onChange={(e) => setExportAgain(e.target.value)}
                  data-testid="export-passphrase-again"
                  aria-describedby="export-passphrase-help"
                />
              </label>
            </div>
          )}
          {!exportPlain && (
            <p id="export-passphrase-help" className="muted small">
              {passphraseProblem ?? t('data.keepPassphrase')}
            </p>
          )}
        </div>
        <div className="row wrap">
          <button
            type="button"
            onClick={() => void exportAllData(exportPlain ? { plain: true } : { passphrase: exportPassphrase })}
            disabled={dataBusy !== null || passphraseProblem !== null}
            aria-describedby="export-help"
          >
            {t('data.exportAll')}
          </button>
          <label
            className="button file-button"
            style={importAllowed ? undefined : { opacity: 0.55, cursor: 'not-allowed' }}
          >
            {t('data.import')}
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              disabled={!importAllowed}
              aria-describedby="import-help"
              data-testid="import-file"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) await runImport(file);
              }}
            />
          </label>
          <label
            className="button file-button"
            style={dataBusy === null ? undefined : { opacity: 0.55, cursor: 'not-allowed' }}
          >
            {t('data.importChats')}
            <input
              type="file"
              accept="application/json,.json,application/zip,.zip"
              className="visually-hidden"
              disabled={dataBusy !== null}
              aria-describedby="import-chats-help"
              data-testid="import-chats-file"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) await runImport(file);
              }}
            />
          </label>
          <button
            type="button"
            className="danger"
            ref={deleteButton}
            onClick={() => setConfirming(true)}
            disabled={dataBusy !== null}
          >
            {t('data.deleteAll')}
          </button>
        </div>
        {/* Said under the buttons, where the eye is after choosing a file. */}
        {dataError && !passphraseAsked && (
          <div className="error-box" role="alert" data-testid="data-error">
            <p>
              {localErrorText(dataError)}{' '}
              <span className="muted small">{t('data.errorCode', { code: dataError.code })}</span>
            </p>
          </div>
        )}
        <p className="muted small data-notice" aria-live="polite" data-testid="data-notice">
          {dataBusy === 'export'
            ? t('data.exporting')
            : dataBusy === 'import'
              ? importingText(importProgress)
              : dataBusy === 'delete'
                ? t('data.deleting')
                : (dataNotice ?? '')}
        </p>
        {pendingImport !== null && (
          <form
            className="stack"
            aria-label={t('data.passphraseForm')}
            onSubmit={(e) => {
              e.preventDefault();
              void runImport(pendingImport, importPassphrase);
            }}
          >
            {dataError?.code === 'WRONG_PASSPHRASE' ? (
              <p id="import-passphrase-help" className="error" role="alert">
                {t('data.wrongPassphrase')}
              </p>
            ) : (
              <p id="import-passphrase-help" className="small">
                {t('data.encryptedFile')}
              </p>
            )}
            <div className="row wrap bottom-aligned">
              <label className="field">
                {t('data.importPassphrase')}
                <input
                  type="password"
                  autoComplete="off"
                  autoFocus
                  value={importPassphrase}
                  onChange={(e) => setImportPassphrase(e.target.value)}
                  aria-describedby="import-passphrase-help"
                  data-testid="import-passphrase"
                />
              </label>
              <button type="submit" disabled={dataBusy !== null || importPassphrase.length === 0}>
                {t('data.importButton')}
              </button>
              <button type="button" onClick={() => setPendingImport(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
        <div className="data-help">
          <p id="export-help" className="muted small">
            {t('data.exportHelp')}
          </p>
          <p id="import-help" className="muted small">
            {profileEmpty === false ? t('data.importNotEmpty') : t('data.importEmpty')}
          </p>
          <p id="import-chats-help" className="muted small">
            {t('data.importChatsHelp')}
          </p>
        </div>
      </fieldset>
      <DeleteAllDialog
        open={confirming}
        onCancel={() => {
          setConfirming(false);
          deleteButton.current?.focus();
        }}
        onConfirm={async () => {
          setConfirming(false);
          await deleteAllData();
          deleteButton.current?.focus();
        }}
      />
    </section>
  );
}

function importingText(progress: ImportProgressEvent | null): string {
  if (!progress) return translate('data.importing');
  if (progress.phase === 'reading') return translate('data.importingRead', { count: progress.done });
  return translate('data.importingWritten', { done: progress.done, total: progress.total });
}

/** A modal that deletes only once DELETE is typed (native <dialog>: focus trapped, Escape cancels). */
function DeleteAllDialog({
  open,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setTyped('');
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const ready = typed === CONFIRM_WORD;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="delete-all-title"
      aria-describedby="delete-all-body"
      onCancel={(e) => (e.preventDefault(), onCancel())}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onConfirm();
        }}
      >
        <h2 id="delete-all-title">{t('data.deleteTitle')}</h2>
        <p id="delete-all-body">{t('data.deleteBody')}</p>
        <label htmlFor="delete-all-confirm">{t('data.typeToConfirm', { word: CONFIRM_WORD })}</label>
        {open && (
          <input
            id="delete-all-confirm"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="delete-all-confirm"
          />
        )}
        <div className="row end">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={!ready} data-testid="delete-all-submit">
            {t('data.deleteEverything')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
