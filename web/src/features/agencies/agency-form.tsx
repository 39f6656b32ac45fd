import { useMemo, useState, type FormEvent } from 'react';
import { fieldError } from '../../api/api-error.ts';
import { AGENCY_KINDS, type Agency, type AgencyInput, type AgencyKind } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { orNull } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from './agency-select.tsx';
import { useAgencyTree } from './agency-tree-context.tsx';
import { findNode, subtreeIds } from './agency-tree.ts';

interface Props {
  initial?: Agency;
  /** Pre-selected parent when creating a sub-agency from an agency's page. */
  defaultParentId?: string | null;
  /** Parent may be empty (a new root) only for users who see the whole tree. */
  allowRoot: boolean;
  submitLabel: string;
  onSubmit(input: Partial<AgencyInput>): Promise<void>;
  onCancel?(): void;
}

const FIELDS = ['parentId', 'code', 'name', 'kind', 'address', 'intakeEmail', 'intakePhone'];

export function AgencyForm({ initial, defaultParentId, allowRoot, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const { roots } = useAgencyTree();
  const [parentId, setParentId] = useState(initial?.parentId ?? defaultParentId ?? '');
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<string>(initial?.kind ?? 'department');
  const [address, setAddress] = useState(initial?.address ?? '');
  const [intakeEmail, setIntakeEmail] = useState(initial?.intakeEmail ?? '');
  const [intakePhone, setIntakePhone] = useState(initial?.intakePhone ?? '');
  const { busy, error, run } = useAsyncAction();

  // An agency cannot be moved under itself or its own descendants.
  const exclude = useMemo(() => (initial ? subtreeIds(findNode(roots, initial.id)) : undefined), [initial, roots]);

  // Editing a scope root as an agency user: its parent is outside their view, so no parent select.
  const showParent = !(initial && initial.parentId === null && !allowRoot);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      onSubmit({
        ...(showParent ? { parentId: parentId || null } : {}),
        code: code.trim(),
        name: name.trim(),
        kind: kind as AgencyKind,
        address: orNull(address),
        intakeEmail: orNull(intakeEmail),
        intakePhone: orNull(intakePhone),
      }),
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="agency-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        {showParent && (
          <AgencySelect
            label={t('agency.parent')}
            value={parentId}
            onValue={setParentId}
            emptyLabel={allowRoot ? t('agency.noParent') : t('common.choose')}
            required={!allowRoot}
            exclude={exclude}
            error={fieldError(error, 'parentId')}
            className="span-2"
            testId="agency-parent"
          />
        )}
        <TextField
          label={t('agency.code')}
          value={code}
          onValue={setCode}
          required
          maxLength={50}
          autoCapitalize="characters"
          spellCheck={false}
          hint={t('agency.codeHint')}
          error={fieldError(error, 'code')}
          testId="agency-code"
        />
        <SelectField
          label={t('agency.kind')}
          value={kind}
          onValue={setKind}
          required
          options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          error={fieldError(error, 'kind')}
          testId="agency-kind"
        />
        <TextField label={t('agency.name')} value={name} onValue={setName} required maxLength={300} error={fieldError(error, 'name')} className="span-2" testId="agency-name" />
        <TextField label={t('agency.address')} value={address} onValue={setAddress} maxLength={500} error={fieldError(error, 'address')} className="span-2" />
        <TextField
          label={t('agency.intakeEmail')}
          type="email"
          inputMode="email"
          value={intakeEmail}
          onValue={setIntakeEmail}
          error={fieldError(error, 'intakeEmail')}
          testId="agency-email"
        />
        <TextField
          label={t('agency.intakePhone')}
          type="tel"
          inputMode="tel"
          value={intakePhone}
          onValue={setIntakePhone}
          error={fieldError(error, 'intakePhone')}
          testId="agency-phone"
        />
      </div>
      <FormActions submitLabel={submitLabel} busy={busy} disabled={!code.trim() || !name.trim() || (!allowRoot && showParent && !parentId)} onCancel={onCancel} testId="agency-submit" />
    </form>
  );
}
