// The engine's settings. The engine validates; its errors are shown beside the form and the
// fields they name are marked invalid.
import { useEffect, useState } from 'react';
import { memoryModeText } from '../lib/memory-mode';
import { settingsPatch, toForm, type SettingsForm as Form } from '../lib/settings-form';
import { invalidFields, useSettings } from '../stores/settings-store';
import { useStatus } from '../stores/status-store';
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
  const field = (name: keyof Form) => ({ id: `setting-${name}`, 'aria-invalid': invalid.has(name === 'idleSummarySeconds' ? 'idleSummaryMs' : name) || undefined, 'aria-describedby': saveError ? 'settings-error' : undefined });
  const update = (patch: Partial<Form>) => setForm({ ...form, ...patch });

  return (
    <div className="settings-view">
      <h1>Settings</h1>
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
            {localError ?? saveError?.message}
          </div>
        )}
        <fieldset>
          <legend>Ollama</legend>
          <label htmlFor="setting-ollamaHost">Ollama host</label>
          <input {...field('ollamaHost')} value={form.ollamaHost} onChange={(e) => update({ ollamaHost: e.target.value })} />
          <label htmlFor="setting-chatModel">Chat model</label>
          <input {...field('chatModel')} list="installed-models" value={form.chatModel} onChange={(e) => update({ chatModel: e.target.value })} />
          <label htmlFor="setting-embeddingModel">Embedding model</label>
          <input {...field('embeddingModel')} list="installed-models" value={form.embeddingModel} onChange={(e) => update({ embeddingModel: e.target.value })} />
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
          <label htmlFor="setting-reservedOutputTokens">Reserved for the reply (tokens)</label>
          <input {...field('reservedOutputTokens')} inputMode="numeric" value={form.reservedOutputTokens} onChange={(e) => update({ reservedOutputTokens: e.target.value })} />
          <label htmlFor="setting-chunkTokens">Chunk size (tokens)</label>
          <input {...field('chunkTokens')} inputMode="numeric" value={form.chunkTokens} onChange={(e) => update({ chunkTokens: e.target.value })} />
          <label htmlFor="setting-idleSummarySeconds">Summarise idle conversations after (seconds)</label>
          <input {...field('idleSummarySeconds')} inputMode="decimal" value={form.idleSummarySeconds} onChange={(e) => update({ idleSummarySeconds: e.target.value })} />
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
