import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { CHANNEL_FIELDS, isSecret, parseHeader, type FieldSpec } from './channel-fields.ts';
import { CHANNEL_KINDS, type ChannelKind, type NotificationChannel } from './notification-types.ts';
import { SecretInput, type SecretState } from './secret-input.tsx';

interface Props {
  /** Editing this channel; creating when absent. */
  channel?: NotificationChannel;
  onSaved(): void;
  onCancel(): void;
}

const toText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v, null, 2) : String(v));

/** Create or edit a channel: the kind's own fields, secrets write-only. */
export function ChannelForm({ channel, onSaved, onCancel }: Props) {
  const t = useT();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'email');
  const [name, setName] = useState(channel?.name ?? '');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(channel?.config ?? {}).map(([k, v]) => [k, toText(v)])));
  const [secrets, setSecrets] = useState<Record<string, SecretState>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { busy, error, run } = useAsyncAction();
  const specs = CHANNEL_FIELDS[kind];
  const label = (key: string) => t(`notif.cfg.${key}` as MessageKey);
  const err = (key: string) => localErrors[key] ?? fieldError(error, `config.${key}`);
  const secretState = (key: string): SecretState => secrets[key] ?? { mode: 'keep', value: '' };

  const buildConfig = (): Record<string, unknown> | null => {
    const problems: Record<string, string> = {};
    // Keys the form does not know (set through the API) are kept as they are.
    const config: Record<string, unknown> = channel && channel.kind === kind ? { ...channel.config } : {};
    for (const f of specs) {
      if (isSecret(f)) {
        const s = secretState(f.key);
        if (s.mode === 'clear') config[f.key] = null;
        if (s.mode !== 'replace' || !s.value.trim()) continue;
        if (f.type === 'secret') config[f.key] = s.value;
        else if (f.type === 'secret-header') {
          const h = parseHeader(s.value);
          if (!h) problems[f.key] = t('notif.form.headerInvalid');
          else config[f.key] = h;
        } else {
          try {
            config[f.key] = JSON.parse(s.value);
          } catch {
            problems[f.key] = t('notif.form.jsonInvalid');
          }
        }
        continue;
      }
      const raw = (values[f.key] ?? '').trim();
      delete config[f.key];
      if (f.type === 'bool') {
        if (values[f.key] !== undefined) config[f.key] = raw === 'true';
      } else if (!raw) continue;
      else if (f.type === 'number') config[f.key] = Number(raw);
      else if (f.type === 'json') {
        try {
          config[f.key] = JSON.parse(raw);
        } catch {
          problems[f.key] = t('notif.form.jsonInvalid');
        }
      } else config[f.key] = raw;
    }
    setLocalErrors(problems);
    return Object.keys(problems).length ? null : config;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const config = buildConfig();
    if (!config) return;
    void run(async () => {
      if (channel) await api.patch(`/notification-channels/${channel.id}`, { name: name.trim(), enabled, config });
      else await api.post('/notification-channels', { name: name.trim(), kind, enabled, config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null)) });
      onSaved();
    });
  };

  const field = (f: FieldSpec) => {
    const testId = `channel-cfg-${f.key}`;
    if (isSecret(f)) {
      return (
        <SecretInput
          key={f.key}
          label={label(f.key)}
          isSet={Boolean(channel?.secretsSet.includes(f.key) && channel.kind === kind)}
          required={f.required}
          multiline={f.type === 'secret-json'}
          placeholder={f.placeholder}
          state={secretState(f.key)}
          onState={(s) => setSecrets((p) => ({ ...p, [f.key]: s }))}
          error={err(f.key)}
          testId={testId}
        />
      );
    }
    const value = values[f.key] ?? '';
    const set = (v: string) => setValues((p) => ({ ...p, [f.key]: v }));
    if (f.type === 'bool') {
      const checked = values[f.key] === undefined ? Boolean(f.defaultBool) : value === 'true';
      return <CheckboxField key={f.key} label={label(f.key)} checked={checked} onChecked={(c) => set(String(c))} testId={testId} />;
    }
    if (f.type === 'select') {
      return (
        <SelectField key={f.key} label={label(f.key)} value={value} onValue={set} required={f.required} emptyLabel={f.required ? undefined : t('notif.form.default')}
          options={(f.options ?? []).map((o) => ({ value: o, label: o }))} error={err(f.key)} testId={testId} />
      );
    }
    if (f.type === 'json') {
      return <TextAreaField key={f.key} label={label(f.key)} value={value} onValue={set} rows={4} placeholder={f.placeholder} required={f.required} error={err(f.key)} testId={testId} className="span-2" spellCheck={false} />;
    }
    return (
      <TextField key={f.key} label={label(f.key)} value={value} onValue={set} placeholder={f.placeholder} required={f.required} error={err(f.key)} testId={testId}
        inputMode={f.type === 'number' ? 'numeric' : undefined} />
    );
  };

  const placed = ['name', 'kind', ...specs.map((f) => `config.${f.key}`)];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="channel-form">
      <ErrorBanner error={error} placedFields={placed} />
      <div className="form__grid">
        <TextField label={t('notif.channel.name')} value={name} onValue={setName} required error={fieldError(error, 'name')} testId="channel-name" />
        <SelectField
          label={t('notif.channel.kind')}
          value={kind}
          onValue={(v) => {
            setKind(v as ChannelKind);
            setValues({});
            setSecrets({});
          }}
          options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`notif.kind.${k}` as MessageKey) }))}
          disabled={Boolean(channel)}
          required
          testId="channel-kind"
        />
        {specs.map(field)}
        <CheckboxField label={t('notif.channel.enabled')} checked={enabled} onChecked={setEnabled} testId="channel-enabled" />
      </div>
      <FormActions submitLabel={channel ? t('common.save') : t('common.create')} busy={busy} disabled={!name.trim()} onCancel={onCancel} testId="channel-submit" />
    </form>
  );
}
