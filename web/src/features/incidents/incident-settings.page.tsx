import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { Jurisdiction, Playbook } from '../../api/incident-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { DocumentSettingsForm, type DocumentSettings } from './document-settings-form.tsx';
import { JurisdictionEditor } from './jurisdiction-editor.tsx';
import { PlaybookEditor } from './playbook-editor.tsx';
import './incidents.css';

const TABS = ['playbooks', 'deadlines', 'documents'] as const;
type Tab = (typeof TABS)[number];

/** Loads one settings resource; `reload` after a change. */
function useResource<T>(path: string, pick: (body: never) => T) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setData(pick((await api.get(path)) as never));
      setError(null);
    } catch (e) {
      setError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, setData, error, reload };
}

/**
 * "Cấu hình sự cố": the rules that are data. Playbooks per incident type, deadline rules per
 * jurisdiction, and the texts of the official documents. Administrators change them;
 * coordinators see them read-only (the server refuses their changes anyway).
 */
export function IncidentSettingsPage() {
  const t = useT();
  const user = useUser();
  const admin = user.role === 'admin';
  const { values, set } = useSearchState(['tab'] as const);
  const tab: Tab = (TABS as readonly string[]).includes(values.tab) ? (values.tab as Tab) : 'playbooks';
  const playbooks = useResource('/playbooks', (b: { items: Playbook[] }) => b.items);
  const jurisdictions = useResource('/jurisdictions', (b: { items: Jurisdiction[] }) => b.items);
  const documents = useResource('/settings/documents', (b: { settings: DocumentSettings }) => b.settings);
  const body = () => {
    if (tab === 'playbooks') {
      if (!playbooks.data) return playbooks.error ? <ErrorBanner error={playbooks.error} /> : <Loading />;
      return <PlaybookEditor playbooks={playbooks.data} editable={admin} onSaved={(p) => playbooks.setData((xs) => (xs ?? []).map((x) => (x.type === p.type ? p : x)))} />;
    }
    if (tab === 'deadlines') {
      if (!jurisdictions.data) return jurisdictions.error ? <ErrorBanner error={jurisdictions.error} /> : <Loading />;
      return <JurisdictionEditor items={jurisdictions.data} editable={admin} onChanged={() => void jurisdictions.reload()} />;
    }
    if (!documents.data) return documents.error ? <ErrorBanner error={documents.error} /> : <Loading />;
    return <DocumentSettingsForm settings={documents.data} editable={admin} onSaved={(s) => documents.setData(s)} />;
  };
  return (
    <section data-testid="incident-settings">
      <Breadcrumb trail={[{ to: '/incidents', label: t('inc.title') }]} />
      <PageHeader title={t('inc.set.title')} subtitle={admin ? t('inc.set.subtitle') : t('inc.set.readOnly')} />
      <div className="segmented inc-tabs" role="tablist" aria-label={t('inc.set.title')}>
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'is-active' : ''} onClick={() => set({ tab: x === 'playbooks' ? '' : x })} data-testid={`incident-settings-tab-${x}`}>
            {t(`inc.set.tab.${x}`)}
          </button>
        ))}
      </div>
      {body()}
    </section>
  );
}
