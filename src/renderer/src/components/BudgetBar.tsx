// The context window as one bar: each section's share, the reserve for the reply, the rest.
import { budgetSegments, usedPercent, type BudgetInput } from '../lib/budget';

export function BudgetBar({ budget }: { budget: BudgetInput }) {
  const segments = budgetSegments(budget);
  return (
    <figure className="budget">
      <figcaption>
        {budget.used.toLocaleString()} of {budget.contextLength.toLocaleString()} tokens used ({usedPercent(budget)}%)
      </figcaption>
      <div
        className="budget-bar"
        role="img"
        aria-label={segments.map((s) => `${s.label} ${s.tokens} tokens`).join(', ')}
      >
        {segments.map((s) => (
          <span
            key={s.key}
            className={`budget-seg seg-${s.key}`}
            style={{ width: `${s.percent}%` }}
            title={`${s.label}: ${s.tokens} tokens`}
          />
        ))}
      </div>
      <ul className="budget-legend">
        {segments.map((s) => (
          <li key={s.key}>
            <span className={`swatch seg-${s.key}`} aria-hidden="true" /> {s.label}: {s.tokens.toLocaleString()}
          </li>
        ))}
      </ul>
    </figure>
  );
}
