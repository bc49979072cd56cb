// Export files made to order for import tests, in the shape data.exportAll writes.

/** A valid export of `conversations` × `perConversation` messages, written the way data.exportAll writes one. */
export function syntheticExport(
  conversations: number,
  perConversation: number,
  extra: Record<string, unknown> = {},
): string {
  const t = 1_700_000_000_000;
  const convs = Array.from({ length: conversations }, (_, c) => ({
    id: `c${c}`,
    title: `Conversation ${c}`,
    createdAt: t,
    updatedAt: t,
    archived: false,
    pinned: false,
    temporary: false,
    settings: {},
  }));
  const messages = convs.flatMap((conv, c) =>
    Array.from({ length: perConversation }, (_, i) => ({
      id: `m${c}-${i}`,
      conversationId: conv.id,
      seq: i + 1,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `Turn ${i} of ${c}: the lighthouse keeper logs the weather at dawn and dusk, tide ${i * 7} cm. `.repeat(
        8,
      ),
      status: 'complete',
      model: null,
      tokenCount: 0,
      error: null,
      createdAt: t + i,
      updatedAt: t + i,
    })),
  );
  return JSON.stringify(
    {
      format: 'mnemo-export',
      version: 1,
      exportedAt: t,
      schemaVersion: 1,
      conversations: convs,
      messages,
      summaries: [],
      memories: [],
      settings: {},
      ...extra,
    },
    null,
    2,
  );
}
