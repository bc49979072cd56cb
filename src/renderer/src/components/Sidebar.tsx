// The left column: the app's views and the conversations, pinned first then newest.
import type { Conversation } from '../../../shared/domain';
import { conversationTitle } from '../lib/conversations';
import { chatHref, viewHref, type Route, type ViewName } from '../lib/route';
import { navigate } from '../stores/route-store';

const NAV: { view: ViewName; label: string }[] = [
  { view: 'chat', label: 'Chat' },
  { view: 'history', label: 'History' },
  { view: 'memory', label: 'Memory' },
  { view: 'settings', label: 'Settings' },
];

interface SidebarProps {
  route: Route;
  conversations: Conversation[];
  /** The temporary chat open now: shown while it is open, never listed otherwise. */
  temporary: Conversation | null;
  error: string | null;
}

export function Sidebar({ route, conversations, temporary, error }: SidebarProps) {
  return (
    <aside className="sidebar" aria-label="Conversations and views">
      <nav aria-label="Main">
        <ul className="nav">
          {NAV.map((item) => (
            <li key={item.view}>
              <a href={viewHref(item.view)} aria-current={route.view === item.view ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <button type="button" className="new-chat" onClick={() => navigate(chatHref(null))} data-testid="new-chat">
        New chat
      </button>
      <nav aria-label="Conversations" className="conversation-nav">
        {error && <p className="error">{error}</p>}
        {conversations.length === 0 && !temporary && !error && <p className="muted">No conversations yet.</p>}
        <ul className="conversation-list">
          {[...(temporary ? [temporary] : []), ...conversations].map((c) => (
            <li key={c.id}>
              <a href={chatHref(c.id)} aria-current={route.view === 'chat' && route.conversationId === c.id ? 'page' : undefined} data-testid="conversation-link">
                {c.pinned && <span aria-label="Pinned" title="Pinned">📌 </span>}
                {c.temporary && <span className="tag">temporary</span>}
                {conversationTitle(c)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
