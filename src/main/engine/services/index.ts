// The engine's small interfaces, one per area of the app: what the contract's handlers (and
// anything else outside the engine) call. Each is thin over the engine's parts.
import type { ChatCommands } from './chat-commands';
import type { ConversationService } from './conversation-service';
import type { DataService } from './data-service';
import type { MemoryService } from './memory-service';
import type { ModelsService } from './models-service';
import type { SettingsService } from './settings-service';
import type { StatusService } from './status-service';
import type { TagService } from './tag-service';

export { ChatCommands } from './chat-commands';
export { ConversationService, type RunningTurns } from './conversation-service';
export { DataService } from './data-service';
export { MemoryService } from './memory-service';
export { ModelsService } from './models-service';
export { SettingsService, type SettingsServiceParts } from './settings-service';
export { StatusService } from './status-service';
export { TagService } from './tag-service';

export interface EngineServices {
  chat: ChatCommands;
  conversations: ConversationService;
  memory: MemoryService;
  models: ModelsService;
  settings: SettingsService;
  data: DataService;
  status: StatusService;
  tags: TagService;
}
