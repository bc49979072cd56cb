// The "Your data" part of Settings: export everything to one file (encrypted with a passphrase
// unless plain JSON is chosen), import such a file into an empty profile (asking for the
// passphrase of an encrypted one), add chats exported from ChatGPT or Open WebUI (the engine
// tells the file's kind from its contents), and delete everything after typing DELETE. The engine decides (and
// refuses an import into a profile that is not empty); this only asks and shows the answer.
import { useEffect, useRef, useState } from 'react';
import type { ImportProgressEvent } from '../../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { settingsSelectors, useSettings } from '../stores/settings-store';

const CONFIRM_WORD = 'DELETE';

export function SettingsData() {
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
      ? 'At least 8 characters.'
      : exportAgain !== exportPassphrase
        ? 'The two passphrases differ.'
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
        <legend id="data-heading">Your data</legend>
        <div className="stack" role="group" aria-labelledby="export-choice-label">
          <span id="export-choice-label" className="small">
            Export file
          </span>
          <label className="row">
            <input
              type="radio"
              name="export-protection"
              checked={!exportPlain}
              onChange={() => setExportPlain(false)}
            />{' '}
            Encrypted with a passphrase (recommended)
          </label>
          <label className="row">
            <input
              type="radio"
              name="export-protection"
              checked={exportPlain}
              onChange={() => setExportPlain(true)}
              data-testid="export-plain"
            />{' '}
            Plain JSON: anyone who gets the file can read every conversation
          </label>
          {!exportPlain && (
            <div className="row wrap">
              <label className="field">
                Export passphrase
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
                Again
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
              {passphraseProblem ?? 'Keep this passphrase: without it the file cannot be opened, not even by Mnemo.'}
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
            Export all data
          </button>
          <label
            className="button file-button"
            style={importAllowed ? undefined : { opacity: 0.55, cursor: 'not-allowed' }}
          >
            Import data
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
            Import from ChatGPT or Open WebUI
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
            Delete all data…
          </button>
        </div>
        {/* Said under the buttons, where the eye is after choosing a file. */}
        {dataError && !passphraseAsked && (
          <div className="error-box" role="alert" data-testid="data-error">
            <p>
              {dataError.message} <span className="muted small">({dataError.code})</span>
            </p>
          </div>
        )}
        <p className="muted small data-notice" aria-live="polite" data-testid="data-notice">
          {dataBusy === 'export'
            ? 'Exporting…'
            : dataBusy === 'import'
              ? importingText(importProgress)
              : dataBusy === 'delete'
                ? 'Deleting…'
                : (dataNotice ?? '')}
        </p>
        {pendingImport !== null && (
          <form
            className="stack"
            aria-label="Passphrase of the export file"
            onSubmit={(e) => {
              e.preventDefault();
              void runImport(pendingImport, importPassphrase);
            }}
          >
            {dataError?.code === 'WRONG_PASSPHRASE' ? (
              <p id="import-passphrase-help" className="error" role="alert">
                That passphrase does not open this file. Check it and try again.
              </p>
            ) : (
              <p id="import-passphrase-help" className="small">
                This file is encrypted. Enter the passphrase that was chosen when it was exported.
              </p>
            )}
            <div className="row wrap bottom-aligned">
              <label className="field">
                Passphrase of this export
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
                Import
              </button>
              <button type="button" onClick={() => setPendingImport(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
        <div className="data-help">
          <p id="export-help" className="muted small">
            Export saves every conversation, memory and setting in one file.
          </p>
          <p id="import-help" className="muted small">
            {profileEmpty === false
              ? 'Import works only into an empty profile: this one already has conversations or memories.'
              : 'Import brings such a file into this empty profile.'}
          </p>
          <p id="import-chats-help" className="muted small">
            From ChatGPT, choose its data export as downloaded (the ZIP) or the conversations.json in it; from Open
            WebUI, its exported chats file. The chats are added to the ones here; importing the same file again adds
            nothing. Every version of a reply comes along; the one last shown there is the one shown here.
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
  if (!progress) return 'Importing…';
  if (progress.phase === 'reading') return `Importing… ${progress.done.toLocaleString()} entries read`;
  return `Importing… ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} messages written`;
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
        <h2 id="delete-all-title">Delete all data?</h2>
        <p id="delete-all-body">
          Every conversation, memory, summary, setting, search index and backup Mnemo keeps will be deleted from this
          computer. This cannot be undone; export first if you may want it back.
        </p>
        <label htmlFor="delete-all-confirm">Type {CONFIRM_WORD} to confirm</label>
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
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!ready} data-testid="delete-all-submit">
            Delete everything
          </button>
        </div>
      </form>
    </dialog>
  );
}
