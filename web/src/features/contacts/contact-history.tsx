import { api } from '../../api/api-client.ts';
import type { ContactHistoryEntry } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Empty, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { availabilityKey, priorityKey } from './contact-labels.ts';

// Bookkeeping fields change on every save and would drown out the real change.
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'agencyName']);

const LABELS: Record<string, MessageKey> = {
  agencyId: 'contact.agency',
  priority: 'contact.priority',
  availability: 'contact.availability',
  name: 'contact.name',
  title: 'contact.jobTitle',
  phone: 'contact.phone',
  mobile: 'contact.mobile',
  email: 'contact.email',
  messaging: 'contact.messaging',
  lastVerifiedAt: 'contact.lastVerified',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as a person would read it: translated codes, local dates, agency names. */
function display(t: TFunction, agencyName: (id: string) => string | undefined, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'priority' && typeof v === 'string') return t(priorityKey(v));
  if (field === 'availability' && typeof v === 'string') return t(availabilityKey(v));
  if (field === 'agencyId' && typeof v === 'string') return agencyName(v) ?? v;
  if (typeof v === 'string') return ISO_DATE.test(v) ? formatDateTime(v) : v;
  if (field === 'messaging' && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? entries.map(([k, x]) => `${k}: ${String(x)}`).join(', ') : '—';
  }
  return JSON.stringify(v);
}

type Change = { field: string; label: string; before: string; after: string };

function changes(t: TFunction, agencyName: (id: string) => string | undefined, before: unknown, after: unknown): Change[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !IGNORED.has(k));
  return keys
    .map((k) => ({
      field: k,
      label: LABELS[k] ? t(LABELS[k]) : k,
      before: display(t, agencyName, k, b[k]),
      after: display(t, agencyName, k, a[k]),
    }))
    .filter((c) => c.before !== c.after);
}

/** Who changed what and when, newest first: the trail behind "who gave us this number?". */
export function ContactHistory({ contactId, version }: { contactId: string; version: number }) {
  const t = useT();
  const { byId } = useAgencyTree();
  const { data, error, loading } = useAsync(
    (signal) => api.get<{ items: ContactHistoryEntry[] }>(`/contacts/${contactId}/history`, undefined, signal),
    `${contactId}:${version}`,
  );
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  const items = [...(data?.items ?? [])].sort((x, y) => y.changedAt.localeCompare(x.changedAt) || y.id - x.id);
  if (items.length === 0) return <Empty />;
  const agencyName = (id: string) => byId.get(id)?.name;
  return (
    <ol className="history" data-testid="contact-history">
      {items.map((h) => {
        const diff = changes(t, agencyName, h.before, h.after);
        return (
          <li key={h.id} className="history__entry">
            <div className="history__meta">
              <strong>{t(`history.${h.action}` as MessageKey)}</strong>
              <span>{formatDateTime(h.changedAt)}</span>
              <span>{t('history.by', { who: h.changedByLabel })}</span>
            </div>
            {diff.length > 0 && (
              <dl className="diff">
                {diff.map((d) => (
                  <div key={d.field} className="diff__row">
                    <dt>{d.label}</dt>
                    <dd>
                      {h.action !== 'create' && (
                        <>
                          <span className="diff__before">
                            <span className="visually-hidden">{t('history.before')}: </span>
                            {d.before}
                          </span>
                          <span aria-hidden="true"> → </span>
                        </>
                      )}
                      <span className="diff__after">
                        <span className="visually-hidden">{t('history.after')}: </span>
                        {d.after}
                      </span>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ol>
  );
}
