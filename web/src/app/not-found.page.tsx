import { Link } from 'react-router-dom';
import { useT } from '../i18n/use-t.ts';

/** A dead end that says why and offers the way home. */
function DeadEnd({ title, text }: { title: string; text: string }) {
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}

export function NotFoundPage() {
  const t = useT();
  return <DeadEnd title={t('notFound.title')} text={t('notFound.text')} />;
}

export function ForbiddenPage() {
  const t = useT();
  return <DeadEnd title={t('forbidden.title')} text={t('error.forbidden')} />;
}
