// What the vector index holds for a stored item: the text to embed and the metadata to
// filter on, read from SQLite (the truth). An item that no longer exists resolves to null.
import type { Store } from '../store';
import type { VectorKind, VectorMetadata } from '../vectors/vector-index';

export interface IndexableItem {
  kind: VectorKind;
  id: string;
  text: string;
  metadata: VectorMetadata;
}

export function loadIndexable(store: Store, kind: VectorKind, id: string): IndexableItem | null {
  if (kind === 'chunk') {
    const chunk = store.chunks.get(id);
    if (!chunk) return null;
    return {
      kind,
      id,
      text: chunk.text,
      metadata: {
        conversation_id: chunk.conversationId,
        response_id: chunk.responseId,
        chunk_index: chunk.chunkIndex,
        role: chunk.role,
        timestamp: chunk.createdAt,
        type: chunk.type,
        archived: chunk.archived,
      },
    };
  }
  const memory = store.memories.find(id);
  if (!memory) return null;
  return {
    kind,
    id,
    text: memory.content,
    metadata: {
      category: memory.category,
      importance: memory.importance,
      source: memory.source,
      pinned: memory.pinned,
      timestamp: memory.updatedAt,
    },
  };
}
