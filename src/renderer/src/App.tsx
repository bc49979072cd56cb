// The application frame: the sidebar (views and conversations), the current view, the status
// strip and the toasts. Starts the event feed and the first loads.
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShortcuts } from './components/AppShortcuts';
import { GlobalConfirm } from './components/GlobalConfirm';
import { Sidebar } from './components/Sidebar';
import { ForgetDialog } from './components/ForgetDialog';
import { StatusStrip } from './components/StatusStrip';
import { Toasts } from './components/Toasts';
import { useConversations } from './stores/conversations-store';
import { useRoute } from './stores/route-store';
import { useSettings } from './stores/settings-store';
import { useStatus } from './stores/status-store';
import { useTags } from './stores/tags-store';
import { installShortcuts } from './lib/shortcuts';
import { leaveRoute } from './stores/temporary-chats';
import { wireEvents } from './stores/wire-events';
import { ChatView } from './views/ChatView';
import { HistoryView } from './views/HistoryView';
import { MemoryView } from './views/MemoryView';
import { SettingsView } from './views/SettingsView';

// Loaded when first opened: its chart library is most of its weight.
const MonitoringView = lazy(() => import('./views/MonitoringView').then((m) => ({ default: m.MonitoringView })));

export function App() {
  const { t } = useTranslation();
  const route = useRoute((s) => s.route);
  const conversations = useConversations((s) => s.list);
  const conversationsError = useConversations((s) => s.error);
  const status = useStatus((s) => s.status);
  const statusError = useStatus((s) => s.statusError);
  const openTemporary = useConversations((s) =>
    route.view === 'chat' && route.conversationId ? s.find(route.conversationId) : undefined,
  );
  const previousRoute = useRef(route);
  // Tags follow the conversations: one deleted or imported changes which tags there are.
  const conversationIds = conversations.map((c) => c.id).join(' ');

  useEffect(() => {
    void useTags.getState().load();
  }, [conversationIds]);

  useEffect(() => {
    if (previousRoute.current !== route) void leaveRoute(previousRoute.current, route);
    previousRoute.current = route;
  }, [route]);

  useEffect(() => {
    const unwire = wireEvents();
    const uninstallShortcuts = installShortcuts();
    const onHash = () => useRoute.getState().sync();
    window.addEventListener('hashchange', onHash);
    void useStatus.getState().refresh();
    void useStatus.getState().loadModels();
    void useConversations.getState().refresh();
    void useSettings.getState().load();
    return () => {
      unwire();
      uninstallShortcuts();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => (e.preventDefault(), document.getElementById('main-content')?.focus())}
      >
        {t('common.skipToContent')}
      </a>
      <Sidebar
        route={route}
        conversations={conversations}
        temporary={openTemporary?.temporary ? openTemporary : null}
        error={conversationsError}
      />
      <main id="main-content" className="main" tabIndex={-1}>
        {route.view === 'chat' && <ChatView route={route} />}
        {route.view === 'history' && <HistoryView />}
        {route.view === 'memory' && <MemoryView focusId={route.memoryId} />}
        {route.view === 'settings' && <SettingsView />}
        {route.view === 'monitoring' && (
          <Suspense fallback={<p>{t('nav.loadingMonitoring')}</p>}>
            <MonitoringView />
          </Suspense>
        )}
      </main>
      <StatusStrip status={status} error={statusError} />
      <ForgetDialog />
      <Toasts />
      <GlobalConfirm />
      <AppShortcuts />
    </div>
  );
}
