// The engine's settings. The engine validates; its errors are shown above the form and each
// field's reason beside the field. An Ollama host off this machine is used only after the
// user confirms, in words naming the host, that messages will be sent there.
import { useEffect, useState } from 'react';
import { memoryModeText } from '../lib/memory-mode';
import { viewHref } from '../lib/route';
import { settingsPatch, toForm, type SettingsForm as Form } from '../lib/settings-form';
import { fieldProblems, invalidFields, unconfirmedHost, useSettings } from '../stores/settings-store';
import { useStatus } from '../stores/status-store';
import { SettingsAppearance } from './SettingsAppearance';
import { SettingsData } from './SettingsData';
import { SettingsEncryption } from './SettingsEncryption';

export function SettingsView() {
  const { settings, loadError, saveError, saving, savedAt, save, load } = useSettings();
  const models = useStatus((s) => s.models);
  const status = useStatus((s) => s.status);
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [localError, setLocalError] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (settings) setForm(toForm(settings));
  }, [settings]);

  if (!settings || !form) return <p>{loadError ? `Settings unavailable: ${loadError}` : 'Loading settings…'}</p>;
  const invalid = invalidFields(saveError);
  const reasons = fieldProblems(saveError);
  const remoteHost = unconfirmedHost(saveError);
  const engineName = (name: keyof Form) => (name === 'idleSummarySeconds' ? 'idleSummaryMs' : name);
  const field = (name: keyof Form) => ({
    id: `setting-${name}`,
    'aria-invalid': invalid.has(engineName(name)) || undefined,
    'aria-describedby': [saveError ? 'settings-error' : '', reasons[engineName(name)] ? `setting-${name}-reason` : ''].filter(Boolean).join(' ') || undefined,
  });
  const reason = (name: keyof Form) =>
    reasons[engineName(name)] ? (
      <p id={`setting-${name}-reason`} className="field-error small" data-testid={`reason-${name}`}>
        {reasons[engineName(name)]}
      </p>
    ) : null;
  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const confirmHost = async (host: string) => {
    if (await save({ ...settingsPatch(form, settings), confirmRemoteHost: host })) void useStatus.getState().refresh();
  };

  return (
    <div className="settings-view">
      <h1>Settings</h1>
      <SettingsAppearance />
      <form
        className="settings-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const patch = settingsPatch(form, settings);
          const bad = Object.entries(patch).find(([, v]) => typeof v === 'number' && !Number.isFinite(v));
          if (bad) return setLocalError(`${bad[0]} must be a number.`);
          setLocalError(null);
          if (Object.keys(patch).length > 0 && (await save(patch))) void useStatus.getState().refresh();
        }}
      >
        {(saveError || localError) && (
          <div id="settings-error" className="error-box" role="alert" data-testid="settings-error">
            {localError ?? (remoteHost ? `${remoteHost} is not on this machine.` : saveError?.message)}
          </div>
        )}
        {remoteHost && !localError && (
          <div className="confirm-box" data-testid="remote-host-confirm">
            <p>
              Your messages will be sent to <strong>{new URL(remoteHost).host}</strong>: every message you send, and your history and memories as they are indexed. Mnemo keeps everything on this machine unless you allow this.
            </p>
            <button type="button" className="danger" onClick={() => void confirmHost(remoteHost)} disabled={saving}>
              Send my messages to {new URL(remoteHost).host}
            </button>
          </div>
        )}
        <fieldset>
          <legend>Ollama</legend>
          <label htmlFor="setting-ollamaHost">Ollama host</label>
          <input {...field('ollamaHost')} value={form.ollamaHost} onChange={(e) => update({ ollamaHost: e.target.value })} />
          {reason('ollamaHost')}
          <label htmlFor="setting-chatModel">Chat model</label>
          <input {...field('chatModel')} list="installed-models" value={form.chatModel} onChange={(e) => update({ chatModel: e.target.value })} />
          {reason('chatModel')}
          <label htmlFor="setting-embeddingModel">Embedding model</label>
          <input {...field('embeddingModel')} list="installed-models" value={form.embeddingModel} onChange={(e) => update({ embeddingModel: e.target.value })} />
          {reason('embeddingModel')}
          {settings.pendingEmbeddingModel && <p className="muted">Building the index for {settings.pendingEmbeddingModel}; the status bar shows progress.</p>}
          <datalist id="installed-models">
            {models.map((m) => (
              <option key={m.name} value={m.name} />
            ))}
          </datalist>
        </fieldset>
        <fieldset>
          <legend>Context</legend>
          <label htmlFor="setting-contextLength">Context length (tokens; empty = the model's own)</label>
          <input {...field('contextLength')} inputMode="numeric" value={form.contextLength} onChange={(e) => update({ contextLength: e.target.value })} />
          {reason('contextLength')}
          <label htmlFor="setting-reservedOutputTokens">Reserved for the reply (tokens)</label>
          <input {...field('reservedOutputTokens')} inputMode="numeric" value={form.reservedOutputTokens} onChange={(e) => update({ reservedOutputTokens: e.target.value })} />
          {reason('reservedOutputTokens')}
          <label htmlFor="setting-chunkTokens">Chunk size (tokens)</label>
          <input {...field('chunkTokens')} inputMode="numeric" value={form.chunkTokens} onChange={(e) => update({ chunkTokens: e.target.value })} />
          {reason('chunkTokens')}
          <label htmlFor="setting-idleSummarySeconds">Summarise idle conversations after (seconds)</label>
          <input {...field('idleSummarySeconds')} inputMode="decimal" value={form.idleSummarySeconds} onChange={(e) => update({ idleSummarySeconds: e.target.value })} />
          {reason('idleSummarySeconds')}
          <label className="inline">
            <input type="checkbox" checked={form.crossConversationDefault} onChange={(e) => update({ crossConversationDefault: e.target.checked })} />
            Use other conversations by default
          </label>
        </fieldset>
        <fieldset>
          <legend>Memory</legend>
          <label htmlFor="setting-memorySaveMode">Memories the model saves</label>
          <select {...field('memorySaveMode')} value={form.memorySaveMode} onChange={(e) => update({ memorySaveMode: e.target.value === 'auto' ? 'auto' : 'ask' })}>
            <option value="ask">Ask me first (they wait in Memory for review)</option>
            <option value="auto">Save at once</option>
          </select>
          <p className="muted" data-testid="memory-mode">
            {memoryModeText(status?.memoryMode, status?.chatModel ?? settings.chatModel)}
          </p>
        </fieldset>
        <fieldset>
          <legend>Assistant</legend>
          <label htmlFor="setting-systemPrompt">System prompt</label>
          <textarea {...field('systemPrompt')} rows={6} value={form.systemPrompt} onChange={(e) => update({ systemPrompt: e.target.value })} />
          {reason('systemPrompt')}
        </fieldset>
        <fieldset>
          <legend>Monitoring</legend>
          <p className="muted small">
            Each turn's figures (no text) are kept for the <a href={viewHref('monitoring')}>Monitoring view</a>, and pruned in the background.
          </p>
          <label htmlFor="setting-metricsRetentionDays">Keep turn figures for (days)</label>
          <input {...field('metricsRetentionDays')} inputMode="numeric" value={form.metricsRetentionDays} onChange={(e) => update({ metricsRetentionDays: e.target.value })} />
          <label htmlFor="setting-metricsMaxTurns">Keep at most (turns)</label>
          <input {...field('metricsMaxTurns')} inputMode="numeric" value={form.metricsMaxTurns} onChange={(e) => update({ metricsMaxTurns: e.target.value })} />
        </fieldset>
        <fieldset>
          <legend>Storage</legend>
          <label htmlFor="setting-dataDir">Data folder</label>
          <input id="setting-dataDir" value={settings.dataDir} readOnly />
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" onClick={() => setForm(toForm(settings))}>
            Reset
          </button>
          <span className="muted" aria-live="polite">
            {savedAt && !saveError && !saving ? 'Saved.' : ''}
          </span>
        </div>
      </form>
      <SettingsEncryption />
      <SettingsData />
    </div>
  );
}
