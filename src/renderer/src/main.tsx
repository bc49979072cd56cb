import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';
import { getBridge } from './bridge';
import { watchLanguage, watchTheme } from './stores/ui-prefs-store';
import './styles.css';

// Connect first: in a browser the access token arrives in the URL fragment, which the
// router takes over afterwards.
getBridge();
// Before the first paint, so a chosen theme never flashes the other one.
watchTheme();
watchLanguage();
if (!window.location.hash.startsWith('#/'))
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/chat`);

const container = document.getElementById('root');
if (!container) throw new Error('Mnemo: #root element missing from index.html');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
