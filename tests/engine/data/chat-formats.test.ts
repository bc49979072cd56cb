// How a conversation's tree from another app is read (chat-formats.ts), apart from the engine:
// which path is active when the file names none, and a tree of any shape read in one pass.
import { describe, expect, it } from 'vitest';
import { readChat, type ImportedChat } from '../../../src/main/engine/data/chat-formats';

function read(format: 'chatgpt' | 'open-webui', entry: unknown): ImportedChat {
  const reading = readChat(format, entry);
  if (!reading.ok) throw new Error(`not read: ${JSON.stringify(reading.issue)}`);
  return reading.chat;
}

describe('reading chats from other apps', () => {
  it('without a current leaf, the active path takes the newest reply at each fork (the last child)', () => {
    const message = (id: string, parentId: string | null, childrenIds: string[], role: string, content: string) => ({
      id,
      parentId,
      childrenIds,
      role,
      content,
    });
    const chat = read('open-webui', {
      id: 'owui-fork',
      title: 'Two answers',
      chat: {
        history: {
          messages: {
            q: message('q', null, ['a1', 'a2'], 'user', 'Which tent?'),
            a1: message('a1', 'q', [], 'assistant', 'The older answer.'),
            a2: message('a2', 'q', ['q2'], 'assistant', 'The newer answer.'),
            q2: message('q2', 'a2', [], 'user', 'Thanks.'),
          },
        },
      },
    });
    expect(chat.turns.map((t) => t.key)).toEqual(['q', 'a1', 'a2', 'q2']);
    expect(chat.leafKey).toBe('q2');
  });

  it('reads a reply regenerated 150,000 times (one node with that many children) in one pass, children in the file’s order', () => {
    const replies = 150_000;
    const mapping: Record<string, unknown> = {
      root: { id: 'root', parent: null, children: ['q'], message: null },
    };
    const childIds = Array.from({ length: replies }, (_, i) => `r${i}`);
    mapping.q = {
      id: 'q',
      parent: 'root',
      // Listed newest first: the file's order, not the mapping's, decides.
      children: [...childIds].reverse(),
      message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['Again?'] }, create_time: 1 },
    };
    for (const id of childIds) {
      mapping[id] = {
        id,
        parent: 'q',
        children: [],
        message: { author: { role: 'assistant' }, content: { content_type: 'text', parts: [id] }, create_time: 2 },
      };
    }
    const chat = read('chatgpt', { id: 'gpt-many', title: 'Many', mapping, current_node: 'r7' });
    expect(chat.turns).toHaveLength(replies + 1);
    expect(chat.turns[1]!.key).toBe(`r${replies - 1}`);
    expect(chat.turns.at(-1)!.key).toBe('r0');
    expect(chat.leafKey).toBe('r7');
  }, 60_000);
});
