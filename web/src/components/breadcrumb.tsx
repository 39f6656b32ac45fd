import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../i18n/use-t.ts';

export interface Crumb {
  to: string;
  label: string;
}

/** The way back up from a detail page: the list first, then the owning agencies. */
export function Breadcrumb({ trail }: { trail: readonly Crumb[] }) {
  const t = useT();
  return (
    <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
      {trail.map((c, i) => (
        <Fragment key={c.to}>
          {i > 0 && ' › '}
          <Link to={c.to}>{c.label}</Link>
        </Fragment>
      ))}
    </nav>
  );
}
