// The contract's methods, implemented on the engine's services. Every input is validated by
// the same schema that types it; every failure comes back as a typed error in the envelope.
// Both transports (Electron IPC, the loopback WebSocket) call `dispatch` and nothing else.
// Each handler is typed from the contract's map, so one whose input or output drifts from
// its method does not compile, and calls one service method: the deciding is in the engine.
import {
  methodInputs,
  type AppStatus,
  type MethodName,
  type MethodOutputs,
  type Result,
  type ValidInput,
} from '../../../shared/contract';
import { MnemoError, isMnemoError, toMnemoError } from '../../../shared/errors';
import type { Engine } from '../engine';
import type { EngineServices } from '../services';

export type Handlers = { [M in MethodName]: (input: ValidInput<M>) => Promise<MethodOutputs[M]> };

export function contractHandlers({
  chat,
  conversations,
  memory,
  models,
  settings,
  data,
  status,
  tags,
}: EngineServices): Handlers {
  return {
    'app.status': async () => status.status(),
    'models.list': async () => models.list(),
    'models.pull': async (input) => models.pull(input),
    'models.cancelPull': async (input) => models.cancelPull(input),
    'models.delete': async (input) => models.delete(input),
    'settings.get': async () => settings.view(),
    'settings.update': async (input) => settings.update(input),

    'chat.send': async (input) => chat.send(input),
    'chat.stop': async (input) => chat.stop(input),
    'chat.regenerate': async (input) => chat.regenerate(input),
    'chat.editLast': async (input) => chat.editLast(input),
    'chat.lastContext': async (input) => chat.lastContext(input),
    'chat.dryRun': async (input) => chat.dryRun(input),
    'chat.turnContext': async (input) => chat.turnContext(input),
    'chat.toolUses': async (input) => chat.toolUses(input),
    'chat.measure': async (input) => chat.measure(input),

    'conversations.list': async (input) => conversations.list(input),
    'conversations.get': async (input) => conversations.get(input),
    'conversations.messages': async (input) => conversations.messages(input),
    'conversations.rename': async (input) => conversations.rename(input),
    'conversations.setPinned': async (input) => conversations.setPinned(input),
    'conversations.setArchived': async (input) => conversations.setArchived(input),
    'conversations.setCrossConversation': async (input) => conversations.setCrossConversation(input),
    'conversations.delete': async (input) => conversations.delete(input),
    'conversations.memories': async (input) => conversations.memories(input),
    'conversations.keep': async (input) => conversations.keep(input),
    'conversations.export': async (input) => conversations.export(input),
    'messages.delete': async (input) => conversations.deleteMessage(input),
    'conversations.branches': async (input) => conversations.branches(input),
    'conversations.showBranch': async (input) => conversations.showBranch(input),
    'conversations.branchFrom': async (input) => conversations.branchFrom(input),
    'search.messages': async (input) => conversations.search(input),

    'tags.list': async () => tags.list(),
    'tags.add': async (input) => tags.add(input),
    'tags.remove': async (input) => tags.remove(input),
    'tags.rename': async (input) => tags.rename(input),
    'tags.delete': async (input) => tags.delete(input),

    'memory.list': async (input) => memory.list(input),
    'memory.categories': async () => memory.categories(),
    'memory.search': async (input) => memory.search(input),
    'memory.add': async (input) => memory.add(input),
    'memory.edit': async (input) => memory.edit(input),
    'memory.delete': async (input) => memory.delete(input),
    'memory.undoDelete': async (input) => memory.undoDelete(input),
    'memory.revert': async (input) => memory.revert(input),
    'memory.history': async (input) => memory.history(input),
    'memory.versions': async (input) => memory.versions(input),
    'memory.provenance': async (input) => memory.provenance(input),
    'memory.promote': async (input) => memory.promote(input),
    'memory.distill': async (input) => memory.distill(input),
    'memory.proposals': async (input) => memory.proposals(input),
    'memory.approve': async (input) => memory.approve(input),
    'memory.reject': async (input) => memory.reject(input),
    'memory.export': async () => memory.export(),
    'memory.import': async (input) => memory.import(input),
    'forget.find': async (input) => memory.findToForget(input),
    'forget.apply': async (input) => memory.forget(input),

    'metrics.recent': async (input) => status.recentTurns(input),
    'metrics.overview': async (input) => status.overview(input),
    'metrics.export': async (input) => status.exportMetrics(input),
    'metrics.diagnostics': async () => status.diagnostics(),

    'data.exportAll': async (input) => data.exportAll(input),
    'data.importAll': async (input) => data.importAll(input),
    'data.importBegin': async () => data.importBegin(),
    'data.importPart': async (input) => data.importPart(input),
    'data.importFinish': async (input) => data.finishImport(input),
    'data.importCancel': async (input) => data.importCancel(input),
    'security.status': async () => data.security(),
    'security.setPassphrase': async (input) => data.setPassphrase(input),
    'security.removePassphrase': async () => data.removePassphrase(),
    'security.keepVectorsInMemory': async (input) => data.keepVectorsInMemory(input),
    'data.deleteAll': async () => data.deleteAll(),

    // The profile is open: there is no problem, and nothing to recover (see recovery-api.ts).
    'profile.problem': async () => null,
    'profile.recover': async () => {
      throw new MnemoError('INVALID_INPUT', 'The profile is open and sound; there is nothing to recover.');
    },
  };
}

/** Runs one validated handler; the method's name ties its input and output together. */
function run<M extends MethodName>(handlers: Handlers, method: M, input: ValidInput<M>): Promise<MethodOutputs[M]> {
  const handler: (input: ValidInput<M>) => Promise<MethodOutputs[M]> = handlers[method];
  return handler(input);
}

export class EngineApi {
  private readonly handlers: Handlers;

  constructor(private readonly engine: Engine) {
    this.handlers = contractHandlers(engine.services);
  }

  /** Validates and runs one call; never throws. */
  async dispatch(method: unknown, input: unknown): Promise<Result<unknown>> {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(methodInputs, method)) {
        throw new MnemoError(
          'INVALID_INPUT',
          `Unknown method: ${typeof method === 'string' ? method.slice(0, 100) : `(a ${typeof method})`}`,
        );
      }
      const name = method as MethodName;
      const parsed = methodInputs[name].safeParse(input ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
          .join('; ');
        throw new MnemoError('INVALID_INPUT', `Invalid input for ${method}: ${problems}`, { method });
      }
      return { ok: true, value: await run(this.handlers, name, parsed.data as ValidInput<typeof name>) };
    } catch (error) {
      // Unexpected failures keep their message out of the UI's way but still say what failed.
      const failure = isMnemoError(error) ? error : toMnemoError(error);
      // A damaged page met by History search, export, the memory view…: the next start checks the file.
      this.engine.noticeDamage(failure);
      return { ok: false, error: failure.toJSON() };
    }
  }

  /** The app's status, for the event feed's polling. */
  status(): Promise<AppStatus> {
    return this.engine.services.status.status();
  }
}
