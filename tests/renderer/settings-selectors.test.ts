// Settings, Monitoring and Encryption read their stores through one slice per section, so a
// section re-renders only when what it shows changes: zustand's useShallow compares each
// value of the slice with Object.is, where the whole store (the views' old `useSettings()`)
// is a new object on every change.
import { afterEach, describe, expect, it } from 'vitest';
import { shallow } from 'zustand/shallow';
import type { SettingsView } from '../../src/shared/contract';
import { monitoringSelectors, useMonitoring } from '../../src/renderer/src/stores/monitoring-store';
import { modelsSelectors, useModels } from '../../src/renderer/src/stores/models-store';
import { securitySelectors, useSecurity } from '../../src/renderer/src/stores/security-store';
import { settingsSelectors, useSettings } from '../../src/renderer/src/stores/settings-store';

/** Whether a view reading `select` through useShallow would re-render across `change`. */
function rerenders<S>(store: { getState: () => S }, select: (s: S) => object, change: () => void): boolean {
  const before = select(store.getState());
  change();
  return !shallow(before, select(store.getState()));
}

describe('settings, monitoring and encryption selectors', () => {
  afterEach(() => {
    useSettings.setState(useSettings.getInitialState(), true);
    useSecurity.setState(useSecurity.getInitialState(), true);
    useMonitoring.setState(useMonitoring.getInitialState(), true);
    useModels.setState(useModels.getInitialState(), true);
  });

  it('import progress re-renders the data section, not the settings form', () => {
    useSettings.setState({ settings: { chatModel: 'llama3.2' } as SettingsView });
    const progress = () =>
      useSettings.setState({
        importProgress: { phase: 'writing', done: 10, total: 100 },
      });
    expect(rerenders(useSettings, settingsSelectors.form, progress)).toBe(false);
    expect(rerenders(useSettings, settingsSelectors.data, () => useSettings.setState({ importProgress: null }))).toBe(
      true,
    );
  });

  it('saving re-renders the form, not the data section', () => {
    expect(rerenders(useSettings, settingsSelectors.data, () => useSettings.setState({ saving: true }))).toBe(false);
    expect(rerenders(useSettings, settingsSelectors.form, () => useSettings.setState({ saving: false }))).toBe(true);
  });

  it('a store change that leaves what a view shows as it was re-renders nothing', () => {
    // Each set makes a new state object: a view reading the whole store would render again.
    expect(rerenders(useSecurity, securitySelectors.view, () => useSecurity.setState({ busy: false }))).toBe(false);
    expect(rerenders(useSecurity, securitySelectors.view, () => useSecurity.setState({ busy: true }))).toBe(true);
    expect(rerenders(useMonitoring, monitoringSelectors.view, () => useMonitoring.setState({ loading: false }))).toBe(
      false,
    );
    expect(
      rerenders(useMonitoring, monitoringSelectors.view, () => useMonitoring.setState({ notice: 'Copied.' })),
    ).toBe(true);
    expect(rerenders(useModels, modelsSelectors.view, () => useModels.setState({ deleting: null }))).toBe(false);
    expect(rerenders(useModels, modelsSelectors.view, () => useModels.setState({ deleting: 'llama3.2' }))).toBe(true);
  });
});
