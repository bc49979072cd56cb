// REALTALK's chats into the recall data set format: who is the user, when each session began,
// and the hand-written evidence lists read into the message ids they name.
import { describe, expect, it } from 'vitest';
import { evidenceIds, realtalkConversation, type RealtalkChat } from '../../scripts/lib/realtalk';

const message = (dia_id: string, speaker: string, clean_text: string, blip_caption?: string) => ({
  dia_id,
  speaker,
  clean_text,
  date_time: '',
  img_file: [],
  ...(blip_caption ? { blip_caption } : {}),
});

const chat: RealtalkChat = {
  name: { speaker_1: 'Ana', speaker_2: 'bo' },
  session_2: [message('D2:1', 'bo', 'Back from Lisbon!'), message('D2:2', 'Ana', 'How was it?')],
  session_2_date_time: '03.01.2024, 09:15:00',
  session_1: [
    message('D1:1', 'Ana', 'Hey! How are you?'),
    message('D1:2', 'Ana', 'Look at my garden', 'a photo of tomatoes'),
    message('D1:3', 'bo', 'Wow, lovely'),
    message('D1:5', 'bo', 'I fly to Lisbon on Friday'),
  ],
  session_1_date_time: '29.12.2023, 22:42:04',
  events_session_1: { agent_a: [], agent_b: [] },
  qa: [
    { question: 'Where did Bo fly?', evidence: ['D1:5; D2:1.'], category: 1 },
    { question: 'What does Ana grow?', evidence: ['D1:1-D1:3'], category: 3 },
    { question: 'When did Bo come back?', evidence: ['D2:1-2', 'D9:9'], category: 2 },
    { question: 'Only missing evidence', evidence: ['D1:4'], category: 1 },
    { question: 'A category REALTALK does not have', evidence: ['D1:1'], category: 5 },
  ],
};

describe('REALTALK as a recall data set', () => {
  it('makes each session a conversation in order, the first speaker the user, images as their captions', () => {
    const conversation = realtalkConversation(chat, 'Chat_1_Ana_bo');
    expect(conversation.id).toBe('realtalk-Chat_1_Ana_bo');
    expect(conversation.sessions.map((s) => [s.id, s.started_at])).toEqual([
      ['s1', '2023-12-29T22:42:04Z'],
      ['s2', '2024-01-03T09:15:00Z'],
    ]);
    expect(conversation.sessions[0]!.turns).toEqual([
      { id: 'D1:1', role: 'user', text: 'Ana: Hey! How are you?' },
      { id: 'D1:2', role: 'user', text: 'Ana: Look at my garden [shares a photo of tomatoes]' },
      { id: 'D1:3', role: 'assistant', text: 'bo: Wow, lovely' },
      { id: 'D1:5', role: 'assistant', text: 'bo: I fly to Lisbon on Friday' },
    ]);
  });

  it('reads evidence lists and ranges, keeps only ids a message has, and leaves out questions with none', () => {
    const { questions } = realtalkConversation(chat, 'c');
    expect(questions).toEqual([
      { id: 'q0', text: 'Where did Bo fly?', evidence: ['D1:5', 'D2:1'], category: 'multi-hop' },
      { id: 'q1', text: 'What does Ana grow?', evidence: ['D1:1', 'D1:2', 'D1:3'], category: 'open-domain' },
      { id: 'q2', text: 'When did Bo come back?', evidence: ['D2:1', 'D2:2'], category: 'temporal' },
    ]);
  });

  it.each([
    ['D5:12;D5:16', ['D5:12', 'D5:16']],
    ['D12:3-D12:5', ['D12:3', 'D12:4', 'D12:5']],
    ['D13:43-46', ['D13:43', 'D13:44', 'D13:45', 'D13:46']],
    ['D1:11; D3:18', ['D1:11', 'D3:18']],
    ['D20:17.', ['D20:17']],
    ['D3:1-D4:2', []],
    ['D:56', []],
    ['', []],
  ])('reads "%s" as %j', (entry, ids) => {
    expect(evidenceIds(entry)).toEqual(ids);
  });
});
