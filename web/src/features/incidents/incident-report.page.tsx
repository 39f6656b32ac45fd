import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import type { IncidentReceipt } from '../../api/incident-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { checkDraft, IncidentReportFields, toReport, type ReportDraft } from './incident-report-form.tsx';
import './incidents.css';

/** Fields the form shows at their inputs; any other field error goes to the banner. */
const PLACED = ['agencyId', 'title', 'reporterAddress', 'reporterPhone', 'reporterEmail', 'contactName', 'contactTitle', 'contactPhone', 'contactEmail', 'operator', 'owner', 'systemIds', 'systemName', 'description', 'detectedAt', 'handled', 'detectionMethod', 'detectionDetail', 'alreadyNotified', 'alreadyNotifiedOther', 'os', 'services', 'measures', 'publicIps', 'domains', 'supportRequested'];

function emptyDraft(user: { agencyId: string | null; displayName: string; username: string; email: string | null }): ReportDraft {
  return {
    agencyId: user.agencyId ?? '',
    title: '',
    reporterAddress: '',
    reporterPhone: '',
    reporterEmail: '',
    contactName: user.displayName || '',
    contactTitle: '',
    contactPhone: '',
    contactEmail: user.email ?? '',
    operator: '',
    owner: '',
    systemIds: [],
    systemName: '',
    description: '',
    detectedAt: '',
    handled: '',
    detectionMethod: '',
    detectionDetail: '',
    alreadyNotified: [],
    alreadyNotifiedOther: '',
    os: '',
    services: '',
    measures: '',
    publicIps: '',
    domains: '',
    confidential: false,
    supportRequested: '',
  };
}

/**
 * "Báo cáo sự cố": the agency's initial report (Mẫu 03), usually sent from a phone. Mandatory
 * fields are checked before sending; the server's own checks come back at their inputs. Once
 * accepted, the receipt (number and time) replaces the form.
 */
export function IncidentReportPage() {
  const t = useT();
  const user = useUser();
  const [draft, setDraft] = useState<ReportDraft>(() => emptyDraft(user));
  const [clientErrors, setClientErrors] = useState<Record<string, 'fieldMsg.required' | 'fieldMsg.email'>>({});
  const [receipt, setReceipt] = useState<IncidentReceipt | null>(null);
  const action = useAsyncAction();

  const set = <K extends keyof ReportDraft>(key: K, value: ReportDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (clientErrors[key]) setClientErrors(({ [key]: _gone, ...rest }) => rest);
  };
  const err = (f: string): string | undefined => {
    const c = clientErrors[f];
    if (c) return t(c);
    const s = fieldError(action.error, f);
    return s ? translateServerMessage(t, s) : undefined;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = checkDraft(draft);
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      action.clearError();
      focusFirstInvalid();
      return;
    }
    void action.run(async () => {
      try {
        setReceipt(await api.post<IncidentReceipt>('/incidents', toReport(draft)));
        window.scrollTo(0, 0);
      } catch (e) {
        focusFirstInvalid();
        throw e;
      }
    });
  };

  if (receipt) {
    return (
      <section>
        <Breadcrumb trail={[{ to: '/incidents', label: t('inc.title') }]} />
        <PageHeader title={t('inc.receipt.title')} />
        <Receipt receipt={receipt} onAnother={() => { setDraft(emptyDraft(user)); setReceipt(null); }} />
      </section>
    );
  }

  const nClient = Object.keys(clientErrors).length;
  return (
    <section className="inc-report">
      <Breadcrumb trail={[{ to: '/incidents', label: t('inc.title') }]} />
      <PageHeader title={t('inc.form.title')} subtitle={t('inc.form.subtitle')} />
      <form className="form inc-form" onSubmit={submit} noValidate data-testid="incident-report-form">
        {!user.agencyId && user.role !== 'admin' && user.role !== 'coordinator' && <p className="alert alert--warning">{t('inc.form.noAgency')}</p>}
        <IncidentReportFields draft={draft} set={set} err={err} />
        {nClient > 0 && (
          <p className="alert alert--error" role="alert" data-testid="inc-form-missing">
            {t('inc.form.fixErrors', { n: nClient })}
          </p>
        )}
        <ErrorBanner error={action.error} placedFields={PLACED} />
        <div className="inc-form__submit">
          <button type="submit" className="btn btn--primary btn--block" disabled={action.busy} data-testid="inc-submit">
            {action.busy ? t('inc.form.sending') : t('inc.form.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** After React has drawn the errors: the first marked field gets focus (and scrolls into view). */
function focusFirstInvalid() {
  setTimeout(() => {
    const el = document.querySelector<HTMLElement>('.inc-form [aria-invalid="true"], .inc-form .field--invalid input');
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  }, 50);
}

function Receipt({ receipt, onAnother }: { receipt: IncidentReceipt; onAnother(): void }) {
  const t = useT();
  return (
    <div className="card inc-receipt" data-testid="incident-receipt" role="status">
      <p className="inc-receipt__icon" aria-hidden="true">
        ✓
      </p>
      <p className="inc-receipt__text" data-testid="incident-receipt-text">
        {t('inc.receipt.text', { number: receipt.number, time: formatDateTime(receipt.receiptAcknowledgedAt, true) })}
      </p>
      <p className="muted">{t('inc.receipt.mail')}</p>
      <div className="inc-receipt__actions">
        <Link to={`/incidents/${receipt.id}`} className="btn btn--primary" data-testid="incident-receipt-link">
          {t('inc.receipt.view', { number: receipt.number })}
        </Link>
        <button type="button" className="btn" onClick={onAnother}>
          {t('inc.receipt.another')}
        </button>
      </div>
    </div>
  );
}
