// What the chat model can take: its capabilities (window, tool support), asked of Ollama once
// per model, and the prompt window every user of the model plans with (turns, summaries).
import type { OllamaClient } from '../llm';
import type { ModelCapabilities } from '../llm/types';
import type { PromptWindow } from '../summaries/budget';

/** Used when neither the user's setting nor the model says how large the window is. */
export const FALLBACK_WINDOW = 4096;

export interface ModelWindowsOptions {
  ollama: () => OllamaClient;
  settings: () => { contextLength: number | null; reservedOutputTokens: number };
}

export class ModelWindows {
  private readonly known = new Map<string, ModelCapabilities>();

  constructor(private readonly options: ModelWindowsOptions) {}

  /** The model's window and tool support, asked once per model. */
  async capabilities(model: string): Promise<ModelCapabilities> {
    let info = this.known.get(model);
    if (!info) {
      info = await this.options.ollama().showModel(model);
      this.known.set(model, info);
    }
    return info;
  }

  /** The user's setting overrides the model's reported window. */
  contextLength(capabilities: ModelCapabilities | null): number {
    return this.options.settings().contextLength ?? capabilities?.contextLength ?? FALLBACK_WINDOW;
  }

  /** The window a prompt for `model` is planned in; the fallback while Ollama cannot say. */
  async promptWindow(model: string): Promise<PromptWindow> {
    const capabilities = await this.capabilities(model).catch(() => null);
    return {
      contextLength: this.contextLength(capabilities),
      reservedOutput: this.options.settings().reservedOutputTokens,
    };
  }

  /** Forgets what was asked (another Ollama host may serve other models). */
  clear(): void {
    this.known.clear();
  }
}
