// Saving a change from Settings: every field is checked at once, and a chosen chat or embedding
// model against the Ollama it will be used with, before anything is written. So a refusal names
// every field at fault with its reason, and "Saved." never precedes a silent revert.
import {
  refuseSettings,
  remoteHostDetails,
  type EngineSettings,
  type FieldProblems,
  type UserSettings,
} from './settings';
import type { Problem } from '../../../shared/problems';

export type ModelRole = 'chat' | 'embedding';

export interface SettingsSaveOptions {
  settings: EngineSettings;
  /** Why `name` cannot be the `role` model at `host`; null when it can. */
  modelProblem: (choice: { role: ModelRole; name: string; host: string }) => Promise<Problem | null>;
  /** Writes the checked change and puts it to work (new Ollama client, embedding switch). */
  apply: (patch: Partial<UserSettings>, options: { confirmRemoteHost?: string }) => UserSettings;
}

export async function saveSettings(
  deps: SettingsSaveOptions,
  patch: Partial<UserSettings>,
  options: { confirmRemoteHost?: string } = {},
): Promise<UserSettings> {
  const checked = deps.settings.check(patch, options);
  const problems: FieldProblems = { ...checked.problems };
  if (!problems.ollamaHost) {
    const current = deps.settings.get();
    const host = checked.change.ollamaHost ?? current.ollamaHost;
    const choices: [ModelRole, string | undefined][] = [
      ['chat', changed(checked.change.chatModel, current.chatModel)],
      ['embedding', changed(checked.change.embeddingModel, current.embeddingModel)],
    ];
    for (const [role, name] of choices) {
      const field = role === 'chat' ? 'chatModel' : 'embeddingModel';
      if (name === undefined || problems[field]) continue;
      const problem = await deps.modelProblem({ role, name, host });
      if (problem) problems[field] = problem;
    }
  }
  if (Object.keys(problems).length > 0) throw refuseSettings(problems, remoteHostDetails(checked.remoteHost));
  return deps.apply(patch, options);
}

function changed(next: string | undefined, current: string): string | undefined {
  return next !== undefined && next !== current ? next : undefined;
}
