// Settings → Ollama models: what is installed in the configured Ollama (size, family,
// quantisation, what each is for), downloads with progress, speed, cancel and retry, and
// deleting a model after a confirmation. Downloads go to the configured host only.
import { useEffect, useState } from 'react';
import type { ModelPullView } from '../../../shared/contract';
import { detailsText, kindText, percent, pullProgressText } from '../lib/models';
import { useShallow } from 'zustand/react/shallow';
import { modelsSelectors, useModels } from '../stores/models-store';
import { useStatus } from '../stores/status-store';

export function SettingsModels() {
  const models = useStatus((s) => s.models);
  const modelsError = useStatus((s) => s.modelsError);
  const status = useStatus((s) => s.status);
  const { pulls, deleting, deleteError } = useModels(useShallow(modelsSelectors.view));
  const { pull, remove } = useModels.getState();
  const [name, setName] = useState('');
  useEffect(() => {
    void useStatus.getState().loadModels();
  }, []);
  const host = status?.ollama.host ?? '';
  const pulling = pulls.some((p) => p.model === name.trim() && p.state === 'pulling');
  const inUseAs = (model: string) => {
    const bare = model.replace(/:latest$/, '');
    if (status?.chatModel === model || status?.chatModel === bare) return 'chat model';
    if (status?.embeddingModel === model || status?.embeddingModel === bare) return 'embedding model';
    return null;
  };

  return (
    <section className="settings-form" aria-labelledby="models-heading">
      <fieldset>
        <legend id="models-heading">Ollama models</legend>
        {modelsError ? (
          <p className="field-error" role="status" data-testid="models-error">
            {modelsError}
          </p>
        ) : (
          <ul className="model-list" aria-label="Installed models" data-testid="model-list">
            {models.map((m) => (
              <li key={m.name} className="model-row">
                <div>
                  <strong>{m.name}</strong> <span className="badge">{kindText(m)}</span>
                  {inUseAs(m.name) && <span className="badge accent">In use: {inUseAs(m.name)}</span>}
                  <p className="muted small">{detailsText(m)}</p>
                </div>
                <button
                  type="button"
                  className="danger"
                  disabled={deleting === m.name}
                  onClick={() => void remove(m.name, inUseAs(m.name))}
                  aria-label={`Delete ${m.name}`}
                >
                  {deleting === m.name ? 'Deleting…' : 'Delete'}
                </button>
              </li>
            ))}
            {models.length === 0 && <li className="muted">No models installed yet.</li>}
          </ul>
        )}
        {deleteError && (
          <p className="field-error" role="alert">
            {deleteError.message}
          </p>
        )}
        <form
          className="row wrap pull-form"
          onSubmit={(e) => {
            e.preventDefault();
            const model = name.trim();
            if (model !== '' && !pulling) void pull(model);
          }}
        >
          <label htmlFor="pull-model">Download a model</label>
          <input
            id="pull-model"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="for example llama3.2:3b"
            aria-describedby="pull-help"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" disabled={name.trim() === '' || pulling}>
            Download
          </button>
        </form>
        <p id="pull-help" className="muted small">
          From the Ollama library (ollama.com/library), into the Ollama at {host || 'the address above'}.
        </p>
        {pulls.length > 0 && (
          <ul className="pull-list" aria-label="Downloads">
            {pulls.map((p) => (
              <PullRow key={p.model} pull={p} />
            ))}
          </ul>
        )}
      </fieldset>
    </section>
  );
}

function PullRow({ pull }: { pull: ModelPullView }) {
  // Actions only: a row re-renders with its own `pull`, not with every other download's progress.
  const { cancel, dismiss, pull: retry } = useModels.getState();
  const label = `Downloading ${pull.model}`;
  return (
    <li className={`pull-row ${pull.state}`} data-testid={`pull-${pull.model}`}>
      <div className="pull-head">
        <strong>{pull.model}</strong>
        {pull.state === 'pulling' && (
          <button type="button" onClick={() => void cancel(pull.model)}>
            Cancel
          </button>
        )}
        {(pull.state === 'failed' || pull.state === 'cancelled') && (
          <button type="button" onClick={() => void retry(pull.model)}>
            Retry
          </button>
        )}
        {pull.state !== 'pulling' && (
          <button type="button" onClick={() => dismiss(pull.model)} aria-label={`Dismiss ${pull.model}`}>
            Dismiss
          </button>
        )}
      </div>
      {pull.state === 'pulling' && <progress max={100} value={percent(pull)} aria-label={label} />}
      <p
        className={pull.state === 'failed' ? 'field-error small' : 'muted small'}
        role={pull.state === 'failed' ? 'alert' : undefined}
        aria-live={pull.state === 'pulling' ? 'off' : 'polite'}
      >
        {pullProgressText(pull)}
      </p>
    </li>
  );
}
