// What a user asked for that the engine refused, as a code with the values needed to say it:
// the UI words it in its language (errors.problem.<code> in the locales), and the error's
// English message (logs, diagnostics, a UI without the code) comes from the engine's one wording
// function (engine/problems.ts). Only refusals a person meets in normal use have a code.
import type { NumberField } from './settings-fields';

export type Problem =
  // Settings, beside their fields.
  | { code: 'numberRange'; field: NumberField }
  | { code: 'hostNotUrl' }
  | { code: 'hostScheme' }
  | { code: 'hostRemote'; host: string; hostname: string }
  | { code: 'modelEmpty'; role: 'chat' | 'embedding' }
  | { code: 'modelNameLong'; max: number }
  | { code: 'modelHostUnreachable'; host: string; model: string }
  | { code: 'modelNotInstalled'; model: string }
  | { code: 'modelIsEmbedding'; model: string }
  | { code: 'modelCannotChat'; model: string }
  | { code: 'modelIsChat'; model: string }
  | { code: 'systemPromptLong'; max: number }
  | { code: 'reserveTooLarge'; reserve: number; window: number; max: number }
  | { code: 'chunkTooLarge'; chunk: number; window: number; max: number }
  | { code: 'invalidValue' }
  // Memories and messages.
  | { code: 'memoryEmpty' }
  | { code: 'memoryTooLong'; max: number; length: number }
  | { code: 'importanceRange' }
  | { code: 'messageEmpty' }
  | { code: 'messageTooLong'; max: number; length: number }
  // Imports and passphrases.
  | { code: 'notJson' }
  | { code: 'notAnExport' }
  | { code: 'exportTooLarge'; maxMi: number }
  | { code: 'exportIncomplete' }
  | { code: 'exportVersion'; version: string; supported: number }
  /** `at`: where in the file; `issue`: the schema's own (technical, English) words for what is wrong there. */
  | { code: 'exportDamaged'; at: string; issue: string }
  | { code: 'importBusy' }
  | { code: 'importGone' }
  | { code: 'sealedDamaged' }
  | { code: 'sealedVersion'; version: string }
  | { code: 'passphraseShort'; min: number }
  | { code: 'passphraseMustStay' };

export type ProblemCode = Problem['code'];
