import { SelectField, type Option } from '../../components/form-fields.tsx';
import { useAgencyTree } from './agency-tree-context.tsx';

interface Props {
  label: string;
  value: string;
  onValue(v: string): void;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  emptyLabel?: string;
  /** Agencies that may not be chosen (an agency's own subtree when picking its parent). */
  exclude?: ReadonlySet<string>;
  testId?: string;
  className?: string;
  disabled?: boolean;
}

const INDENT = '\u00a0\u00a0\u00a0';

/** A select of the agencies the user can see, indented to show the hierarchy. */
export function AgencySelect({ exclude, ...props }: Props) {
  const { ordered } = useAgencyTree();
  const options: Option[] = ordered
    .filter((n) => !exclude?.has(n.agency.id))
    .map((n) => ({ value: n.agency.id, label: `${INDENT.repeat(n.level)}${n.level ? '└ ' : ''}${n.agency.name} (${n.agency.code})` }));
  return <SelectField {...props} options={options} />;
}
