import { useT } from '../i18n/use-t.ts';

export function Loading() {
  const t = useT();
  return (
    <p className="status status--loading" role="status">
      <span className="spinner" aria-hidden="true" /> {t('common.loading')}
    </p>
  );
}

export function Empty({ text }: { text?: string }) {
  const t = useT();
  return <p className="status status--empty">{text ?? t('common.empty')}</p>;
}
