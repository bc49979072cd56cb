// Exposes the typed contract to the sandboxed renderer as `window.mnemo`, and nothing else.
// No logic: calls go to main over one invoke channel and come back as a value or a rejection
// carrying the typed error; events arrive on one channel and are handed to their listeners.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL } from '../shared/channels';
import type {
  EventName,
  EventPayloads,
  MethodInput,
  MethodName,
  MethodOutputs,
  MnemoBridge,
  Result,
} from '../shared/contract';

const bridge: MnemoBridge = {
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
    const result = (await ipcRenderer.invoke(IPC_CHANNEL.call, method, input)) as Result<MethodOutputs[M]>;
    if (result.ok) return result.value;
    // A plain object survives contextBridge with its fields; an Error would keep only its message.
    throw { name: 'MnemoError', ...result.error };
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: EventName, payload: unknown) => {
      if (name === event) listener(payload as EventPayloads[E]);
    };
    ipcRenderer.on(IPC_CHANNEL.event, forward);
    return () => void ipcRenderer.removeListener(IPC_CHANNEL.event, forward);
  },
};

contextBridge.exposeInMainWorld('mnemo', bridge);
