interface Props {
  label: string;
  value: number;
  /** Colours the tile: green when all is well, red when rows were refused. */
  tone?: 'good' | 'bad' | undefined;
  testId: string;
}

/** One figure in an import's `<dl className="stats">` strip; the test reads the number by its testId. */
export function Stat({ label, value, tone, testId }: Props) {
  return (
    <div className={tone ? `stats--${tone}` : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
