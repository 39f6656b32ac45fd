import type { ReactNode } from 'react';

/** The heading of a block on a detail page, with its buttons (e.g. "see all", "add") on the right. */
export function SectionTitle({ title, actions }: { title: string; actions?: ReactNode }) {
  if (!actions) return <h2 className="section-title">{title}</h2>;
  return (
    <div className="section-title section-title--with-actions">
      <h2>{title}</h2>
      <div>{actions}</div>
    </div>
  );
}
