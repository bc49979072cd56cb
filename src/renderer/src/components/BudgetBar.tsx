// The context window as one bar: each section's share, the reserve for the reply, the rest.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { budgetSegments, usedPercent, type BudgetInput } from '../lib/budget';

export function BudgetBar({ budget }: { budget: BudgetInput }) {
  const { t } = useTranslation();
  const f = useFormat();
  const segments = budgetSegments(budget);
  const segment = (s: { label: string; tokens: number }) =>
    t('budget.segment', { label: s.label, tokens: f.number(s.tokens) });
  return (
    <figure className="budget">
      <figcaption>
        {t('budget.used', {
          used: f.number(budget.used),
          total: f.number(budget.contextLength),
          percent: f.percent(usedPercent(budget) / 100),
        })}
      </figcaption>
      <div className="budget-bar" role="img" aria-label={segments.map(segment).join(t('common.listSeparator'))}>
        {segments.map((s) => (
          <span
            key={s.key}
            className={`budget-seg seg-${s.key}`}
            style={{ width: `${s.percent}%` }}
            title={segment(s)}
          />
        ))}
      </div>
      <ul className="budget-legend">
        {segments.map((s) => (
          <li key={s.key}>
            <span className={`swatch seg-${s.key}`} aria-hidden="true" /> {segment(s)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
