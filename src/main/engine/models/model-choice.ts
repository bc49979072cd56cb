// Whether a model can take the role the user picks for it in Settings, checked against the
// configured Ollama before anything is saved, so a refusal can say why beside the field.
import type { ModelInfo } from '../../../shared/contract';
import type { Problem } from '../../../shared/problems';
import type { ModelRole } from '../config';
import type { ModelCatalog } from './model-catalog';
import { canonicalName } from './model-catalog';

export interface ModelChoice {
  role: ModelRole;
  name: string;
  /** The Ollama being asked, named when it cannot be reached. */
  host: string;
}

/** Why `name` cannot be the `role` model now, for the field; null when it can. */
export async function modelChoiceProblem(catalog: ModelCatalog, choice: ModelChoice): Promise<Problem | null> {
  let installed: ModelInfo[];
  try {
    installed = await catalog.list();
  } catch {
    // A chat model is only needed when a message is sent; the status bar says Ollama is missing.
    if (choice.role === 'chat') return null;
    return { code: 'modelHostUnreachable', host: choice.host, model: choice.name };
  }
  const model = installed.find((m) => canonicalName(m.name) === canonicalName(choice.name));
  if (!model) return { code: 'modelNotInstalled', model: choice.name };
  return roleProblem(model, choice);
}

function roleProblem(model: ModelInfo, choice: ModelChoice): Problem | null {
  if (model.capabilities.length === 0) return null; // Ollama could not say: let it be tried
  if (choice.role === 'chat' && model.kind === 'embedding') return { code: 'modelIsEmbedding', model: choice.name };
  if (choice.role === 'chat' && model.kind !== 'chat') return { code: 'modelCannotChat', model: choice.name };
  if (choice.role === 'embedding' && model.kind !== 'embedding') return { code: 'modelIsChat', model: choice.name };
  return null;
}
