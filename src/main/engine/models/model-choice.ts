// Whether a model can take the role the user picks for it in Settings, checked against the
// configured Ollama before anything is saved, so a refusal can say why beside the field.
import type { ModelInfo } from '../../../shared/contract';
import type { ModelRole } from '../config';
import type { ModelCatalog } from './model-catalog';
import { canonicalName } from './model-catalog';

export interface ModelChoice {
  role: ModelRole;
  name: string;
  /** The Ollama being asked, named when it cannot be reached. */
  host: string;
}

/** Why `name` cannot be the `role` model now, in words for the field; null when it can. */
export async function modelChoiceProblem(catalog: ModelCatalog, choice: ModelChoice): Promise<string | null> {
  let installed: ModelInfo[];
  try {
    installed = await catalog.list();
  } catch {
    // A chat model is only needed when a message is sent; the status bar says Ollama is missing.
    if (choice.role === 'chat') return null;
    return `Ollama is not reachable at ${choice.host}, so Mnemo cannot switch to ${choice.name} now (every message is indexed again with the new model). Start Ollama, then save again.`;
  }
  const model = installed.find((m) => canonicalName(m.name) === canonicalName(choice.name));
  if (!model)
    return `${choice.name} is not installed in Ollama. Download it under "Ollama models" below, or pick an installed model.`;
  return roleProblem(model, choice);
}

function roleProblem(model: ModelInfo, choice: ModelChoice): string | null {
  if (model.capabilities.length === 0) return null; // Ollama could not say: let it be tried
  if (choice.role === 'chat' && model.kind === 'embedding')
    return `${choice.name} is an embedding model: it turns text into numbers for search and cannot chat. Pick a chat model.`;
  if (choice.role === 'chat' && model.kind !== 'chat') return `${choice.name} cannot chat. Pick a chat model.`;
  if (choice.role === 'embedding' && model.kind !== 'embedding')
    return `${choice.name} is a chat model and cannot make the embeddings search needs. Pick an embedding model, such as nomic-embed-text.`;
  return null;
}
