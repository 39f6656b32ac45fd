import { Fragment, type ReactElement } from 'react';
import { useT } from '../i18n/use-t.ts';

/** A column's label, or a ready-made header cell such as a <SortHeader>. */
export type Column = string | ReactElement;

interface Props {
  columns: readonly Column[];
  /** A trailing column for row buttons: its label is for screen readers only, the buttons speak for themselves. */
  actions?: boolean;
}

export function TableHead({ columns, actions }: Props) {
  const t = useT();
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={i} scope="col">
              {c}
            </th>
          ) : (
            <Fragment key={i}>{c}</Fragment>
          ),
        )}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
