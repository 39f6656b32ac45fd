import { useT } from '../i18n/use-t.ts';

interface Props {
  label: string;
  field: string;
  sort: string;
  order: string;
  onSort(field: string, order: 'asc' | 'desc'): void;
}

/** A column header that sorts, announcing the current order through aria-sort. */
export function SortHeader({ label, field, sort, order, onSort }: Props) {
  const t = useT();
  const active = sort === field;
  const next = active && order === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (order === 'desc' ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(field, next)} title={t('common.sortBy') + ': ' + label}>
        {label}
        <span aria-hidden="true" className={`sort-button__arrow${active ? ' is-active' : ''}`}>
          {active ? (order === 'desc' ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}
