// Public face of the test Ollama server: the server, its scripting types and the embedding.
export { TestOllamaServer } from './server';
export type { ChatHandler, ChatRequestBody, EmbedFailure, RecordedRequest, TestOllamaServerOptions } from './server';
export type { ChatScript, ScriptedToolCall } from './chat-writer';
export type { PullScript } from './pull-writer';
export { DEFAULT_MODELS, REGISTRY_MODELS, canonicalModelName, type TestModel } from './models';
export { DEFAULT_EMBEDDING_DIM, cosine, embedText } from './embedding';
export { defaultReply } from './default-reply';
