// Decides what the window shows: the app when the engine opened the profile, the start-up
// problem screen when it reported that it could not.
import { useEffect } from 'react';
import { App } from './App';
import { useProfile } from './stores/profile-store';
import { StartupProblemView } from './views/StartupProblemView';

export function Root() {
  const phase = useProfile((s) => s.phase);
  const problem = useProfile((s) => s.problem);
  useEffect(() => {
    void useProfile.getState().check();
  }, []);
  if (phase === 'checking') return null;
  if (phase === 'problem' && problem) return <StartupProblemView problem={problem} />;
  return <App />;
}
