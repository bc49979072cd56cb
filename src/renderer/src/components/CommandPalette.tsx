// Ctrl/Cmd+K: go to any conversation or memory, or run an action, by typing a few letters.
// A modal dialog holding a combobox and its listbox: arrows move, Enter runs, Escape closes.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { filterPalette, type PaletteEntry } from '../lib/palette';

export interface CommandPaletteProps {
  open: boolean;
  entries: PaletteEntry[];
  onClose: () => void;
}

export function CommandPalette({ open, entries, onClose }: CommandPaletteProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => filterPalette(entries, query), [entries, query]);
  const current = results[Math.min(active, results.length - 1)];

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setQuery('');
      setActive(0);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  useEffect(() => {
    if (current) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (entry: PaletteEntry | undefined) => {
    if (!entry) return;
    onClose();
    entry.run();
  };
  const move = (by: number) =>
    setActive((i) =>
      results.length === 0 ? 0 : (Math.min(i, results.length - 1) + by + results.length) % results.length,
    );

  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-label={t('palette.label')}
      onCancel={(e) => (e.preventDefault(), onClose())}
      onClose={onClose}
      data-testid="command-palette"
    >
      <input
        type="text"
        role="combobox"
        aria-label={t('palette.input')}
        aria-expanded="true"
        aria-controls="palette-options"
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        placeholder={t('palette.placeholder')}
        value={query}
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(e.key === 'ArrowDown' ? 1 : -1);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(current);
          }
        }}
      />
      <ul id="palette-options" role="listbox" aria-label={t('palette.results')} className="palette-options">
        {results.map((entry) => (
          <li
            key={entry.id}
            id={optionId(entry)}
            role="option"
            aria-selected={entry === current}
            onClick={() => run(entry)}
            onMouseMove={() => setActive(results.indexOf(entry))}
          >
            <span className="palette-label">{entry.label}</span>
            <span className="tag">{t(`palette.kind.${entry.kind}`)}</span>
          </li>
        ))}
      </ul>
      {results.length === 0 && (
        <p className="muted" role="status">
          {t('palette.nothing', { query: query.trim() })}
        </p>
      )}
    </dialog>
  );
}

function optionId(entry: PaletteEntry): string {
  return `palette-${entry.id.replace(/[^\w-]/g, '-')}`;
}
