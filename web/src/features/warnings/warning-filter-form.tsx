import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { SEVERITIES, type Severity } from '../vulns/vuln-types.ts';
import type { FilterDraft } from './warning-filter.ts';

const SOURCES = ['kev', 'nvd', 'msrc', 'csaf'] as const;

interface Props {
  value: FilterDraft;
  onChange(next: FilterDraft): void;
  /** The last preview or save error: filter fields answer as "filter/…". */
  error: unknown;
}

/**
 * The scope of a warning: which advisories of the catalogue it is about. Vendors come from the
 * catalogue itself (the spelling the feeds use), added one at a time and shown as removable chips.
 */
export function WarningFilterForm({ value, onChange, error }: Props) {
  const t = useT();
  const vendors = useAsync((signal) => api.get<{ items: { vendor: string; count: number }[] }>('/advisory-vendors', undefined, signal), 'vendors');
  const set = <K extends keyof FilterDraft>(k: K, v: FilterDraft[K]) => onChange({ ...value, [k]: v });
  const err = (f: string) => fieldError(error, `filter/${f}`);
  const available = (vendors.data?.items ?? []).filter((v) => !value.vendors.includes(v.vendor));
  return (
    <div className="warn-filter" data-testid="warning-filter">
      <div className="warn-filter__vendors">
        <SelectField
          label={t('warn.compose.vendors')}
          value=""
          onValue={(v) => v && set('vendors', [...value.vendors, v])}
          emptyLabel={value.vendors.length ? t('warn.compose.addVendor') : t('warn.compose.anyVendor')}
          options={available.map((v) => ({ value: v.vendor, label: `${v.vendor} (${v.count})` }))}
          error={err('vendors')}
          testId="warning-filter-vendor"
        />
        {value.vendors.length > 0 && (
          <ul className="warn-chips" data-testid="warning-filter-vendors">
            {value.vendors.map((v) => (
              <li key={v} className="warn-chip">
                <span className="break">{v}</span>
                <button type="button" className="warn-chip__remove" aria-label={t('warn.compose.removeVendor', { vendor: v })} onClick={() => set('vendors', value.vendors.filter((x) => x !== v))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <CheckboxGroup
        className="warn-filter__wide"
        label={t('warn.compose.severities')}
        options={SEVERITIES.filter((s) => s !== 'none').map((s) => ({ value: s, label: t(`vuln.sev.${s}`), testId: `warning-filter-severity-${s}` }))}
        values={value.severities}
        onValues={(v) => set('severities', v as Severity[])}
        error={err('severities')}
      />
      <CheckboxGroup
        className="warn-filter__wide"
        label={t('vuln.filter.source')}
        options={SOURCES.map((s) => ({ value: s, label: t(`vuln.source.${s}`), testId: `warning-filter-source-${s}` }))}
        values={value.sources}
        onValues={(v) => set('sources', SOURCES.filter((s) => v.includes(s)))}
        error={err('sources')}
      />
      <TextField label={t('warn.compose.monthFrom')} type="month" value={value.monthFrom} onValue={(v) => set('monthFrom', v)} placeholder="YYYY-MM" hint={t('warn.compose.monthHint')} error={err('monthFrom')} testId="warning-filter-month-from" />
      <TextField label={t('warn.compose.monthTo')} type="month" value={value.monthTo} onValue={(v) => set('monthTo', v)} placeholder="YYYY-MM" error={err('monthTo')} testId="warning-filter-month-to" />
      <TextField label={t('warn.compose.minCvss')} type="number" min={0} max={10} step={0.1} inputMode="decimal" value={value.minCvss} onValue={(v) => set('minCvss', v)} error={err('minCvss')} testId="warning-filter-min-cvss" />
      <TextField label={t('warn.compose.q')} value={value.q} onValue={(v) => set('q', v)} error={err('q')} testId="warning-filter-q" />
      <TextAreaField className="warn-filter__wide" label={t('warn.compose.cves')} rows={2} value={value.cves} onValue={(v) => set('cves', v)} placeholder="CVE-2023-32046" error={err('cves')} testId="warning-filter-cves" spellCheck={false} />
      <div className="warn-filter__wide">
        <CheckboxField label={t('warn.compose.exploited')} checked={value.exploited} onChecked={(v) => set('exploited', v)} testId="warning-filter-exploited" />
        <CheckboxField label={t('warn.compose.possibly')} checked={value.includePossiblyAffected} onChecked={(v) => set('includePossiblyAffected', v)} testId="warning-filter-possibly" />
      </div>
    </div>
  );
}
