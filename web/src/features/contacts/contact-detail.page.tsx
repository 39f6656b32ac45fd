import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { ContactInput, ContactPoint } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { ContactChannels } from './contact-cards.tsx';
import { ContactForm } from './contact-form.tsx';
import { ContactHistory } from './contact-history.tsx';
import { availabilityKey, isStale, priorityKey } from './contact-labels.ts';

export function ContactDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { data: contact, error, loading, reload } = useAsync((signal) => api.get<ContactPoint>(`/contacts/${id}`, undefined, signal), id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [version, setVersion] = useState(0);
  const verifying = useAsyncAction();

  if (loading && !contact) return <Loading />;
  if (error || !contact) return <ErrorBanner error={error} />;
  const editable = can.editRegistry(user.role);

  const changed = () => {
    reload();
    setVersion((v) => v + 1);
  };
  const save = async (input: ContactInput) => {
    await api.patch(`/contacts/${contact.id}`, input);
    setEditing(false);
    changed();
  };
  const verify = () =>
    verifying.run(async () => {
      await api.post(`/contacts/${contact.id}/verify`);
      changed();
    });
  const remove = async () => {
    await api.del(`/contacts/${contact.id}`);
    navigate('/contacts');
  };

  return (
    <section data-testid="contact-detail">
      <Breadcrumb
        trail={[
          { to: '/contacts', label: t('contact.title') },
          { to: `/agencies/${contact.agencyId}`, label: contact.agencyName },
        ]}
      />
      <PageHeader
        title={contact.name}
        subtitle={
          <>
            <span className={`badge badge--${contact.priority}`}>{t(priorityKey(contact.priority))}</span>{' '}
            <span className="badge">{t(availabilityKey(contact.availability))}</span> {contact.title}
          </>
        }
        actions={
          editable && (
            <>
              <button type="button" className="btn btn--primary" onClick={() => void verify()} data-testid="contact-verify">
                ✓ {t('contact.markVerified')}
              </button>
              <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="contact-edit">
                {t('common.edit')}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)}>
                {t('common.delete')}
              </button>
            </>
          )
        }
      />
      <ErrorBanner error={verifying.error} />
      <div className="card">
        {editing ? (
          <ContactForm initial={contact} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(false)} />
        ) : (
          <>
            <ContactChannels contact={contact} />
            <p className={isStale(contact) ? 'stale' : 'muted'} data-testid="contact-verified">
              {contact.lastVerifiedAt ? t('contact.verifiedAt', { date: formatDateTime(contact.lastVerifiedAt) }) : t('contact.neverVerified')}
            </p>
          </>
        )}
      </div>
      <SectionTitle title={t('contact.history')} />
      <div className="card">
        <ContactHistory contactId={contact.id} version={version} />
      </div>
      {deleting && (
        <ConfirmDialog
          title={t('contact.deleteTitle')}
          message={t('contact.deleteConfirm', { name: contact.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}
