// One chat turn, start to end: store the user's message first; assemble the context (with
// an overflow summary first when the history no longer fits); stream the reply token by
// token, running tool calls within a bounded number of rounds; store the reply as complete,
// stopped or failed. Nothing the user typed is ever lost to an Ollama failure.
import { EventEmitter } from 'node:events';
import type { Conversation, Message } from '../../../shared/domain';
import { MnemoError, toMnemoError } from '../../../shared/errors';
import type { ContextAssembler } from '../context/assembler';
import type { AssembledContext } from '../context/types';
import { toContextView } from '../context/view';
import type { OllamaClient } from '../llm';
import type { ChatMessage, ToolCall } from '../llm/types';
import type { Store, TextPiece } from '../store';
import { summaryBudget, type PromptWindow, type Summarizer } from '../summaries';
import type { ChatEvent } from './events';
import { generateText } from './generate';
import { validateUserMessage } from './message-input';
import { FALLBACK_WINDOW, type ModelWindows } from './model-window';
import { TOOLS, type ToolRunner } from './tools';
import type { TurnContexts } from './turn-context';
import type { DraftMeasure } from '../../../shared/contract';

export interface ChatSettings {
  chatModel: string;
  /** Overrides the model's reported window. */
  contextLength: number | null;
  reservedOutputTokens: number;
  crossConversationDefault: boolean;
}

export interface ChatServiceOptions {
  store: Store;
  ollama: OllamaClient;
  assembler: ContextAssembler;
  summarizer: Summarizer;
  /** The chat model's window and tool support. */
  windows: ModelWindows;
  tools: ToolRunner;
  /** Where each reply's context is kept, for "Why this reply?". */
  turnContexts: TurnContexts;
  settings: () => ChatSettings;
  /**
   * Cuts a message into its stored chunks without holding the event loop (see
   * `chunkTextInSlices`): a long message is tokenized while other calls are answered.
   */
  cutText: (text: string) => Promise<TextPiece[]>;
  maxToolRounds?: number;
  /** How often streamed text is saved while it arrives (crash safety). */
  saveEveryMs?: number;
  now?: () => number;
}

export interface SendRequest {
  /** Omit to start a new conversation. */
  conversationId?: string | null;
  content: string;
  model?: string;
  temporary?: boolean;
}

export interface TurnResult {
  conversationId: string;
  userMessage: Message;
  assistantMessage: Message;
  context: AssembledContext | null;
}

export interface StartedTurn {
  conversationId: string;
  userMessage: Message;
  assistantMessageId: string;
  /** Settles when the reply is stored (complete, stopped or failed); never rejects. */
  done: Promise<TurnResult>;
}

type TurnEnding = { outcome: 'complete' } | { outcome: 'stopped' } | { outcome: 'error'; failure: MnemoError };

/** One reply being streamed: where, for which message, with which model, prompt and tools. */
interface ReplyStream {
  conversation: Conversation;
  userMessage: Message;
  /** The assistant message the reply is written into. */
  messageId: string;
  model: string;
  contextLength: number;
  prompt: ChatMessage[];
  tools: (typeof TOOLS)[number][];
  turn: TurnState;
  signal: AbortSignal;
}

/** How a turn went, for its metrics row. */
interface TurnRecord {
  conversationId: string;
  message: Message;
  model: string;
  outcome: TurnEnding['outcome'];
  context: AssembledContext | null;
  summaries: number;
  turn: TurnState;
}

/** `work`, or ABORTED as soon as `signal` fires, whichever comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new MnemoError('ABORTED', 'The reply was stopped.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new MnemoError('ABORTED', 'The reply was stopped.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class ChatService extends EventEmitter<{ event: [ChatEvent] }> {
  private readonly active = new Map<string, AbortController>();
  private readonly contexts = new Map<string, AssembledContext>();

  constructor(private options: ChatServiceOptions) {
    super();
  }

  /** Stores the message and starts the reply; resolves as soon as the message is stored. */
  async send(request: SendRequest): Promise<StartedTurn> {
    const content = validateUserMessage(request.content);
    const { store } = this.options;
    if (request.conversationId) this.ensureIdle(store.conversations.get(request.conversationId).id);
    const pieces = await this.options.cutText(content);
    // Checked again: the conversation may have been deleted or started a turn while the text was cut.
    const conversation = request.conversationId
      ? store.conversations.get(request.conversationId)
      : store.conversations.create({ temporary: request.temporary ?? false });
    this.ensureIdle(conversation.id);
    const userMessage = store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content, pieces });
    if (!conversation.title) store.conversations.rename(conversation.id, fallbackTitle(content));
    return this.startReply(conversation, userMessage, request.model);
  }

  /**
   * Writes a new reply to the message a reply answered (by default the active path's last
   * reply), beside it: the old reply stays as another version (message-tree.ts). When the path
   * ends at a user message (its reply failed to start), that message is answered.
   */
  async regenerate(conversationId: string, options: { model?: string; messageId?: string } = {}): Promise<StartedTurn> {
    this.ensureIdle(conversationId);
    const { store } = this.options;
    const target = options.messageId ? store.messages.get(options.messageId) : store.messages.last(conversationId);
    if (!target || target.conversationId !== conversationId)
      throw new MnemoError('INVALID_INPUT', 'There is nothing to regenerate in this conversation.', { conversationId });
    const userMessage =
      target.role === 'user' ? target : target.parentId ? store.messages.find(target.parentId) : undefined;
    if (!userMessage || userMessage.role !== 'user')
      throw new MnemoError('INVALID_INPUT', 'There is no message to answer.', { conversationId });
    return this.startReply(store.conversations.get(conversationId), userMessage, options.model);
  }

  /** Changes the last user message and answers it again; the old version and its reply stay as another branch. */
  async editLastUserMessage(conversationId: string, content: string, model?: string): Promise<StartedTurn> {
    return this.editMessage({ conversationId, content, ...(model ? { model } : {}) });
  }

  /**
   * Writes an edited version of a user message (by default the active path's last one) beside
   * it, under the same parent, and answers it. The original and what followed it are kept.
   */
  async editMessage(request: {
    conversationId: string;
    content: string;
    model?: string;
    messageId?: string;
  }): Promise<StartedTurn> {
    const text = validateUserMessage(request.content);
    const { conversationId } = request;
    this.ensureIdle(conversationId);
    const pieces = await this.options.cutText(text);
    this.ensureIdle(conversationId);
    const { store } = this.options;
    const original = request.messageId
      ? store.messages.get(request.messageId)
      : [...store.messages.latest(conversationId, 2)].reverse().find((m) => m.role === 'user');
    if (!original || original.role !== 'user' || original.conversationId !== conversationId)
      throw new MnemoError('INVALID_INPUT', 'There is no message to edit.', { conversationId });
    const edited = store.messages.appendTurn({
      conversationId,
      role: 'user',
      content: text,
      parentId: original.parentId,
      pieces,
    });
    return this.startReply(store.conversations.get(conversationId), edited, request.model);
  }

  /** Uses another Ollama client from the next turn on (the user changed the host). */
  useOllama(ollama: OllamaClient): void {
    this.options.ollama = ollama;
  }

  /** Stops the reply being written in a conversation; the partial reply is kept as stopped. */
  stop(conversationId: string): boolean {
    const controller = this.active.get(conversationId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Stops every reply being written (the engine closes or starts over). */
  stopAll(): void {
    for (const controller of this.active.values()) controller.abort();
  }

  isBusy(conversationId?: string): boolean {
    return conversationId ? this.active.has(conversationId) : this.active.size > 0;
  }

  /** Drops remembered contexts: of one conversation (deleted), or all (all data deleted). */
  forgetContexts(conversationId?: string): void {
    if (conversationId) this.contexts.delete(conversationId);
    else this.contexts.clear();
  }

  /** Resolves once no reply is being written, or after `timeoutMs` (false then). */
  async settled(timeoutMs: number): Promise<boolean> {
    for (let waited = 0; this.active.size > 0; waited += 10) {
      if (waited >= timeoutMs) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  /** The context the last turn of a conversation was answered with (for the inspector). */
  lastContext(conversationId: string): AssembledContext | undefined {
    return this.contexts.get(conversationId);
  }

  /** Assembles what would be sent for `content`, storing nothing. */
  async dryRun(request: {
    conversationId: string | null;
    content: string;
    model?: string;
    contextLength?: number;
    crossConversation?: boolean;
  }): Promise<AssembledContext> {
    const content = validateUserMessage(request.content);
    const model = request.model ?? this.options.settings().chatModel;
    const window = await this.options.windows.capabilities(model).catch(() => null);
    return this.options.assembler.assemble({
      conversationId: request.conversationId,
      userMessage: content,
      contextLength: request.contextLength ?? this.options.windows.contextLength(window),
      reservedOutput: request.contextLength ? 0 : this.options.settings().reservedOutputTokens,
      tools: window?.supportsTools ? [...TOOLS] : [],
      ...(request.crossConversation !== undefined ? { crossConversation: request.crossConversation } : {}),
    });
  }

  /** A draft against what the prompt may use, with the model that would answer it; nothing is stored. */
  async measure(request: { conversationId: string | null; content: string; model?: string }): Promise<DraftMeasure> {
    const model = request.model ?? this.options.settings().chatModel;
    const window = await this.options.windows.capabilities(model).catch(() => null);
    const temporary = request.conversationId
      ? this.options.store.conversations.get(request.conversationId).temporary
      : false;
    // The same limits as sending: a message too large to send is refused here too.
    const content = request.content.trim() ? validateUserMessage(request.content) : '';
    return this.options.assembler.measure({
      userMessage: content,
      contextLength: this.options.windows.contextLength(window),
      reservedOutput: this.options.settings().reservedOutputTokens,
      tools: window?.supportsTools && !temporary ? [...TOOLS] : [],
    });
  }

  private ensureIdle(conversationId: string): void {
    if (this.active.has(conversationId)) {
      throw new MnemoError('INVALID_INPUT', 'A reply is still being written in this conversation. Stop it first.', {
        conversationId,
      });
    }
  }

  private startReply(conversation: Conversation, userMessage: Message, requestedModel?: string): StartedTurn {
    const model = requestedModel ?? this.options.settings().chatModel;
    // Stored before the turn counts as running: a write that fails here (a full disk) must
    // not leave the conversation marked busy, refusing every later message.
    // Under the message it answers: a regenerated reply is a sibling of the one it replaces.
    const assistant = this.options.store.messages.appendTurn({
      conversationId: conversation.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      model,
      parentId: userMessage.id,
    });
    const controller = new AbortController();
    this.active.set(conversation.id, controller);
    this.emit('event', {
      type: 'turn-started',
      conversationId: conversation.id,
      userMessage,
      assistantMessageId: assistant.id,
    });
    const done = this.runReply(conversation, userMessage, assistant, model, controller);
    return { conversationId: conversation.id, userMessage, assistantMessageId: assistant.id, done };
  }

  private async runReply(
    conversation: Conversation,
    userMessage: Message,
    assistant: Message,
    model: string,
    controller: AbortController,
  ): Promise<TurnResult> {
    const turn = new TurnState(
      this.options.store,
      assistant.id,
      this.options.saveEveryMs ?? 500,
      this.options.now ?? Date.now,
    );
    const { signal } = controller;
    let context: AssembledContext | null = null;
    let summaries = 0;
    let ending: TurnEnding = { outcome: 'complete' };
    let windowLength = FALLBACK_WINDOW;
    try {
      // Every step is raced against Stop, so a step that hangs (a Chroma that stopped answering,
      // an Ollama that never replies) can never keep the turn running after the user stopped it.
      const window = await untilAborted(this.options.windows.capabilities(model), signal);
      const contextLength = this.options.windows.contextLength(window);
      const reserved = this.options.settings().reservedOutputTokens;
      const tools = window.supportsTools && !conversation.temporary ? [...TOOLS] : [];
      const assemble = () =>
        untilAborted(
          this.options.assembler.assemble({
            conversationId: conversation.id,
            userMessage: userMessage.content,
            userMessageId: userMessage.id,
            contextLength,
            reservedOutput: reserved,
            tools,
          }),
          signal,
        );
      context = await assemble();
      // A temporary chat leaves no summary behind: its oldest turns simply drop out of the prompt.
      if (context.history.overflowing && !conversation.temporary) {
        summaries = await this.summarizeOverflow({
          conversationId: conversation.id,
          context,
          window: { contextLength, reservedOutput: reserved },
          signal,
        });
        if (summaries > 0) context = await assemble();
      }
      this.contexts.set(conversation.id, context);
      const view = toContextView(context);
      this.options.turnContexts.keep(view, {
        messageId: assistant.id,
        conversationId: conversation.id,
        at: (this.options.now ?? Date.now)(),
      });
      this.emit('event', {
        type: 'context',
        conversationId: conversation.id,
        assistantMessageId: assistant.id,
        context: view,
        summarized: summaries > 0,
      });
      await this.stream({
        conversation,
        userMessage,
        messageId: assistant.id,
        model,
        contextLength,
        prompt: context.messages,
        tools,
        turn,
        signal,
      });
      windowLength = contextLength;
    } catch (error) {
      const failure = toMnemoError(error);
      ending = failure.code === 'ABORTED' ? { outcome: 'stopped' } : { outcome: 'error', failure };
    }
    // No longer running from here on: whoever hears that the turn ended may send the next one.
    if (this.active.get(conversation.id) === controller) this.active.delete(conversation.id);
    const final = this.endTurn(conversation.id, assistant, turn, ending);
    if (final.status === 'complete') void this.maybeTitle(conversation.id, model, windowLength);
    this.recordMetrics({
      conversationId: conversation.id,
      message: final,
      model,
      outcome: ending.outcome,
      context,
      summaries,
      turn,
    });
    return { conversationId: conversation.id, userMessage, assistantMessage: final, context };
  }

  /**
   * Stores how the reply ended and tells the renderer. Never throws: the reply's row may be
   * gone (its conversation was deleted while it streamed: the turn ends quietly), or the
   * write may fail (a full disk, a damaged file): the turn then ends as failed with that
   * error, and the reply's text stays in the event the renderer already shows.
   */
  private endTurn(conversationId: string, assistant: Message, turn: TurnState, ending: TurnEnding): Message {
    const status = ending.outcome === 'complete' ? 'complete' : ending.outcome === 'stopped' ? 'stopped' : 'error';
    const error = ending.outcome === 'error' ? ending.failure.toJSON() : undefined;
    let final: Message;
    try {
      final = this.options.store.messages.update(assistant.id, {
        content: turn.text,
        status,
        ...(error ? { error } : {}),
      });
    } catch (writeError) {
      const failure = toMnemoError(writeError);
      const unsaved: Message = {
        ...assistant,
        content: turn.text,
        status: failure.code === 'NOT_FOUND' ? 'stopped' : 'error',
      };
      if (failure.code === 'NOT_FOUND') {
        this.emit('event', { type: 'turn-stopped', conversationId, message: unsaved });
        return unsaved;
      }
      const failed = { ...unsaved, error: failure.toJSON() };
      this.emit('event', { type: 'turn-error', conversationId, message: failed, error: failure.toJSON() });
      return failed;
    }
    if (ending.outcome === 'complete') this.emit('event', { type: 'turn-finished', conversationId, message: final });
    else if (ending.outcome === 'stopped') this.emit('event', { type: 'turn-stopped', conversationId, message: final });
    else this.emit('event', { type: 'turn-error', conversationId, message: final, error: ending.failure.toJSON() });
    return final;
  }

  /** Streams rounds of the reply; tool calls are run and answered, at most `maxToolRounds` times. */
  private async stream({
    conversation,
    userMessage,
    messageId,
    model,
    contextLength,
    prompt,
    tools,
    turn,
    signal,
  }: ReplyStream): Promise<void> {
    const maxRounds = this.options.maxToolRounds ?? 4;
    const messages = [...prompt];
    const crossConversation =
      !conversation.temporary &&
      (conversation.settings.crossConversation ?? this.options.settings().crossConversationDefault);
    for (let round = 0; ; round++) {
      const offerTools = tools.length > 0 && round < maxRounds;
      const calls: ToolCall[] = [];
      let roundText = '';
      turn.requestSent();
      for await (const event of this.options.ollama.chatStream({
        model,
        messages,
        ...(offerTools ? { tools } : {}),
        options: { num_ctx: contextLength },
        signal,
      })) {
        if (event.type === 'token') {
          turn.tokenArrived();
          roundText += event.text;
          turn.append(event.text);
          this.emit('event', { type: 'token', conversationId: conversation.id, messageId, text: event.text });
        } else if (event.type === 'tool_calls') {
          calls.push(...event.calls);
        } else {
          turn.promptTokens = event.promptTokens;
          turn.outputTokens += event.outputTokens;
        }
      }
      turn.roundEnded();
      if (calls.length === 0 || !offerTools) {
        if (turn.text.trim().length === 0 && calls.length > 0) {
          throw new MnemoError(
            'OLLAMA_BAD_RESPONSE',
            `The model kept calling tools for ${maxRounds} rounds without answering.`,
            { rounds: maxRounds },
          );
        }
        return;
      }
      messages.push({ role: 'assistant', content: roundText, toolCalls: calls });
      for (const call of calls) {
        signal.throwIfAborted();
        turn.toolCalls += 1;
        const outcome = await this.options.tools.run(call, {
          conversationId: conversation.id,
          userMessageId: userMessage.id,
          replyMessageId: messageId,
          crossConversation,
        });
        this.emit('event', {
          type: 'tool-call',
          conversationId: conversation.id,
          messageId,
          name: call.name,
          arguments: call.arguments,
          ok: outcome.ok,
          result: outcome.result,
        });
        this.options.turnContexts.noteToolUse(messageId, { name: call.name, ok: outcome.ok });
        if (outcome.savedMemory) {
          const { memory, outcome: how, previous } = outcome.savedMemory;
          this.emit('event', {
            type: 'memory-saved',
            conversationId: conversation.id,
            messageId,
            memory,
            outcome: how,
            previous,
          });
        }
        if (outcome.proposal)
          this.emit('event', {
            type: 'memory-proposed',
            conversationId: conversation.id,
            messageId,
            proposal: outcome.proposal,
          });
        if (outcome.refused)
          this.emit('event', {
            type: 'memory-refused',
            conversationId: conversation.id,
            messageId,
            ...outcome.refused,
          });
        messages.push({ role: 'tool', toolName: call.name, content: outcome.result });
      }
    }
  }

  private async summarizeOverflow({
    conversationId,
    context,
    window,
    signal,
  }: {
    conversationId: string;
    context: AssembledContext;
    window: PromptWindow;
    signal: AbortSignal;
  }): Promise<number> {
    try {
      const written = await this.options.summarizer.summarize({
        conversationId,
        trigger: 'overflow',
        // Fold down to half the share, so the next turns do not summarise again at once.
        keepTokens: Math.floor(context.history.share / 2),
        ...summaryBudget(window),
        signal,
      });
      for (const summary of written) this.emit('event', { type: 'summary-written', conversationId, summary });
      return written.length;
    } catch (error) {
      // A failed summary costs nothing: the assembled context already fits the window.
      if (toMnemoError(error).code === 'ABORTED') throw error;
      return 0;
    }
  }

  /** After the first exchange, a short title from the model (the first words until then). */
  private async maybeTitle(conversationId: string, model: string, contextLength: number): Promise<void> {
    const { store } = this.options;
    try {
      const messages = store.messages.list(conversationId, { limit: 3 });
      if (messages.length !== 2 || messages[0]!.role !== 'user') return;
      const raw = await generateText(this.options.ollama, {
        model,
        numCtx: Math.min(contextLength, 4096),
        messages: [
          {
            role: 'system',
            content: 'Give this conversation a short title of at most six words. Reply with the title only, no quotes.',
          },
          { role: 'user', content: messages[0]!.content.slice(0, 2000) },
        ],
      });
      const title = raw
        .replace(/["'`*#]/g, '')
        .split('\n')[0]!
        .trim()
        .slice(0, 80);
      if (!title || !store.conversations.find(conversationId)) return;
      store.conversations.rename(conversationId, title);
      this.emit('event', { type: 'title', conversationId, title });
    } catch {
      // The fallback title from the first message stays (also when the conversation was
      // deleted meanwhile, or the disk is full: a title is not worth a failure).
    }
  }

  /** Diagnostics only: a metrics row that cannot be written (full disk, damaged table) is skipped. */
  private recordMetrics(record: TurnRecord): void {
    try {
      this.writeMetrics(record);
    } catch {
      // The turn itself is stored; losing its timing figures costs nothing the user sees.
    }
  }

  private writeMetrics({ conversationId, message, model, outcome, context, summaries, turn }: TurnRecord): void {
    this.options.store.metrics.record({
      conversationId,
      messageId: message.id,
      at: (this.options.now ?? Date.now)(),
      model,
      outcome,
      assemblyMs: context?.timings.totalMs ?? 0,
      embedMs: context?.timings.embedMs ?? 0,
      retrievalHits: context?.items.filter((i) => i.section === 'retrieved').length ?? 0,
      retrievalMode: context?.retrievalMode ?? 'keyword',
      summarizationRuns: summaries,
      promptTokens: turn.promptTokens || (context?.budget.used ?? 0),
      outputTokens: turn.outputTokens,
      toolCalls: turn.toolCalls,
      tokensBySection: context?.budget.bySection ?? {},
      firstTokenMs: turn.firstTokenMs,
      generationMs: turn.generationMs,
      contextTokens: context?.budget.used ?? null,
      contextBudget: context?.budget.available ?? null,
    });
  }
}

/** The reply as it streams, saved every so often so a crash keeps what had arrived. */
class TurnState {
  text = '';
  promptTokens = 0;
  outputTokens = 0;
  toolCalls = 0;
  /** From the first request to the model to its first token (null when none came). */
  firstTokenMs: number | null = null;
  /** Time the model spent writing tokens, over all rounds (null when none came). */
  generationMs: number | null = null;
  private savedAt: number;
  private requestAt = 0;
  private roundFirstTokenAt: number | null = null;
  private roundLastTokenAt = 0;

  constructor(
    private readonly store: Store,
    private readonly messageId: string,
    private readonly saveEveryMs: number,
    private readonly now: () => number,
  ) {
    this.savedAt = now();
  }

  // Timings use the monotonic clock: the injected `now` may be pinned by tests.
  requestSent(): void {
    this.requestAt = performance.now();
    this.roundFirstTokenAt = null;
  }

  tokenArrived(): void {
    const at = performance.now();
    if (this.roundFirstTokenAt === null) {
      this.roundFirstTokenAt = at;
      this.firstTokenMs ??= at - this.requestAt;
    }
    this.roundLastTokenAt = at;
  }

  roundEnded(): void {
    if (this.roundFirstTokenAt === null) return;
    this.generationMs = (this.generationMs ?? 0) + (this.roundLastTokenAt - this.roundFirstTokenAt);
  }

  append(text: string): void {
    this.text += text;
    if (this.now() - this.savedAt >= this.saveEveryMs) {
      this.store.messages.saveStreamingText(this.messageId, this.text);
      this.savedAt = this.now();
    }
  }
}

/** The first words; only the head of the text is looked at, so a 1M-character message costs nothing here. */
function fallbackTitle(content: string): string {
  const words = content.slice(0, 1000).replace(/\s+/g, ' ').trim().split(' ').slice(0, 8).join(' ');
  return words.length > 60 ? `${words.slice(0, 57)}…` : words;
}
