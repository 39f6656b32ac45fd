import { Link } from 'react-router-dom';
import { useT } from '../i18n/use-t.ts';

export function NotFoundPage() {
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('error.forbidden')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}
