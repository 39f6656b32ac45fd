import { useT } from '../i18n/use-t.ts';

/** Decree 85/2016 levels: colour helps scanning, the number is always printed too. */
export function LevelBadge({ level }: { level: number }) {
  const t = useT();
  return (
    <span className={`badge badge--level-${level}`} title={t('system.levelTitle', { level })}>
      {t('system.levelShort', { level })}
    </span>
  );
}

export function CriticalBadge({ critical }: { critical: boolean }) {
  const t = useT();
  if (!critical) return <span className="muted">—</span>;
  return <span className="badge badge--critical">{t('system.criticalShort')}</span>;
}

export function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  );
}
