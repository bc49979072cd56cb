// The engine's settings. The form checks every field itself and the engine checks them again
// (and the chosen models against Ollama); every reason is shown beside its field, all at once,
// and the first field at fault is scrolled to and focused. An Ollama host off this machine is
// used only after the user confirms, in words naming the host, that messages will be sent there.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localErrorText } from '../lib/errors';
import { memoryModeText } from '../lib/memory-mode';
import { modelsFor, optionLabel, sameModel, toolsNote, type PickerRole } from '../lib/models';
import { viewHref } from '../lib/route';
import {
  FORM_ORDER,
  formFieldOf,
  formProblems,
  settingsPatch,
  toForm,
  type FormField,
  type FormProblems,
  type SettingsForm as Form,
} from '../lib/settings-form';
import { useShallow } from 'zustand/react/shallow';
import { fieldProblems, settingsSelectors, unconfirmedHost, useSettings } from '../stores/settings-store';
import { useStatus } from '../stores/status-store';
import { SettingsAppearance } from './SettingsAppearance';
import { SettingsData } from './SettingsData';
import { SettingsEncryption } from './SettingsEncryption';
import { SettingsModels } from './SettingsModels';

/** The engine's reasons, keyed by the form's fields. */
function engineProblems(reasons: Record<string, string>): FormProblems {
  const problems: FormProblems = {};
  for (const [field, reason] of Object.entries(reasons)) {
    const formField = formFieldOf(field);
    if (formField) problems[formField] = reason;
  }
  return problems;
}

export function SettingsView() {
  const { t } = useTranslation();
  const { settings, loadError, saveError, saving, savedAt } = useSettings(useShallow(settingsSelectors.form));
  const { save, load } = useSettings.getState();
  const models = useStatus((s) => s.models);
  const modelsError = useStatus((s) => s.modelsError);
  const status = useStatus((s) => s.status);
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [localProblems, setLocalProblems] = useState<FormProblems>({});
  const [focusRequest, setFocusRequest] = useState<{ field: FormField } | null>(null);
  const [savedWhat, setSavedWhat] = useState<string>(() => t('settings.saved'));
  const switchState = status?.indexing.embeddingSwitch?.state;

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (settings) setForm(toForm(settings));
  }, [settings]);
  // A switch of embedding model ended (built or failed): read the settings it changed.
  useEffect(() => {
    if (useSettings.getState().settings?.pendingEmbeddingModel) void load();
  }, [load, status?.embeddingModel, switchState]);
  useEffect(() => {
    if (!focusRequest) return;
    const element = document.getElementById(`setting-${focusRequest.field}`);
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
  }, [focusRequest]);

  if (!settings || !form)
    return <p>{loadError ? t('settings.unavailable', { error: loadError }) : t('settings.loading')}</p>;
  const remoteHost = unconfirmedHost(saveError);
  const problems: FormProblems = { ...engineProblems(fieldProblems(saveError)), ...localProblems };
  const atFault = FORM_ORDER.filter((name) => problems[name]);
  const switchFailure = status?.indexing.embeddingSwitch?.state === 'failed' ? status.indexing.embeddingSwitch : null;
  const field = (name: FormField, note?: boolean) => ({
    id: `setting-${name}`,
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby':
      [problems[name] ? `setting-${name}-reason` : '', note ? `setting-${name}-note` : ''].filter(Boolean).join(' ') ||
      undefined,
  });
  const reason = (name: FormField) =>
    problems[name] ? (
      <p id={`setting-${name}-reason`} className="field-error small" data-testid={`reason-${name}`}>
        {problems[name]}
      </p>
    ) : null;
  const update = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    // A field being corrected no longer shows the form's own reason.
    setLocalProblems(Object.fromEntries(Object.entries(localProblems).filter(([name]) => !(name in patch))));
  };
  const focusFirst = (found: FormProblems) => {
    const first = FORM_ORDER.find((name) => found[name]);
    if (first) setFocusRequest({ field: first });
  };
  const submit = async (confirmRemoteHost?: string) => {
    const found = formProblems(form);
    setLocalProblems(found);
    if (Object.keys(found).length > 0) return focusFirst(found);
    const patch = settingsPatch(form, settings);
    if (Object.keys(patch).length === 0 && !confirmRemoteHost) return;
    setSavedWhat(
      patch.embeddingModel ? t('settings.savedReindex', { model: patch.embeddingModel }) : t('settings.saved'),
    );
    if (await save(confirmRemoteHost ? { ...patch, confirmRemoteHost } : patch)) void useStatus.getState().refresh();
    else focusFirst(engineProblems(fieldProblems(useSettings.getState().saveError)));
  };
  const modelPicker = (name: 'chatModel' | 'embeddingModel', role: PickerRole) => {
    const value = form[name];
    const pick = (picked: string) => update({ [name]: sameModel(picked, settings[name]) ? settings[name] : picked });
    if (modelsError || models.length === 0)
      return (
        <input {...field(name, role === 'chat')} value={value} onChange={(e) => update({ [name]: e.target.value })} />
      );
    const choices = modelsFor(role, models);
    const selected = choices.find((m) => sameModel(m.name, value));
    return (
      <select {...field(name, role === 'chat')} value={selected?.name ?? value} onChange={(e) => pick(e.target.value)}>
        {!selected && <option value={value}>{t(`settings.notInstalledAs.${role}`, { model: value })}</option>}
        {choices.map((m) => (
          <option key={m.name} value={m.name}>
            {optionLabel(m)}
          </option>
        ))}
      </select>
    );
  };
  const chatNote = toolsNote(form.chatModel, models);

  return (
    <div className="settings-view">
      <h1>{t('nav.settings')}</h1>
      <SettingsAppearance />
      <form
        className="settings-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {(atFault.length > 0 || saveError) && !remoteHost && (
          <div id="settings-error" className="error-box settings-summary" role="alert" data-testid="settings-error">
            <p>
              {atFault.length > 0
                ? t('settings.notSaved', {
                    count: atFault.length,
                    fields: atFault.map((name) => t(`settings.field.${name}`)).join(t('common.listSeparator')),
                  })
                : saveError && localErrorText(saveError)}
            </p>
          </div>
        )}
        {remoteHost && (
          <div id="settings-error" className="error-box" role="alert" data-testid="settings-error">
            {t('settings.remoteHost', { host: remoteHost })}
          </div>
        )}
        {remoteHost && (
          <div className="confirm-box" data-testid="remote-host-confirm">
            <p>
              {t('settings.remoteBefore')}
              <strong>{new URL(remoteHost).host}</strong>
              {t('settings.remoteAfter')}
            </p>
            <button type="button" className="danger" onClick={() => void submit(remoteHost)} disabled={saving}>
              {t('settings.remoteConfirm', { host: new URL(remoteHost).host })}
            </button>
          </div>
        )}
        <fieldset>
          <legend>{t('settings.ollama')}</legend>
          <label htmlFor="setting-ollamaHost">{t('settings.field.ollamaHost')}</label>
          <input
            {...field('ollamaHost')}
            value={form.ollamaHost}
            onChange={(e) => update({ ollamaHost: e.target.value })}
          />
          {reason('ollamaHost')}
          <label htmlFor="setting-chatModel">{t('settings.field.chatModel')}</label>
          {modelPicker('chatModel', 'chat')}
          {reason('chatModel')}
          {chatNote && (
            <p id="setting-chatModel-note" className="muted small" data-testid="chat-model-tools">
              {chatNote}
            </p>
          )}
          <label htmlFor="setting-embeddingModel">{t('settings.field.embeddingModel')}</label>
          {modelPicker('embeddingModel', 'embedding')}
          {reason('embeddingModel')}
          {switchFailure && !problems.embeddingModel && (
            <p className="field-error small" role="alert" data-testid="embedding-switch-failed">
              {t('settings.switchFailed', {
                model: switchFailure.model,
                error: switchFailure.error ? localErrorText(switchFailure.error) : '',
                current: settings.embeddingModel,
              })}
            </p>
          )}
          {settings.pendingEmbeddingModel && (
            <p className="muted small" data-testid="embedding-switch-building">
              {t('settings.switchBuilding', {
                model: settings.pendingEmbeddingModel,
                current: settings.embeddingModel,
              })}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('settings.context')}</legend>
          <label htmlFor="setting-contextLength">{t('settings.contextLengthLabel')}</label>
          <input
            {...field('contextLength')}
            inputMode="numeric"
            value={form.contextLength}
            onChange={(e) => update({ contextLength: e.target.value })}
          />
          {reason('contextLength')}
          <label htmlFor="setting-reservedOutputTokens">{t('settings.reservedLabel')}</label>
          <input
            {...field('reservedOutputTokens')}
            inputMode="numeric"
            value={form.reservedOutputTokens}
            onChange={(e) => update({ reservedOutputTokens: e.target.value })}
          />
          {reason('reservedOutputTokens')}
          <label htmlFor="setting-chunkTokens">{t('settings.chunkLabel')}</label>
          <input
            {...field('chunkTokens')}
            inputMode="numeric"
            value={form.chunkTokens}
            onChange={(e) => update({ chunkTokens: e.target.value })}
          />
          {reason('chunkTokens')}
          <label htmlFor="setting-idleSummarySeconds">{t('settings.idleLabel')}</label>
          <input
            {...field('idleSummarySeconds')}
            inputMode="decimal"
            value={form.idleSummarySeconds}
            onChange={(e) => update({ idleSummarySeconds: e.target.value })}
          />
          {reason('idleSummarySeconds')}
          <label className="inline">
            <input
              type="checkbox"
              checked={form.crossConversationDefault}
              onChange={(e) => update({ crossConversationDefault: e.target.checked })}
            />
            {t('settings.field.crossConversationDefault')}
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.memory')}</legend>
          <label htmlFor="setting-memorySaveMode">{t('settings.field.memorySaveMode')}</label>
          <select
            {...field('memorySaveMode')}
            value={form.memorySaveMode}
            onChange={(e) => update({ memorySaveMode: e.target.value === 'auto' ? 'auto' : 'ask' })}
          >
            <option value="ask">{t('settings.saveModeAsk')}</option>
            <option value="auto">{t('settings.saveModeAuto')}</option>
          </select>
          <p className="muted" data-testid="memory-mode">
            {memoryModeText(status?.memoryMode, status?.chatModel ?? settings.chatModel)}
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('settings.assistant')}</legend>
          <label htmlFor="setting-systemPrompt">{t('settings.field.systemPrompt')}</label>
          <textarea
            {...field('systemPrompt')}
            rows={6}
            value={form.systemPrompt}
            onChange={(e) => update({ systemPrompt: e.target.value })}
          />
          {reason('systemPrompt')}
        </fieldset>
        <fieldset>
          <legend>{t('settings.monitoring')}</legend>
          <p className="muted small">
            {t('settings.monitoringBefore')}
            <a href={viewHref('monitoring')}>{t('settings.monitoringLink')}</a>
            {t('settings.monitoringAfter')}
          </p>
          <label htmlFor="setting-metricsRetentionDays">{t('settings.retentionLabel')}</label>
          <input
            {...field('metricsRetentionDays')}
            inputMode="numeric"
            value={form.metricsRetentionDays}
            onChange={(e) => update({ metricsRetentionDays: e.target.value })}
          />
          {reason('metricsRetentionDays')}
          <label htmlFor="setting-metricsMaxTurns">{t('settings.maxTurnsLabel')}</label>
          <input
            {...field('metricsMaxTurns')}
            inputMode="numeric"
            value={form.metricsMaxTurns}
            onChange={(e) => update({ metricsMaxTurns: e.target.value })}
          />
          {reason('metricsMaxTurns')}
        </fieldset>
        <fieldset>
          <legend>{t('settings.storage')}</legend>
          <label htmlFor="setting-dataDir">{t('settings.dataDir')}</label>
          <input id="setting-dataDir" value={settings.dataDir} readOnly />
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('settings.saving') : t('settings.save')}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(toForm(settings));
              setLocalProblems({});
            }}
          >
            {t('settings.reset')}
          </button>
          <span className="muted" aria-live="polite" data-testid="settings-saved">
            {savedAt && !saveError && !saving && atFault.length === 0 ? savedWhat : ''}
          </span>
        </div>
      </form>
      <SettingsModels />
      <SettingsEncryption />
      <SettingsData />
    </div>
  );
}
