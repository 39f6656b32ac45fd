import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { MONITOR_KINDS, type Monitor, type MonitorCreate, type MonitorKind, type MonitorUpdate } from '../../api/monitor-types.ts';
import type { InformationSystem, Page } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { isKind, kindKey } from './monitor-labels.ts';
import { MonitorSettingsFields, settingsForm, SETTINGS_FIELDS, toSettings } from './monitor-settings-fields.tsx';

interface Props {
  /** Editing an existing monitor: its system and kind are fixed. */
  initial?: Monitor;
  defaultSystemId?: string;
  defaultAgencyId?: string;
  submitLabel: string;
  onSubmit(input: MonitorCreate | MonitorUpdate): Promise<void>;
  onCancel(): void;
}

const FIELDS = ['systemId', 'kind', 'name', 'target', 'intervalSeconds', 'timeoutMs', 'failureThreshold', ...SETTINGS_FIELDS];
const SYSTEM_LIMIT = 500;

/** What the registry already knows about a system, offered as targets for each kind of check. */
function suggestions(kind: MonitorKind, s: InformationSystem | undefined): string[] {
  if (!s) return [];
  const hosts = s.urls.flatMap((u) => {
    try {
      return [new URL(u)];
    } catch {
      return [];
    }
  });
  const unique = (xs: string[]) => [...new Set(xs)];
  switch (kind) {
    case 'http':
    case 'content':
      return unique(s.urls);
    case 'tls':
      return unique(hosts.filter((u) => u.protocol === 'https:').map((u) => `${u.hostname}:${u.port || 443}`));
    case 'dns':
      return unique([...s.domains, ...hosts.map((u) => u.hostname)]);
    case 'tcp':
      return unique([...hosts.map((u) => `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`), ...s.ipAddresses.map((ip) => (ip.includes(':') ? `[${ip}]:443` : `${ip}:443`))]);
  }
}

/** Empty means "the default"; anything unreadable goes as null so the server names the field. */
const num = (s: string): number | null | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
};

export function MonitorForm({ initial, defaultSystemId, defaultAgencyId, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const listId = useId();
  const [agencyId, setAgencyId] = useState(defaultAgencyId ?? '');
  const [systemId, setSystemId] = useState(initial?.systemId ?? defaultSystemId ?? '');
  const [kind, setKind] = useState<MonitorKind>(initial && isKind(initial.kind) ? initial.kind : 'http');
  const [name, setName] = useState(initial?.name ?? '');
  const [target, setTarget] = useState(initial?.target ?? '');
  const [autoTarget, setAutoTarget] = useState(!initial);
  const [interval, setIntervalText] = useState(String(initial?.intervalSeconds ?? 60));
  const [timeout, setTimeoutText] = useState(String((initial?.timeoutMs ?? 10_000) / 1000));
  const [threshold, setThreshold] = useState(String(initial?.failureThreshold ?? 2));
  const [settings, setSettings] = useState(() => settingsForm(initial?.settings));
  const { busy, error, run } = useAsyncAction();

  const systems = useAsync(
    (signal) =>
      initial
        ? Promise.resolve(undefined)
        : api.get<Page<InformationSystem>>('/systems', { agencyId, includeSubAgencies: agencyId ? true : undefined, sort: 'name', order: 'asc', page: 1, pageSize: SYSTEM_LIMIT }, signal),
    `systems:${agencyId}`,
  );
  const system = systems.data?.items.find((s) => s.id === systemId);
  const offered = suggestions(kind, system);

  // While the target was not typed by hand, follow the chosen system and kind.
  const pick = (nextSystemId: string, nextKind: MonitorKind) => {
    if (!autoTarget) return;
    const s = systems.data?.items.find((x) => x.id === nextSystemId);
    setTarget(suggestions(nextKind, s)[0] ?? '');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      target: target.trim(),
      intervalSeconds: num(interval),
      timeoutMs: ((v) => (typeof v === 'number' ? Math.round(v * 1000) : v))(num(timeout)),
      failureThreshold: num(threshold),
      settings: toSettings(kind, settings, initial?.settings),
    };
    const named = name.trim() ? { name: name.trim() } : {};
    // Unreadable numbers travel as null (see num), which the types do not admit: the server refuses them by field.
    void run(() => onSubmit((initial ? { ...common, ...named } : { systemId, kind, ...common, ...named }) as MonitorCreate | MonitorUpdate));
  };

  const kindOptions = MONITOR_KINDS.map((k) => ({ value: k, label: t(kindKey(k)!) }));
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="monitor-form">
      <ErrorBanner error={error ?? systems.error} placedFields={FIELDS} />
      <div className="form__grid">
        {initial ? (
          <dl className="details span-2">
            <dt>{t('monitor.system')}</dt>
            <dd>
              {initial.systemName} <span className="muted">· {initial.agencyName}</span>
            </dd>
            <dt>{t('monitor.kind')}</dt>
            <dd>{kindKey(initial.kind) ? t(kindKey(initial.kind)!) : initial.kind}</dd>
          </dl>
        ) : (
          <>
            <AgencySelect label={t('monitor.systemAgencyFilter')} value={agencyId} onValue={setAgencyId} emptyLabel={t('common.all')} />
            <SelectField
              label={t('monitor.system')}
              value={systemId}
              onValue={(v) => {
                setSystemId(v);
                pick(v, kind);
              }}
              options={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              emptyLabel={systems.loading && !systems.data ? t('common.loading') : t('common.choose')}
              required
              hint={systems.data && systems.data.total > SYSTEM_LIMIT ? t('common.showingFirst', { n: SYSTEM_LIMIT, total: systems.data.total }) : undefined}
              error={fieldError(error, 'systemId')}
              testId="monitor-system"
            />
            <SelectField
              label={t('monitor.kind')}
              value={kind}
              onValue={(v) => {
                const k = isKind(v) ? v : 'http';
                // A content check fetches several pages: it runs less often, with more time (the server's own defaults).
                if (k === 'content' && interval === '60' && timeout === '10') {
                  setIntervalText('600');
                  setTimeoutText('30');
                } else if (k !== 'content' && interval === '600' && timeout === '30') {
                  setIntervalText('60');
                  setTimeoutText('10');
                }
                setKind(k);
                pick(systemId, k);
              }}
              options={kindOptions}
              required
              hint={t(`monitor.kindHint.${kind}` as MessageKey)}
              error={fieldError(error, 'kind')}
              testId="monitor-kind"
            />
          </>
        )}
        <TextField
          label={t('monitor.target')}
          value={target}
          onValue={(v) => {
            setTarget(v);
            setAutoTarget(v === '');
          }}
          required
          maxLength={2000}
          spellCheck={false}
          autoCapitalize="none"
          list={offered.length ? listId : undefined}
          placeholder={t(`monitor.targetPlaceholder.${kind}` as MessageKey)}
          hint={offered.length ? t('monitor.targetFromRegistry') : t(`monitor.targetHint.${kind}` as MessageKey)}
          error={fieldError(error, 'target')}
          className={initial ? 'span-2' : undefined}
          testId="monitor-target"
        />
        {offered.length > 0 && (
          <datalist id={listId}>
            {offered.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        )}
        <TextField label={t('monitor.name')} value={name} onValue={setName} maxLength={200} hint={initial ? undefined : t('monitor.nameHint')} error={fieldError(error, 'name')} className="span-2" testId="monitor-name" />
        <TextField label={t('monitor.interval')} value={interval} onValue={setIntervalText} inputMode="numeric" hint={t('monitor.intervalHint')} error={fieldError(error, 'intervalSeconds')} testId="monitor-interval" />
        <TextField label={t('monitor.timeout')} value={timeout} onValue={setTimeoutText} inputMode="decimal" hint={t('monitor.timeoutHint')} error={fieldError(error, 'timeoutMs')} testId="monitor-timeout" />
        <TextField label={t('monitor.threshold')} value={threshold} onValue={setThreshold} inputMode="numeric" hint={t('monitor.thresholdHint')} error={fieldError(error, 'failureThreshold')} testId="monitor-threshold" />
        <MonitorSettingsFields kind={kind} value={settings} onChange={setSettings} error={error} />
      </div>
      <FormActions
        submitLabel={submitLabel}
        busy={busy}
        disabled={!target.trim() || (!initial && !systemId) || (kind === 'dns' && settings.dnsTypes.length === 0)}
        onCancel={onCancel}
        testId="monitor-submit"
      />
    </form>
  );
}
