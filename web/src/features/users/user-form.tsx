import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/api-error.ts';
import type { Role, User } from '../../api/types.ts';
import { can, grantableRoles, roleNeedsAgency, roleTakesAgency } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import { orNull } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';

export interface UserFormValues {
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  agencyId: string | null;
  disabled: boolean;
}

interface Props {
  initial?: User;
  submitLabel: string;
  onSubmit(values: UserFormValues): Promise<void>;
  onCancel(): void;
}

const FIELDS = ['username', 'displayName', 'email', 'role', 'agencyId', 'disabled'];

export function UserForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const me = useUser();
  const roles = grantableRoles(me.role);
  const seesAll = can.seeWholeTree(me.role);
  const [username, setUsername] = useState(initial?.username ?? '');
  const [displayName, setDisplayName] = useState(initial?.displayName ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [role, setRole] = useState<Role>(initial?.role ?? (roles.includes('agency_member') ? 'agency_member' : (roles[0] ?? 'viewer')));
  const [agencyId, setAgencyId] = useState(initial?.agencyId ?? (seesAll ? '' : (me.agencyId ?? '')));
  const [disabled, setDisabled] = useState(initial?.disabled ?? false);
  const { busy, error, run } = useAsyncAction();

  const takesAgency = roleTakesAgency(role);
  const needsAgency = roleNeedsAgency(role, seesAll);
  // Editing someone whose current role this user may not grant: keep it selectable so the form stays truthful.
  const roleOptions = (initial && !roles.includes(initial.role) ? [initial.role, ...roles] : roles).map((r) => ({ value: r, label: t(`role.${r}`) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSubmit({ username: username.trim(), displayName: displayName.trim(), email: orNull(email), role, agencyId: takesAgency ? agencyId || null : null, disabled }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="user-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField
          label={t('user.username')}
          value={username}
          onValue={setUsername}
          required
          disabled={Boolean(initial)}
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          hint={initial ? undefined : t('user.usernameHint')}
          error={fieldError(error, 'username')}
          testId="user-username"
        />
        <TextField label={t('user.displayName')} value={displayName} onValue={setDisplayName} required maxLength={200} error={fieldError(error, 'displayName')} testId="user-display-name" />
        <TextField label={t('user.email')} type="email" inputMode="email" value={email} onValue={setEmail} error={fieldError(error, 'email')} className="span-2" />
        <SelectField label={t('user.role')} value={role} onValue={(v) => setRole(v as Role)} options={roleOptions} required hint={t(`roleHint.${role}`)} error={fieldError(error, 'role')} testId="user-role" />
        {takesAgency ? (
          <AgencySelect
            label={t('user.agency')}
            value={agencyId}
            onValue={setAgencyId}
            required={needsAgency}
            emptyLabel={needsAgency ? t('common.choose') : t('user.noAgency')}
            error={fieldError(error, 'agencyId')}
            testId="user-agency"
          />
        ) : (
          <p className="field field--note muted">{t('user.wholeTree')}</p>
        )}
        {initial && initial.id !== me.id && <CheckboxField label={t('user.disabled')} checked={disabled} onChecked={setDisabled} hint={t('user.disabledHint')} />}
      </div>
      <FormActions submitLabel={submitLabel} busy={busy} disabled={!username.trim() || !displayName.trim() || (needsAgency && !agencyId)} onCancel={onCancel} testId="user-submit" />
    </form>
  );
}
