export { ModelCatalog, canonicalName } from './model-catalog';
export { modelChoiceProblem, type ModelChoice } from './model-choice';
export { ModelPulls } from './model-pulls';
