// The chat view's commands, shaped as the contract answers them: a turn is started and its
// reply streams as events; the inspector reads the context a turn was answered with.
import type { MethodOutputs, ValidInput } from '../../../shared/contract';
import type { ChatService, StartedTurn, TurnContexts } from '../chat';
import { toContextView } from '../context/view';
import { withAttachments } from '../attachments';

type Started = MethodOutputs['chat.send'];

/** What the renderer learns when a turn starts (the reply itself arrives as events). */
const started = (turn: StartedTurn): Started => ({
  conversationId: turn.conversationId,
  userMessage: turn.userMessage,
  assistantMessageId: turn.assistantMessageId,
});

export class ChatCommands {
  constructor(
    private readonly chat: ChatService,
    private readonly turnContexts: TurnContexts,
  ) {}

  async send(input: ValidInput<'chat.send'>): Promise<Started> {
    const { conversationId, content, model, temporary } = input;
    return started(
      await this.chat.send({
        conversationId: conversationId ?? null,
        content: withAttachments(content, input.attachments),
        ...(model ? { model } : {}),
        ...(temporary ? { temporary: true } : {}),
      }),
    );
  }

  stop(input: ValidInput<'chat.stop'>): MethodOutputs['chat.stop'] {
    return { stopped: this.chat.stop(input.conversationId) };
  }

  async regenerate(input: ValidInput<'chat.regenerate'>): Promise<Started> {
    const { conversationId, model, messageId } = input;
    return started(
      await this.chat.regenerate(conversationId, { ...(model ? { model } : {}), ...(messageId ? { messageId } : {}) }),
    );
  }

  async editLast(input: ValidInput<'chat.editLast'>): Promise<Started> {
    const { conversationId, content, model, messageId } = input;
    return started(
      await this.chat.editMessage({
        conversationId,
        content: withAttachments(content, input.attachments),
        ...(model ? { model } : {}),
        ...(messageId ? { messageId } : {}),
      }),
    );
  }

  /** The context of the reply shown last (it follows a switch of branch), from the record kept with it. */
  lastContext(input: ValidInput<'chat.lastContext'>): MethodOutputs['chat.lastContext'] {
    return this.turnContexts.ofShownReply(input.conversationId)?.context ?? null;
  }

  async dryRun(input: ValidInput<'chat.dryRun'>): Promise<MethodOutputs['chat.dryRun']> {
    return toContextView(await this.chat.dryRun({ conversationId: input.conversationId, content: input.content }));
  }

  /** "Why this reply?": what one reply was answered with, from the record kept with it. */
  turnContext(input: ValidInput<'chat.turnContext'>): MethodOutputs['chat.turnContext'] {
    return this.turnContexts.view(input.messageId);
  }

  toolUses(input: ValidInput<'chat.toolUses'>): MethodOutputs['chat.toolUses'] {
    return this.turnContexts.toolUses(input.conversationId);
  }

  async measure(input: ValidInput<'chat.measure'>): Promise<MethodOutputs['chat.measure']> {
    return this.chat.measure({
      conversationId: input.conversationId,
      content: input.content,
      ...(input.model ? { model: input.model } : {}),
    });
  }
}
