export * from './config';
export * from './settings';
export { saveSettings, type ModelRole } from './settings-save';
