// The engine's chat events: the shared event shapes carrying the full assembled context.
import type { ChatEventOf } from '../../../shared/chat-events';
import type { AssembledContext } from '../context/types';

export type ChatEvent = ChatEventOf<AssembledContext>;
