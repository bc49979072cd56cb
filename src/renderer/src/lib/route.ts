// The view and what it points at live in the URL fragment (#/chat/<conversation>/<message>),
// so links are real links, Back works, and a search hit or a context item can open a
// conversation at a message.

export type ViewName = 'chat' | 'history' | 'memory' | 'settings' | 'monitoring';

export interface Route {
  view: ViewName;
  conversationId: string | null;
  messageId: string | null;
  memoryId: string | null;
}

const VIEWS: readonly ViewName[] = ['chat', 'history', 'memory', 'settings', 'monitoring'];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const parts = path.startsWith('/') ? path.slice(1).split('/').map(safeDecode) : [];
  const view = VIEWS.includes(parts[0] as ViewName) ? (parts[0] as ViewName) : 'chat';
  return {
    view,
    conversationId: view === 'chat' ? parts[1] || null : null,
    messageId: view === 'chat' ? parts[2] || null : null,
    memoryId: view === 'memory' ? parts[1] || null : null,
  };
}

export function chatHref(conversationId?: string | null, messageId?: string | null): string {
  if (!conversationId) return '#/chat';
  return `#/chat/${encodeURIComponent(conversationId)}${messageId ? `/${encodeURIComponent(messageId)}` : ''}`;
}

export function viewHref(view: ViewName): string {
  return `#/${view}`;
}

export function memoryHref(memoryId: string): string {
  return `#/memory/${encodeURIComponent(memoryId)}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
