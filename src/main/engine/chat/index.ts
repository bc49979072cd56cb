export * from './chat-service';
export * from './events';
export * from './tools';
export * from './message-input';
export { generateText } from './generate';
export * from './branches';
export * from './model-window';
export { TurnContexts, toTurnRecord } from './turn-context';
