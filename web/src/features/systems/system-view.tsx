import { Link } from 'react-router-dom';
import type { InformationSystem } from '../../api/types.ts';
import { Tags } from '../../components/badges.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, safeHref } from '../../lib/format.ts';
import { useT } from '../../i18n/use-t.ts';

function List({ items, link }: { items: readonly string[]; link?: boolean }) {
  if (items.length === 0) return <>—</>;
  return (
    <ul className="plain-list">
      {items.map((v) => {
        const href = link ? safeHref(v) : undefined;
        return (
          <li key={v}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {v}
              </a>
            ) : (
              <code>{v}</code>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function SystemView({ system: s }: { system: InformationSystem }) {
  const t = useT();
  return (
    <>
      <dl className="details" data-testid="system-view">
        <dt>{t('system.owner')}</dt>
        <dd>
          <Link to={`/agencies/${s.ownerAgencyId}`}>{s.ownerAgencyName}</Link>
        </dd>
        <dt>{t('system.operator')}</dt>
        <dd>{s.operatorAgencyId ? <Link to={`/agencies/${s.operatorAgencyId}`}>{s.operatorAgencyName}</Link> : t('system.sameAsOwner')}</dd>
        <dt>{t('system.level')}</dt>
        <dd>{t('system.levelTitle', { level: s.securityLevel })}</dd>
        <dt>{t('system.criticalLong')}</dt>
        <dd>{s.criticalNational ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('system.description')}</dt>
        <dd className="pre-line">{s.description || '—'}</dd>
        <dt>{t('system.urls')}</dt>
        <dd>
          <List items={s.urls} link />
        </dd>
        <dt>{t('system.domains')}</dt>
        <dd>
          <List items={s.domains} />
        </dd>
        <dt>{t('system.ips')}</dt>
        <dd>
          <List items={s.ipAddresses} />
        </dd>
        <dt>{t('system.hosting')}</dt>
        <dd>{s.hostingProvider || '—'}</dd>
        <dt>{t('system.tags')}</dt>
        <dd>
          <Tags tags={s.tags} />
        </dd>
        <dt>{t('common.updatedAt')}</dt>
        <dd>{formatDateTime(s.updatedAt)}</dd>
      </dl>
      <h3 className="subsection-title">{t('software.title')}</h3>
      {s.software.length === 0 ? (
        <p className="muted">{t('software.none')}</p>
      ) : (
        <table className="table table--cards table--compact" data-testid="software-table">
          <TableHead columns={[t('software.vendor'), t('software.product'), t('software.version'), t('software.cpe')]} />
          <tbody>
            {s.software.map((sw, i) => (
              <tr key={i}>
                <td data-label={t('software.vendor')}>{sw.vendor}</td>
                <td data-label={t('software.product')}>{sw.product}</td>
                <td data-label={t('software.version')}>{sw.version ?? '—'}</td>
                <td data-label={t('software.cpe')} className="cell-url">
                  {sw.cpe ? <code>{sw.cpe}</code> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
