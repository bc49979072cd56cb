// The contract's methods, implemented on the engine. Every input is validated by the same
// schema that types it; every failure comes back as a typed error in the envelope. Both
// transports (Electron IPC, the loopback WebSocket) call `dispatch` and nothing else.
import type { z } from 'zod';
import { methodInputs, type AppStatus, type ContextView, type MethodName, type MethodOutputs, type Result } from '../../../shared/contract';
import { MnemoError, isMnemoError, toMnemoError } from '../../../shared/errors';
import type { MetricsFilter } from '../../../shared/monitoring';
import type { AssembledContext } from '../context/types';
import type { Engine } from '../engine';
import type { ForgetSource } from '../forget';
import { importMemories } from '../memory';
import { conversationExport, memoryExport, parseMemoryImport } from './exports';

type In<M extends MethodName> = z.infer<(typeof methodInputs)[M]>;
type Handlers = { [M in MethodName]: (input: never) => Promise<MethodOutputs[M]> | MethodOutputs[M] };

export function toContextView(context: AssembledContext): ContextView {
  return {
    conversationId: context.conversationId,
    items: context.items.map((i) => ({ section: i.section, text: i.text, tokens: i.tokens, score: i.score, reason: i.reason, source: i.source, ...(i.timestamp !== undefined ? { timestamp: i.timestamp } : {}), ...(i.supersededBy ? { supersededBy: i.supersededBy } : {}) })),
    budget: context.budget,
    retrievalMode: context.retrievalMode,
    timings: context.timings,
  };
}

/** Exactly one of a memory, a message or typed words. */
function forgetSource(input: In<'forget.find'>): ForgetSource {
  const given = [input.memoryId, input.messageId, input.text].filter((v) => v !== undefined).length;
  if (given !== 1) throw new MnemoError('INVALID_INPUT', 'Forget starts from one thing: a memory, a message, or the words to forget.');
  if (input.memoryId !== undefined) return { memoryId: input.memoryId };
  if (input.messageId !== undefined) return { messageId: input.messageId };
  return { text: input.text ?? '' };
}

/** The contract's optional filter fields as the engine's filter (absent, not undefined). */
function metricsFilter(input: In<'metrics.overview'>): MetricsFilter {
  return {
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
    ...(input.from !== undefined ? { from: input.from } : {}),
    ...(input.to !== undefined ? { to: input.to } : {}),
  };
}

export class EngineApi {
  private readonly handlers: Handlers;

  constructor(private readonly engine: Engine) {
    this.handlers = this.build();
  }

  /** Validates and runs one call; never throws. */
  async dispatch(method: unknown, input: unknown): Promise<Result<unknown>> {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(methodInputs, method)) {
        throw new MnemoError('INVALID_INPUT', `Unknown method: ${typeof method === 'string' ? method.slice(0, 100) : `(a ${typeof method})`}`);
      }
      const schema = methodInputs[method as MethodName];
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
        throw new MnemoError('INVALID_INPUT', `Invalid input for ${method}: ${problems}`, { method });
      }
      const handler = this.handlers[method as MethodName] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      // Unexpected failures keep their message out of the UI's way but still say what failed.
      const failure = isMnemoError(error) ? error : toMnemoError(error);
      return { ok: false, error: failure.toJSON() };
    }
  }

  async status(): Promise<AppStatus> {
    const { engine } = this;
    const settings = engine.settings.get();
    let ollama: AppStatus['ollama'] = { reachable: false, host: settings.ollamaHost, version: null, chatModelInstalled: false, embeddingModelInstalled: false, error: null };
    try {
      const [version, models] = await Promise.all([engine.ollama.version(), engine.ollama.listModels()]);
      const names = new Set(models.flatMap((m) => [m.name, m.name.replace(/:latest$/, '')]));
      ollama = { ...ollama, reachable: true, version, chatModelInstalled: names.has(settings.chatModel), embeddingModelInstalled: names.has(settings.embeddingModel) };
    } catch (error) {
      ollama.error = toMnemoError(error).toJSON();
    }
    const indexer = engine.indexer.status();
    return {
      ollama,
      chroma: { state: engine.sidecar.state },
      indexing: { pending: indexer.pending, lastError: indexer.lastError, job: engine.currentIndexJob() },
      dataDir: engine.config.dataDir,
      chatModel: settings.chatModel,
      embeddingModel: settings.embeddingModel,
      memoryMode: ollama.reachable ? await engine.memoryMode() : 'unknown',
    };
  }

  private settingsView(): MethodOutputs['settings.get'] {
    return { ...this.engine.settings.get(), dataDir: this.engine.config.dataDir, pendingEmbeddingModel: this.engine.store.settings.get<string | null>('index.pendingEmbeddingModel') ?? null };
  }

  private build(): Handlers {
    const { engine } = this;
    const { store, chat, memory } = engine;
    const started = (t: { conversationId: string; userMessage: MethodOutputs['chat.send']['userMessage']; assistantMessageId: string }) => ({
      conversationId: t.conversationId,
      userMessage: t.userMessage,
      assistantMessageId: t.assistantMessageId,
    });
    /** Nothing is remembered from a temporary chat. */
    const refuseTemporary = (messageId: string) => {
      const message = store.messages.get(messageId);
      if (store.conversations.get(message.conversationId).temporary) {
        throw new MnemoError('INVALID_INPUT', 'Nothing is remembered from a temporary chat. Choose "Keep this chat" first to remember from it. Nothing was saved.', { messageId });
      }
    };
    return {
      'app.status': () => this.status(),
      'models.list': () => engine.ollama.listModels(),
      'settings.get': () => this.settingsView(),
      'settings.update': (input: In<'settings.update'>) => {
        const { confirmRemoteHost, ...patch } = input;
        engine.updateSettings(patch, confirmRemoteHost === undefined ? {} : { confirmRemoteHost });
        return this.settingsView();
      },

      'chat.send': async (input: In<'chat.send'>) =>
        started(await chat.send({ conversationId: input.conversationId ?? null, content: input.content, ...(input.model ? { model: input.model } : {}), ...(input.temporary ? { temporary: true } : {}) })),
      'chat.stop': (input: In<'chat.stop'>) => ({ stopped: chat.stop(input.conversationId) }),
      'chat.regenerate': async (input: In<'chat.regenerate'>) => started(await chat.regenerate(input.conversationId, input.model)),
      'chat.editLast': async (input: In<'chat.editLast'>) => started(await chat.editLastUserMessage(input.conversationId, input.content, input.model)),
      'chat.lastContext': (input: In<'chat.lastContext'>) => {
        const context = chat.lastContext(input.conversationId);
        return context ? toContextView(context) : null;
      },
      'chat.dryRun': async (input: In<'chat.dryRun'>) => toContextView(await chat.dryRun({ conversationId: input.conversationId, content: input.content })),

      // Temporary chats are not listed: the one open is shown while it is open.
      'conversations.list': (input: In<'conversations.list'>) => store.conversations.list({ ...input, withoutTemporary: true }),
      'conversations.get': (input: In<'conversations.get'>) => store.conversations.get(input.conversationId),
      'conversations.messages': (input: In<'conversations.messages'>) => {
        store.conversations.get(input.conversationId);
        // The chat view asks for the messages when it opens a conversation: ready its next turn
        // once this answer is on its way.
        setImmediate(() => engine.prepareConversation(input.conversationId));
        return store.messages.list(input.conversationId, { ...(input.afterSeq !== undefined ? { afterSeq: input.afterSeq } : {}), ...(input.limit !== undefined ? { limit: input.limit } : {}) });
      },
      'conversations.rename': (input: In<'conversations.rename'>) => store.conversations.rename(input.conversationId, input.title),
      'conversations.setPinned': (input: In<'conversations.setPinned'>) => store.conversations.setPinned(input.conversationId, input.pinned),
      'conversations.setArchived': (input: In<'conversations.setArchived'>) => {
        const conversation = store.setArchived(input.conversationId, input.archived);
        engine.indexer.kick();
        return conversation;
      },
      'conversations.setCrossConversation': (input: In<'conversations.setCrossConversation'>) => store.conversations.updateSettings(input.conversationId, { crossConversation: input.enabled }),
      'conversations.delete': (input: In<'conversations.delete'>) => {
        chat.stop(input.conversationId);
        const { memoriesDeleted } = store.deleteConversation(input.conversationId, { withMemories: input.withMemories ?? false });
        chat.forgetContexts(input.conversationId);
        engine.indexer.kick();
        return { deleted: true as const, memoriesDeleted };
      },
      'conversations.memories': (input: In<'conversations.memories'>) => {
        store.conversations.get(input.conversationId);
        return store.memories.fromConversation(input.conversationId);
      },
      'conversations.keep': (input: In<'conversations.keep'>) => {
        const conversation = store.keepConversation(input.conversationId);
        engine.indexer.kick();
        return conversation;
      },
      'conversations.export': (input: In<'conversations.export'>) => conversationExport(store, input.conversationId, input.format),
      'messages.delete': (input: In<'messages.delete'>) => {
        const message = store.messages.get(input.messageId);
        if (chat.isBusy(message.conversationId)) throw new MnemoError('INVALID_INPUT', 'A reply is being written in this conversation; stop it or wait, then delete the message. Nothing was deleted.', { messageId: message.id });
        store.deleteMessage(message.id);
        chat.forgetContexts(message.conversationId);
        engine.indexer.kick();
        return { deleted: true as const };
      },
      'search.messages': (input: In<'search.messages'>) => store.chunks.search(input.query, { limit: input.limit ?? 50, ...(input.includeArchived ? { includeArchived: true } : {}) }),

      'memory.list': (input: In<'memory.list'>) => memory.list(input),
      'memory.categories': () => store.memories.categories(),
      'memory.search': async (input: In<'memory.search'>) => (await memory.search(input.query, { limit: input.limit ?? 20, onlyRelevant: true })).map((h) => ({ memory: h.memory, score: h.score })),
      'memory.add': (input: In<'memory.add'>) => memory.save({ ...input, source: 'user' }, 'user'),
      'memory.edit': (input: In<'memory.edit'>) => {
        const { memoryId, confirmSecret, ...patch } = input;
        return memory.edit(memoryId, patch, 'user', { confirmSecret: confirmSecret === true });
      },
      'memory.delete': (input: In<'memory.delete'>) => memory.delete(input.memoryId, 'user'),
      'memory.undoDelete': (input: In<'memory.undoDelete'>) => memory.undoDelete(input.memoryId, 'user'),
      'memory.revert': (input: In<'memory.revert'>) => memory.edit(input.memoryId, input.to, 'user'),
      'memory.history': (input: In<'memory.history'>) => {
        memory.get(input.memoryId);
        return memory.history(input.memoryId);
      },
      'memory.versions': (input: In<'memory.versions'>) => memory.versions(input.memoryId),
      'memory.provenance': (input: In<'memory.provenance'>) => {
        const m = memory.get(input.memoryId);
        return {
          message: m.sourceMessageId ? (store.messages.find(m.sourceMessageId) ?? null) : null,
          conversation: m.sourceConversationId ? (store.conversations.find(m.sourceConversationId) ?? null) : null,
        };
      },
      'memory.promote': (input: In<'memory.promote'>) => {
        const { messageId, ...extra } = input;
        refuseTemporary(messageId);
        return memory.promoteMessage(messageId, extra);
      },
      'memory.distill': (input: In<'memory.distill'>) => {
        refuseTemporary(input.messageId);
        return engine.distiller.distill(input.messageId);
      },
      'memory.proposals': (input: In<'memory.proposals'>) => (input.conversationId ? engine.review.forConversation(input.conversationId) : engine.review.pending()),
      'memory.approve': async (input: In<'memory.approve'>) => {
        const { proposalId, ...edit } = input;
        const { proposal, saved } = await engine.review.approve(proposalId, edit);
        return { proposal, memory: saved.memory, outcome: saved.outcome };
      },
      'memory.reject': (input: In<'memory.reject'>) => engine.review.reject(input.proposalId),
      'memory.export': () => memoryExport(store),
      'memory.import': (input: In<'memory.import'>) => importMemories({ memory, store }, parseMemoryImport(input.json), input.allowSecrets === true),
      'forget.find': (input: In<'forget.find'>) => engine.forgetEverywhere.find(forgetSource(input)),
      'forget.apply': (input: In<'forget.apply'>) => {
        for (const item of input.items) {
          const conversationId = item.kind === 'message' ? store.messages.find(item.id)?.conversationId : undefined;
          if (conversationId && chat.isBusy(conversationId)) throw new MnemoError('INVALID_INPUT', 'A reply is being written in a conversation this would change; stop it or wait. Nothing was forgotten.', { conversationId });
        }
        const counts = store.forget(input.items);
        chat.forgetContexts();
        engine.indexer.kick();
        return counts;
      },
      'metrics.recent': (input: In<'metrics.recent'>) => store.metrics.recent(input.limit ?? 100),
      'metrics.overview': (input: In<'metrics.overview'>) => engine.monitoring.overview(metricsFilter(input)),
      'metrics.export': (input: In<'metrics.export'>) => engine.monitoring.export(metricsFilter(input), input.format),
      'metrics.diagnostics': async () => {
        const { ollama, chroma, indexing } = await this.status();
        return {
          content: engine.monitoring.diagnostics({
            chroma: chroma.state,
            ollama: { reachable: ollama.reachable, version: ollama.version, chatModelInstalled: ollama.chatModelInstalled, embeddingModelInstalled: ollama.embeddingModelInstalled },
            indexerLastError: indexing.lastError,
          }),
        };
      },

      'data.exportAll': (input: In<'data.exportAll'>) => ({ ...engine.exportAll(input), mimeType: 'application/json' }),
      'data.importAll': (input: In<'data.importAll'>) => engine.importAll(input.json, input.passphrase),
      'data.importBegin': () => engine.imports.begin(),
      'data.importPart': (input: In<'data.importPart'>) => engine.imports.append(input.importId, input.text),
      'data.importFinish': (input: In<'data.importFinish'>) => engine.finishImport(input.importId, input.passphrase),
      'data.importCancel': (input: In<'data.importCancel'>) => {
        engine.imports.cancel(input.importId);
        return { cancelled: true as const };
      },
      'security.status': () => engine.securityStatus(),
      'security.setPassphrase': (input: In<'security.setPassphrase'>) => {
        engine.options.keys.setPassphrase(input.passphrase);
        return engine.securityStatus();
      },
      'security.removePassphrase': () => {
        engine.options.keys.removePassphrase();
        return engine.securityStatus();
      },
      'data.deleteAll': async () => {
        await engine.deleteAll();
        return { deleted: true as const };
      },
      // The profile is open: there is no problem, and nothing to recover.
      'profile.problem': () => null,
      'profile.recover': () => {
        throw new MnemoError('INVALID_INPUT', 'The profile is open and sound; there is nothing to recover.');
      },
    };
  }
}
