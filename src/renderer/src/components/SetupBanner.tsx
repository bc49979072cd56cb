// Says exactly what is missing for chat and the command that fixes it.
import { useTranslation } from 'react-i18next';
import type { SetupProblem } from '../lib/status';

export function SetupBanner({ problems }: { problems: SetupProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="banner" role="alert" data-testid="setup-banner">
      {problems.map((p) => (
        <p key={p.key}>
          {p.message} {p.command && <code>{p.command}</code>}
          {p.command && t('common.sentenceEnd')}
        </p>
      ))}
    </div>
  );
}
