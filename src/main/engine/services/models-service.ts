// What Settings calls about Ollama's models: the installed ones with what each can do, and
// downloads (with progress events) and removals in the configured Ollama.
import type { MethodOutputs, ValidInput } from '../../../shared/contract';
import type { ModelCatalog, ModelPulls } from '../models';

export class ModelsService {
  constructor(private readonly options: { catalog: ModelCatalog; pulls: ModelPulls }) {}

  list(): Promise<MethodOutputs['models.list']> {
    return this.options.catalog.list();
  }

  pull(input: ValidInput<'models.pull'>): Promise<MethodOutputs['models.pull']> {
    return this.options.pulls.pull(input.model);
  }

  cancelPull(input: ValidInput<'models.cancelPull'>): MethodOutputs['models.cancelPull'] {
    return { cancelled: this.options.pulls.cancel(input.model) };
  }

  delete(input: ValidInput<'models.delete'>): Promise<MethodOutputs['models.delete']> {
    return this.options.catalog.delete(input.model);
  }
}
