// Runtime shapes of the Ollama answers the engine relies on. Only the fields we read are
// required, so newer servers that add fields keep working; a missing or mistyped field we
// need becomes OLLAMA_BAD_RESPONSE instead of an undefined deep inside the engine.
import { z } from 'zod';

export const versionSchema = z.object({ version: z.string() });

export const tagsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      size: z.number().nonnegative(),
      modified_at: z.string(),
      digest: z.string().optional(),
      details: z
        .object({ family: z.string(), parameter_size: z.string(), quantization_level: z.string() })
        .partial()
        .optional(),
    }),
  ),
});

export const showSchema = z.object({
  model_info: z.record(z.string(), z.unknown()).optional(),
  capabilities: z.array(z.string()).optional(),
  template: z.string().optional(),
});

/** One line of a streamed /api/pull: a status, with byte counts while a layer downloads. */
export const pullProgressSchema = z.object({
  status: z.string(),
  digest: z.string().optional(),
  total: z.number().nonnegative().optional(),
  completed: z.number().nonnegative().optional(),
});

export const embedSchema = z.object({
  embeddings: z.array(z.array(z.number().finite())),
});

const toolCallSchema = z.object({
  function: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }),
});

export const chatChunkSchema = z.object({
  message: z
    .object({
      content: z.string().optional(),
      tool_calls: z.array(toolCallSchema).optional(),
    })
    .optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  // Ollama omits the prompt count when the prompt came from its cache.
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
  total_duration: z.number().optional(),
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;
