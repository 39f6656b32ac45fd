import { fieldError } from '../../api/api-error.ts';
import { DNS_RECORD_TYPES, type MonitorKind } from '../../api/monitor-types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';

/** The probe settings the form edits, as typed text; everything else in `settings` is kept as it was. */
export interface SettingsForm {
  expectedStatus: string;
  keyword: string;
  invertKeyword: boolean;
  userAgent: string;
  maxBodyKb: string;
  warnDays: string;
  criticalDays: string;
  dnsTypes: string[];
  resolver: string;
  tcpExpect: 'open' | 'closed';
  contentVariants: string[];
  subpages: string;
  sitemap: boolean;
  render: boolean;
}

/** How the content check asks for the page besides as a desktop browser (cloaking). */
export const CONTENT_VARIANTS = ['googlebot', 'referer', 'mobile'] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function settingsForm(settings: Record<string, unknown> = {}): SettingsForm {
  const types = Array.isArray(settings.types) ? settings.types.filter((x): x is string => typeof x === 'string') : [];
  return {
    expectedStatus: Array.isArray(settings.expectedStatus) ? settings.expectedStatus.map(str).join(', ') : '',
    keyword: str(settings.keyword),
    invertKeyword: settings.invertKeyword === true,
    userAgent: str(settings.userAgent),
    maxBodyKb: typeof settings.maxBodyBytes === 'number' ? String(Math.round(settings.maxBodyBytes / 1024)) : '',
    warnDays: str(settings.warnDays),
    criticalDays: str(settings.criticalDays),
    dnsTypes: types.length ? types : ['A', 'AAAA'],
    resolver: str(settings.resolver),
    tcpExpect: settings.expect === 'closed' ? 'closed' : 'open',
    contentVariants: Array.isArray(settings.variants) ? settings.variants.filter((x): x is string => typeof x === 'string') : [...CONTENT_VARIANTS],
    subpages: str(settings.subpages),
    sitemap: settings.sitemap !== false,
    render: settings.render === true,
  };
}

/** A number typed in a field, or the text itself so the server names the field it refuses. */
const num = (s: string): number | string => {
  const n = Number(s.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : s;
};

/**
 * The settings object to send: the stored settings with this form's fields laid over them.
 * An emptied field is removed so the probe's default applies again.
 */
export function toSettings(kind: MonitorKind, f: SettingsForm, base: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const put = (key: string, value: unknown, empty: boolean) => {
    if (empty) delete out[key];
    else out[key] = value;
  };
  switch (kind) {
    case 'http': {
      // "200, 301-302 3xx": commas or spaces between entries; a range may have spaces around its dash.
      const statuses = f.expectedStatus
        .split(/[,;]/)
        .flatMap((s) => (s.includes('-') ? [s.replace(/\s+/g, '')] : s.trim().split(/\s+/)))
        .filter(Boolean);
      put('expectedStatus', statuses, statuses.length === 0);
      put('keyword', f.keyword, f.keyword === '');
      put('invertKeyword', true, !f.invertKeyword || f.keyword === '');
      put('userAgent', f.userAgent.trim(), f.userAgent.trim() === '');
      const kb = num(f.maxBodyKb);
      put('maxBodyBytes', typeof kb === 'number' ? Math.round(kb * 1024) : kb, f.maxBodyKb.trim() === '');
      break;
    }
    case 'tls':
      put('warnDays', num(f.warnDays), f.warnDays.trim() === '');
      put('criticalDays', num(f.criticalDays), f.criticalDays.trim() === '');
      break;
    case 'dns':
      put('types', DNS_RECORD_TYPES.filter((t) => f.dnsTypes.includes(t)), false);
      put('resolver', f.resolver.trim(), f.resolver.trim() === '');
      break;
    case 'tcp':
      put('expect', f.tcpExpect, false);
      break;
    case 'content':
      put('variants', CONTENT_VARIANTS.filter((v) => f.contentVariants.includes(v)), f.contentVariants.length === CONTENT_VARIANTS.length);
      put('subpages', num(f.subpages), f.subpages.trim() === '');
      put('sitemap', false, f.sitemap);
      put('render', true, !f.render);
      break;
  }
  return out;
}

/** Server field paths this form shows next to an input. */
export const SETTINGS_FIELDS = ['settings/expectedStatus', 'settings/keyword', 'settings/invertKeyword', 'settings/userAgent', 'settings/maxBodyBytes', 'settings/warnDays', 'settings/criticalDays', 'settings/types', 'settings/resolver', 'settings/expect', 'settings/variants', 'settings/subpages', 'settings/sitemap', 'settings/render'];

interface Props {
  kind: MonitorKind;
  value: SettingsForm;
  onChange(v: SettingsForm): void;
  error: unknown;
}

/** The small per-kind part of the monitor form. */
export function MonitorSettingsFields({ kind, value: f, onChange, error }: Props) {
  const t = useT();
  const user = useUser();
  const set = <K extends keyof SettingsForm>(k: K, v: SettingsForm[K]) => onChange({ ...f, [k]: v });
  const err = (field: string) => fieldError(error, `settings/${field}`);

  return (
    <fieldset className="fieldset span-2" data-testid={`monitor-settings-${kind}`}>
      <legend>{t('monitor.settings')}</legend>
      <div className="form__grid">
        {kind === 'http' && (
          <>
            <TextField label={t('http.expectedStatus')} value={f.expectedStatus} onValue={(v) => set('expectedStatus', v)} placeholder="200-299" hint={t('http.expectedStatusHint')} spellCheck={false} error={err('expectedStatus')} testId="monitor-expected-status" />
            <TextField label={t('http.maxBody')} value={f.maxBodyKb} onValue={(v) => set('maxBodyKb', v)} inputMode="numeric" placeholder="1024" hint={t('http.maxBodyHint')} error={err('maxBodyBytes')} />
            <TextField label={t('http.keyword')} value={f.keyword} onValue={(v) => set('keyword', v)} maxLength={500} hint={t('http.keywordHint')} spellCheck={false} error={err('keyword')} testId="monitor-keyword" />
            <TextField label={t('http.userAgent')} value={f.userAgent} onValue={(v) => set('userAgent', v)} maxLength={300} hint={t('http.userAgentHint')} spellCheck={false} error={err('userAgent')} />
            {f.keyword !== '' && (
              <div className="span-2">
                <CheckboxField label={t('http.invertKeyword')} checked={f.invertKeyword} onChecked={(v) => set('invertKeyword', v)} />
              </div>
            )}
          </>
        )}
        {kind === 'tls' && (
          <>
            <TextField label={t('tls.warnDays')} value={f.warnDays} onValue={(v) => set('warnDays', v)} inputMode="numeric" placeholder="14" hint={t('tls.warnDaysHint')} error={err('warnDays')} />
            <TextField label={t('tls.criticalDays')} value={f.criticalDays} onValue={(v) => set('criticalDays', v)} inputMode="numeric" placeholder="3" hint={t('tls.criticalDaysHint')} error={err('criticalDays')} />
          </>
        )}
        {kind === 'dns' && (
          <>
            <CheckboxGroup
              className="span-2"
              label={t('dns.types')}
              hint={t('dns.typesHint')}
              options={DNS_RECORD_TYPES.map((type) => ({ value: type, label: type }))}
              values={f.dnsTypes}
              onValues={(v) => set('dnsTypes', v)}
              error={err('types') ? translateServerMessage(t, err('types')!) : f.dnsTypes.length === 0 ? t('dns.typesRequired') : undefined}
            />
            {can.setResolver(user.role) && (
              <TextField label={t('dns.resolver')} value={f.resolver} onValue={(v) => set('resolver', v)} placeholder="10.0.0.53" hint={t('dns.resolverHint')} spellCheck={false} error={err('resolver')} className="span-2" />
            )}
          </>
        )}
        {kind === 'content' && (
          <>
            <CheckboxGroup
              className="span-2"
              label={t('content.variants')}
              hint={t('content.variantsHint')}
              options={CONTENT_VARIANTS.map((v) => ({ value: v, label: t(`detection.variant.${v}` as MessageKey), testId: `content-variant-${v}` }))}
              values={f.contentVariants}
              onValues={(v) => set('contentVariants', v)}
              error={err('variants') ? translateServerMessage(t, err('variants')!) : undefined}
            />
            <TextField label={t('content.subpages')} value={f.subpages} onValue={(v) => set('subpages', v)} inputMode="numeric" placeholder="5" hint={t('content.subpagesHint')} error={err('subpages')} testId="content-subpages" />
            <div>
              <CheckboxField label={t('content.sitemap')} checked={f.sitemap} onChecked={(v) => set('sitemap', v)} hint={t('content.sitemapHint')} />
              <CheckboxField label={t('content.render')} checked={f.render} onChecked={(v) => set('render', v)} hint={t('content.renderHint')} />
            </div>
          </>
        )}
        {kind === 'tcp' && (
          <SelectField
            label={t('tcp.expect')}
            value={f.tcpExpect}
            onValue={(v) => set('tcpExpect', v === 'closed' ? 'closed' : 'open')}
            options={[
              { value: 'open', label: t('tcp.expectOpen') },
              { value: 'closed', label: t('tcp.expectClosed') },
            ]}
            hint={t('tcp.expectHint')}
            error={err('expect')}
            className="span-2"
          />
        )}
      </div>
    </fieldset>
  );
}
