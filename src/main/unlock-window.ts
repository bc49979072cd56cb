// The desktop app's minimal unlock screen, shown before the engine opens when the profile's
// key is protected by a passphrase (or a new profile has no keychain to keep its key). A plain
// page without preload or Node: the passphrase comes back as the page's fragment, which this
// process reads from the in-page navigation and never lets the page send anywhere.
// TODO(hostile-b): becomes one reason on the shared start-up problem screen.
import { BrowserWindow } from 'electron';

export interface UnlockPrompt {
  newProfile: boolean;
  /** Why we ask again (a wrong passphrase), if we do. */
  problem?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(prompt: UnlockPrompt): string {
  const title = prompt.newProfile ? 'Choose a passphrase for your data' : 'Unlock your data';
  const body = prompt.newProfile
    ? 'Mnemo encrypts everything it keeps. No OS keychain is available here, so a passphrase protects the key. Without it the data cannot be read, not even by Mnemo.'
    : 'Your conversations and memories are encrypted with a passphrase. Enter it to open them.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mnemo</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>body{font:15px system-ui,sans-serif;margin:2rem;color:#1d1d1f;background:#fff}@media(prefers-color-scheme:dark){body{color:#eee;background:#1e1e1e}}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;margin:.2rem 0 .8rem}p.problem{color:#c62828}button{font:inherit;padding:.4rem 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${prompt.problem ? `<p class="problem" role="alert">${escapeHtml(prompt.problem)}</p>` : ''}
<form id="f"><label for="p">Passphrase</label><input id="p" type="password" autofocus required minlength="${prompt.newProfile ? 8 : 1}">
${prompt.newProfile ? '<label for="a">Again</label><input id="a" type="password" required>' : ''}<button type="submit">${prompt.newProfile ? 'Encrypt my data' : 'Unlock'}</button></form></main>
<script>document.getElementById('f').addEventListener('submit',function(e){e.preventDefault();var p=document.getElementById('p').value,a=document.getElementById('a');
if(a&&a.value!==p){alert('The two passphrases differ.');return;}location.hash=encodeURIComponent(p);});</script></body></html>`;
}

/** Asks for the passphrase; resolves null when the window is closed without one. */
export function askPassphrase(prompt: UnlockPrompt): Promise<string | null> {
  const window = new BrowserWindow({ width: 520, height: 420, title: 'Mnemo', webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: true } });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return new Promise((resolve) => {
    let answered = false;
    window.webContents.on('did-navigate-in-page', (_event, url) => {
      const hash = new URL(url).hash.slice(1);
      if (!hash) return;
      answered = true;
      resolve(decodeURIComponent(hash));
      window.destroy();
    });
    window.on('closed', () => {
      if (!answered) resolve(null);
    });
    void window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(page(prompt))}`);
  });
}
