// The application frame. Views arrive with the desktop-app issue; until then this shows
// that the renderer built, loaded under the CSP, and which bridge it found.
export function App() {
  return (
    <main>
      <h1>Mnemo</h1>
      <p>A private chat that remembers. Everything stays on this machine.</p>
    </main>
  );
}
