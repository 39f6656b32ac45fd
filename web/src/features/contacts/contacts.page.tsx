import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { CONTACT_AVAILABILITIES, CONTACT_PRIORITIES, type ContactInput, type ContactPoint, type Page } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ExportLink } from '../../components/export-link.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { availabilityKey, isStale, priorityKey, telHref } from './contact-labels.ts';
import { ContactForm } from './contact-form.tsx';

const PAGE_SIZE = 50;
const KEYS = ['q', 'agencyId', 'priority', 'availability', 'sort'] as const;

export function ContactsPage() {
  const t = useT();
  const user = useUser();
  const { values, page, set } = useSearchState(KEYS);
  const [creating, setCreating] = useState(false);
  const verifying = useAsyncAction();
  const query = { ...values, sort: values.sort || 'name', page, pageSize: PAGE_SIZE };
  const { data, error, loading, reload } = useAsync((signal) => api.get<Page<ContactPoint>>('/contacts', query, signal), JSON.stringify(query));
  const editable = can.editRegistry(user.role);

  const create = async (input: ContactInput) => {
    await api.post<ContactPoint>('/contacts', input);
    setCreating(false);
    reload();
  };
  const verify = (c: ContactPoint) =>
    verifying.run(async () => {
      await api.post(`/contacts/${c.id}/verify`);
      reload();
    });

  return (
    <section>
      <PageHeader
        title={t('contact.title')}
        subtitle={t('contact.subtitle')}
        actions={
          <>
            <ExportLink path="/export/contacts" />
            {editable && (
              <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="contact-create">
                + {t('contact.create')}
              </button>
            )}
          </>
        }
      />
      <div className="filters">
        <SearchBox value={values.q} onSearch={(q) => set({ q })} label={t('common.search')} placeholder={t('contact.searchPlaceholder')} />
        <AgencySelect label={t('contact.agency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} />
        <FilterSelect
          label={t('contact.priority')}
          value={values.priority}
          onValue={(priority) => set({ priority })}
          options={CONTACT_PRIORITIES.map((p) => ({ value: p, label: t(priorityKey(p)) }))}
        />
        <FilterSelect
          label={t('contact.availability')}
          value={values.availability}
          onValue={(availability) => set({ availability })}
          options={CONTACT_AVAILABILITIES.map((a) => ({ value: a, label: t(availabilityKey(a)) }))}
        />
        <SelectField
          label={t('common.sortBy')}
          value={values.sort || 'name'}
          onValue={(sort) => set({ sort })}
          options={[
            { value: 'name', label: t('contact.name') },
            { value: 'agency', label: t('contact.agency') },
            { value: 'lastVerifiedAt', label: t('contact.lastVerified') },
            { value: 'updatedAt', label: t('common.updatedAt') },
          ]}
        />
      </div>
      <ListCard
        data={data}
        loading={loading}
        error={error ?? verifying.error}
        empty={t('contact.none')}
        testId="contacts-table"
        columns={[t('contact.name'), t('contact.agency'), t('contact.role'), t('contact.reach'), t('contact.lastVerified')]}
        actions={editable}
        row={(c) => (
          <tr key={c.id} data-testid="contact-row">
            <td data-label={t('contact.name')} className="cell-title">
              <Link to={`/contacts/${c.id}`}>{c.name}</Link>
              {c.title && <div className="muted small">{c.title}</div>}
            </td>
            <td data-label={t('contact.agency')}>
              <Link to={`/agencies/${c.agencyId}`}>{c.agencyName}</Link>
            </td>
            <td data-label={t('contact.role')}>
              <span className={`badge badge--${c.priority}`}>{t(priorityKey(c.priority))}</span>{' '}
              <span className="badge">{t(availabilityKey(c.availability))}</span>
            </td>
            <td data-label={t('contact.reach')}>
              {c.mobile && <div><a href={telHref(c.mobile)}>{c.mobile}</a></div>}
              {c.phone && <div><a href={telHref(c.phone)}>{c.phone}</a></div>}
              {c.email && <div><a href={`mailto:${c.email}`}>{c.email}</a></div>}
            </td>
            <td data-label={t('contact.lastVerified')} className={isStale(c) ? 'stale' : undefined}>
              {c.lastVerifiedAt ? formatDate(c.lastVerifiedAt) : t('contact.never')}
            </td>
            {editable && (
              <td className="cell-actions">
                <button type="button" className="btn btn--small" onClick={() => void verify(c)} data-testid="contact-verify">
                  ✓ {t('contact.markVerified')}
                </button>
              </td>
            )}
          </tr>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
      />
      {creating && (
        <Dialog title={t('contact.create')} onClose={() => setCreating(false)} wide>
          <ContactForm defaultAgencyId={values.agencyId || user.agencyId || ''} submitLabel={t('common.create')} onSubmit={create} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
    </section>
  );
}
