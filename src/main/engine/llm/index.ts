// Public face of the LLM layer: the Ollama client and the plain types it speaks.
export { OllamaClient, type OllamaClientOptions } from './ollama-client';
export { OllamaConnection, type OllamaTimeouts } from './ollama-connection';
export type {
  ChatEvent,
  ChatMessage,
  ChatStreamRequest,
  ChatTool,
  ModelCapabilities,
  ModelSummary,
  ToolCall,
} from './types';
