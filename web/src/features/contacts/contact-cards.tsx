import { Link } from 'react-router-dom';
import type { ContactPoint } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { useT } from '../../i18n/use-t.ts';
import { availabilityKey, isStale, priorityKey, telHref } from './contact-labels.ts';

/** Contacts as call cards: what a duty officer needs to ring someone at 3 a.m., big and tappable. */
export function ContactCards({ contacts, showAgency }: { contacts: readonly ContactPoint[]; showAgency?: boolean }) {
  const t = useT();
  return (
    <ul className="contact-cards">
      {contacts.map((c) => (
        <li key={c.id} className="card contact-card" data-testid="contact-card">
          <div className="contact-card__head">
            <Link to={`/contacts/${c.id}`} className="contact-card__name">
              {c.name}
            </Link>
            <span className={`badge badge--${c.priority}`}>{t(priorityKey(c.priority))}</span>
            <span className="badge">{t(availabilityKey(c.availability))}</span>
          </div>
          {c.title && <p className="muted">{c.title}</p>}
          {showAgency && <p className="muted">{c.agencyName}</p>}
          <ContactChannels contact={c} />
          <p className={isStale(c) ? 'stale' : 'muted'}>
            {c.lastVerifiedAt ? t('contact.verifiedOn', { date: formatDate(c.lastVerifiedAt) }) : t('contact.neverVerified')}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ContactChannels({ contact: c }: { contact: ContactPoint }) {
  const t = useT();
  return (
    <ul className="channels">
      {c.mobile && (
        <li>
          <span className="channels__label">{t('contact.mobile')}</span> <a href={telHref(c.mobile)}>{c.mobile}</a>
        </li>
      )}
      {c.phone && (
        <li>
          <span className="channels__label">{t('contact.phone')}</span> <a href={telHref(c.phone)}>{c.phone}</a>
        </li>
      )}
      {c.email && (
        <li>
          <span className="channels__label">{t('contact.email')}</span> <a href={`mailto:${c.email}`}>{c.email}</a>
        </li>
      )}
      {Object.entries(c.messaging).map(([k, v]) => (
        <li key={k}>
          <span className="channels__label">{k}</span> {v}
        </li>
      ))}
    </ul>
  );
}
