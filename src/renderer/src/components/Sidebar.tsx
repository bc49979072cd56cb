// The left column: the app's views and the conversations, pinned first then newest. It
// collapses to a rail of icons (remembered), so a small window keeps its width for the chat.
import {
  Brain,
  History,
  MessageSquare,
  PanelLeftClose,
  PanelLeftOpen,
  Plus,
  Settings,
  type LucideIcon,
} from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../shared/domain';
import { conversationTitle } from '../lib/conversations';
import { chatHref, viewHref, type Route, type ViewName } from '../lib/route';
import { navigate } from '../stores/route-store';
import { PinnedMark } from './PinnedMark';
import { useUiPrefs } from '../stores/ui-prefs-store';
import { useTags, withFilter } from '../stores/tags-store';
import { TagChips, TagFilter } from './Tags';

const NAV: { view: Exclude<ViewName, 'monitoring'>; icon: LucideIcon }[] = [
  { view: 'chat', icon: MessageSquare },
  { view: 'history', icon: History },
  { view: 'memory', icon: Brain },
  { view: 'settings', icon: Settings },
];

interface SidebarProps {
  route: Route;
  conversations: Conversation[];
  /** The temporary chat open now: shown while it is open, never listed otherwise. */
  temporary: Conversation | null;
  error: string | null;
}

export function Sidebar({ route, conversations, temporary, error }: SidebarProps) {
  const { t } = useTranslation();
  const collapsed = useUiPrefs((s) => s.sidebarCollapsed);
  const Toggle = collapsed ? PanelLeftOpen : PanelLeftClose;
  const filter = useTags((s) => s.filter);
  const byConversation = useTags((s) => s.byConversation);
  const shown = withFilter({ filter, byConversation }, conversations);
  return (
    <aside className={`sidebar${collapsed ? ' collapsed' : ''}`} aria-label={t('sidebar.label')} data-testid="sidebar">
      <button
        type="button"
        className="icon sidebar-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? t('sidebar.show') : t('sidebar.hide')}
        title={collapsed ? t('sidebar.show') : t('sidebar.hide')}
        onClick={() => useUiPrefs.getState().setSidebarCollapsed(!collapsed)}
        data-testid="sidebar-toggle"
      >
        <Toggle size={18} aria-hidden />
      </button>
      <nav aria-label={t('nav.label')}>
        <ul className="nav">
          {NAV.map(({ view, icon: Icon }) => (
            <li key={view}>
              <a
                href={viewHref(view)}
                aria-current={route.view === view ? 'page' : undefined}
                title={collapsed ? t(`nav.${view}`) : undefined}
              >
                <Icon size={16} aria-hidden />
                <span className="nav-label">{t(`nav.${view}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <button
        type="button"
        className="new-chat"
        onClick={() => navigate(chatHref(null))}
        data-testid="new-chat"
        title={collapsed ? t('sidebar.newChat') : undefined}
      >
        <Plus size={16} aria-hidden />
        <span className="nav-label">{t('sidebar.newChat')}</span>
      </button>
      {!collapsed && (
        <nav aria-label={t('sidebar.conversations')} className="conversation-nav">
          <TagFilter id="sidebar-tag-filter" />
          {error && <p className="error">{error}</p>}
          {conversations.length === 0 && !temporary && !error && <p className="muted">{t('sidebar.empty')}</p>}
          {shown.length === 0 && filter && <p className="muted">{t('tags.noneTagged')}</p>}
          <ul className="conversation-list">
            {[...(temporary && !filter ? [temporary] : []), ...shown].map((c) => (
              <li key={c.id}>
                <a
                  href={chatHref(c.id)}
                  aria-current={route.view === 'chat' && route.conversationId === c.id ? 'page' : undefined}
                  data-testid="conversation-link"
                >
                  <span className="conversation-line">
                    {c.pinned && <PinnedMark />}
                    {c.temporary && <span className="tag">{t('common.temporary')}</span>}
                    <span className="conversation-title">{conversationTitle(c)}</span>
                  </span>
                  <TagChips conversationId={c.id} />
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </aside>
  );
}
