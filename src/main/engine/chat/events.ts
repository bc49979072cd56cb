// The engine's chat events are the contract's: the context event carries the inspector's view.
export type { ChatEvent } from '../../../shared/chat-events';
