/**
 * Plain HTML/CSS bar charts for the incident dashboard (no chart library): horizontal bars for
 * categories with long Vietnamese labels, columns for months. Each bar carries its number as
 * text, so the chart reads without colour and without hovering.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
  href?: string;
}

export function HorizontalBars({ bars, testId, empty }: { bars: Bar[]; testId: string; empty: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  if (bars.length === 0) return <p className="muted" data-testid={`${testId}-empty`}>{empty}</p>;
  return (
    <ul className="inc-bars" data-testid={testId}>
      {bars.map((b) => (
        <li key={b.key} className="inc-bars__row" data-testid="bar" data-key={b.key} data-value={b.value}>
          <span className="inc-bars__label">{b.label}</span>
          <span className="inc-bars__track" aria-hidden="true">
            <span className="inc-bars__fill" style={{ width: `${(b.value / max) * 100}%` }} />
          </span>
          <span className="inc-bars__value">{b.value}</span>
        </li>
      ))}
    </ul>
  );
}

export function MonthColumns({ bars, testId, label }: { bars: Bar[]; testId: string; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <div className={`inc-cols${bars.length > 7 ? ' inc-cols--many' : ''}`} role="img" aria-label={label} data-testid={testId}>
      {bars.map((b) => (
        <div key={b.key} className="inc-cols__col" data-testid="bar" data-key={b.key} data-value={b.value} title={`${b.label}: ${b.value}`}>
          <span className="inc-cols__value">{b.value > 0 ? b.value : ''}</span>
          <span className="inc-cols__bar" style={{ height: `${(b.value / max) * 100}%` }} />
          <span className="inc-cols__label">{b.label}</span>
        </div>
      ))}
    </div>
  );
}
