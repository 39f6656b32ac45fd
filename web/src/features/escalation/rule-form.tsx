import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/api-error.ts';
import { ALERT_SEVERITIES, ALERT_SOURCES, GROUP_BY, type AlertSeverity, type AlertSource, type EscalationPolicy, type GroupBy, type RoutingRule, type RuleInput } from '../../api/alert-types.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AgencyMultiField } from './agency-multi-field.tsx';

const FIELDS = ['name', 'enabled', 'match', 'policyId', 'groupBy', 'groupWindowSeconds'];

interface Props {
  rule?: RoutingRule;
  policies: readonly EscalationPolicy[];
  onSubmit(input: RuleInput): Promise<void>;
  onCancel(): void;
}

/** A routing rule: which alerts (agencies, severities, kinds, sources), which policy, how they are grouped. */
export function RuleForm({ rule, policies, onSubmit, onCancel }: Props) {
  const t = useT();
  const m = rule?.match ?? {};
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [agencyIds, setAgencyIds] = useState<string[]>(m.agencyIds ?? []);
  const [includeSub, setIncludeSub] = useState(m.includeSubAgencies ?? true);
  const [severities, setSeverities] = useState<string[]>(m.severities ?? []);
  const [kinds, setKinds] = useState((m.kinds ?? []).join(', '));
  const [sources, setSources] = useState<string[]>(m.sources ?? []);
  const [policyId, setPolicyId] = useState(rule ? (rule.policyId ?? '') : (policies[0]?.id ?? ''));
  const [groupBy, setGroupBy] = useState<GroupBy>(rule?.groupBy ?? 'hosting');
  const [windowMin, setWindowMin] = useState(String(Math.round((rule?.groupWindowSeconds ?? 600) / 60)));
  const { busy, error, run } = useAsyncAction();
  const err = (f: string) => fieldError(error, f);
  const windowOk = /^\d+$/.test(windowMin.trim()) && Number(windowMin) <= 1440;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const kindList = kinds.split(/[,;\s]+/).map((k) => k.trim()).filter(Boolean);
    const input: RuleInput = {
      name: name.trim(),
      enabled,
      match: {
        ...(agencyIds.length && { agencyIds, includeSubAgencies: includeSub }),
        ...(severities.length && { severities: severities as AlertSeverity[] }),
        ...(kindList.length && { kinds: kindList }),
        ...(sources.length && { sources: sources as AlertSource[] }),
      },
      policyId: policyId || null,
      groupBy,
      groupWindowSeconds: Number(windowMin) * 60,
    };
    void run(() => onSubmit(input));
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="rule-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('esc.rule.name')} value={name} onValue={setName} required maxLength={200} placeholder={t('esc.rule.namePlaceholder')} error={err('name')} className="span-2" testId="rule-name" />
        <CheckboxField label={t('esc.rule.enabled')} checked={enabled} onChecked={setEnabled} testId="rule-enabled" />

        <h3 className="subsection-title span-2">{t('esc.rule.match')}</h3>
        <p className="muted small span-2">{t('esc.rule.matchHint')}</p>
        <AgencyMultiField label={t('esc.match.agencies')} values={agencyIds} onValues={setAgencyIds} emptyText={t('esc.rule.allAgencies')} error={err('match/agencyIds')} testId="rule-agencies" />
        {agencyIds.length > 0 && <CheckboxField label={t('esc.rule.includeSub')} checked={includeSub} onChecked={setIncludeSub} testId="rule-include-sub" />}
        <CheckboxGroup
          label={t('esc.match.severities')}
          hint={t('esc.rule.severitiesHint')}
          options={ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`alert.severity.${s}` as MessageKey), testId: `rule-severity-${s}` }))}
          values={severities}
          onValues={setSeverities}
          error={err('match/severities')}
          className="span-2"
        />
        <TextField label={t('esc.match.kinds')} value={kinds} onValue={setKinds} placeholder="monitor., content.defacement" hint={t('esc.rule.kindsHint')} error={err('match/kinds')} testId="rule-kinds" spellCheck={false} className="span-2" />
        <CheckboxGroup
          label={t('esc.match.sources')}
          options={ALERT_SOURCES.map((s) => ({ value: s, label: t(`alert.source.${s}` as MessageKey), testId: `rule-source-${s}` }))}
          values={sources}
          onValues={setSources}
          error={err('match/sources')}
          className="span-2"
        />

        <h3 className="subsection-title span-2">{t('esc.rule.then')}</h3>
        <SelectField
          label={t('esc.rule.policy')}
          value={policyId}
          onValue={setPolicyId}
          options={policies.map((p) => ({ value: p.id, label: p.name }))}
          emptyLabel={t('esc.rule.noPolicy')}
          error={err('policyId')}
          testId="rule-policy"
        />
        <SelectField
          label={t('esc.rule.groupBy')}
          value={groupBy}
          onValue={(v) => setGroupBy(v as GroupBy)}
          options={GROUP_BY.map((g) => ({ value: g, label: t(`esc.groupBy.${g}` as MessageKey) }))}
          hint={t('esc.rule.groupByHint')}
          error={err('groupBy')}
          testId="rule-group-by"
        />
        {groupBy !== 'none' && (
          <TextField
            label={t('esc.rule.window')}
            value={windowMin}
            onValue={setWindowMin}
            inputMode="numeric"
            maxLength={4}
            hint={t('esc.rule.windowHint')}
            error={!windowOk ? t('esc.err.window') : err('groupWindowSeconds')}
            testId="rule-window"
          />
        )}
      </div>
      <FormActions submitLabel={rule ? t('common.save') : t('common.create')} busy={busy} disabled={!name.trim() || !windowOk} onCancel={onCancel} testId="rule-submit" />
    </form>
  );
}
