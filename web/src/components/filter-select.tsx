import { useT } from '../i18n/use-t.ts';
import { SelectField, type Option } from './form-fields.tsx';

interface Props {
  label: string;
  value: string;
  onValue(v: string): void;
  options: readonly Option[];
  testId?: string;
}

/** A list filter: its empty choice is "all", which is also what an absent query parameter means. */
export function FilterSelect(props: Props) {
  const t = useT();
  return <SelectField {...props} emptyLabel={t('common.all')} />;
}
