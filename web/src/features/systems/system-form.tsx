import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../../api/api-error.ts';
import { SECURITY_LEVELS, type InformationSystem, type Software, type SystemInput } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { linesToList, listToLines, orNull } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { SoftwareEditor } from './software-editor.tsx';

interface Props {
  initial?: InformationSystem;
  defaultOwnerId?: string;
  submitLabel: string;
  onSubmit(input: SystemInput): Promise<void>;
  onCancel(): void;
}

const FIELDS = ['name', 'description', 'ownerAgencyId', 'operatorAgencyId', 'securityLevel', 'criticalNational', 'internal', 'urls', 'domains', 'ipAddresses', 'hostingProvider', 'tags', 'software'];

/** The error for a one-per-line list, naming the offending line's value rather than its index. */
function listError(err: unknown, field: string, lines: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const entry = Object.entries(err.fields).find(([k]) => k === field || k.startsWith(`${field}/`));
  if (!entry) return undefined;
  const index = Number(entry[0].split('/')[1]);
  const value = Number.isInteger(index) ? linesToList(lines)[index] : undefined;
  return value === undefined ? entry[1] : `"${value}": ${entry[1]}`;
}

function softwareErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.fields)) {
    if (k === 'software') out[''] = v;
    else if (k.startsWith('software/')) out[k.slice('software/'.length)] = v;
  }
  return out;
}

export function SystemForm({ initial, defaultOwnerId, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const user = useUser();
  const mayMarkInternal = can.markInternal(user.role);
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [ownerAgencyId, setOwner] = useState(initial?.ownerAgencyId ?? defaultOwnerId ?? '');
  const [operatorAgencyId, setOperator] = useState(initial?.operatorAgencyId ?? '');
  const [securityLevel, setLevel] = useState(String(initial?.securityLevel ?? 2));
  const [criticalNational, setCritical] = useState(initial?.criticalNational ?? false);
  const [urls, setUrls] = useState(listToLines(initial?.urls ?? []));
  const [domains, setDomains] = useState(listToLines(initial?.domains ?? []));
  const [ips, setIps] = useState(listToLines(initial?.ipAddresses ?? []));
  const [hosting, setHosting] = useState(initial?.hostingProvider ?? '');
  const [tags, setTags] = useState((initial?.tags ?? []).join(', '));
  const [software, setSoftware] = useState<Software[]>(initial?.software ?? []);
  const [internal, setInternal] = useState(initial?.internal ?? false);
  const { busy, error, run } = useAsyncAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      onSubmit({
        name: name.trim(),
        description: orNull(description),
        ownerAgencyId,
        operatorAgencyId: operatorAgencyId || null,
        securityLevel: Number(securityLevel),
        criticalNational,
        urls: linesToList(urls),
        domains: linesToList(domains).map((d) => d.toLowerCase()),
        ipAddresses: linesToList(ips),
        hostingProvider: orNull(hosting),
        // Tags may be typed comma- or line-separated; the server forbids commas inside a tag anyway.
        tags: linesToList(tags.replace(/[,;]/g, '\n')),
        software: software
          .filter((s) => s.vendor.trim() || s.product.trim())
          .map((s) => ({ vendor: s.vendor.trim(), product: s.product.trim(), version: s.version?.trim() || null, cpe: s.cpe?.trim() || null })),
        // Only administrators may send it; for anyone else the server keeps the stored value.
        ...(mayMarkInternal ? { internal } : {}),
      }),
    );
  };

  const lines = t('system.onePerLine');
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="system-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('system.name')} value={name} onValue={setName} required maxLength={300} error={fieldError(error, 'name')} className="span-2" testId="system-name" />
        <AgencySelect label={t('system.owner')} value={ownerAgencyId} onValue={setOwner} required emptyLabel={t('common.choose')} error={fieldError(error, 'ownerAgencyId')} testId="system-owner" />
        <AgencySelect label={t('system.operator')} value={operatorAgencyId} onValue={setOperator} emptyLabel={t('system.sameAsOwner')} error={fieldError(error, 'operatorAgencyId')} />
        <SelectField
          label={t('system.level')}
          value={securityLevel}
          onValue={setLevel}
          required
          options={SECURITY_LEVELS.map((l) => ({ value: String(l), label: t('system.levelTitle', { level: l }) }))}
          hint={t('system.levelHint')}
          error={fieldError(error, 'securityLevel')}
          testId="system-level"
        />
        <div className="field-stack">
          <CheckboxField label={t('system.criticalLong')} checked={criticalNational} onChecked={setCritical} testId="system-critical" />
          {mayMarkInternal && <CheckboxField label={t('system.internalLong')} checked={internal} onChecked={setInternal} hint={t('system.internalHint')} testId="system-internal" />}
        </div>
        <TextAreaField label={t('system.description')} value={description} onValue={setDescription} rows={3} error={fieldError(error, 'description')} className="span-2" />
        <TextAreaField label={t('system.urls')} value={urls} onValue={setUrls} rows={3} hint={lines} placeholder="https://dichvucong.example.gov.vn" spellCheck={false} error={listError(error, 'urls', urls)} testId="system-urls" />
        <TextAreaField label={t('system.domains')} value={domains} onValue={setDomains} rows={3} hint={lines} placeholder="example.gov.vn" spellCheck={false} error={listError(error, 'domains', domains)} />
        <TextAreaField label={t('system.ips')} value={ips} onValue={setIps} rows={3} hint={lines} placeholder="203.0.113.10" spellCheck={false} error={listError(error, 'ipAddresses', ips)} />
        <div className="field-stack">
          <TextField label={t('system.hosting')} value={hosting} onValue={setHosting} maxLength={300} error={fieldError(error, 'hostingProvider')} />
          <TextField label={t('system.tags')} value={tags} onValue={setTags} hint={t('system.tagsHint')} spellCheck={false} error={listError(error, 'tags', tags.replace(/[,;]/g, '\n'))} />
        </div>
        <SoftwareEditor rows={software} onChange={setSoftware} errors={softwareErrors(error)} />
      </div>
      <FormActions submitLabel={submitLabel} busy={busy} disabled={!name.trim() || !ownerAgencyId} onCancel={onCancel} testId="system-submit" />
    </form>
  );
}
