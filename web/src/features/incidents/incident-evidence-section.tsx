import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { IncidentEvidence } from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { IncidentAttachments } from './incident-attachments.tsx';
import { IncidentExchange } from './incident-exchange.tsx';
import { IncidentObservables } from './incident-observables.tsx';

/**
 * "Chứng cứ": the incident's observables (with how many other incidents carry each one), its
 * attachments (always downloads), and STIX 2.1 / MISP exchange. Loaded once and after every
 * change here; `version` (the incident's last event) reloads it when the report or a comment
 * may have brought new observables.
 */
export function IncidentEvidenceSection({ id, editable, version }: { id: string; editable: boolean; version: number }) {
  const t = useT();
  const [data, setData] = useState<IncidentEvidence | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setData(await api.get<IncidentEvidence>(`/incidents/${id}/evidence`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const onChanged = (next?: IncidentEvidence) => (next ? setData({ observables: next.observables, attachments: next.attachments }) : void load());
  return (
    <div data-testid="incident-evidence" className="inc-evidence">
      <SectionTitle title={t('inc.ev2.observables')} />
      {!data ? error ? <ErrorBanner error={error} /> : <Loading /> : <IncidentObservables id={id} observables={data.observables} editable={editable} onChanged={onChanged} />}
      <SectionTitle title={t('inc.ev2.attachments')} />
      {data && <IncidentAttachments id={id} attachments={data.attachments} editable={editable} onChanged={onChanged} />}
      <SectionTitle title={t('inc.ev2.exchange')} />
      <IncidentExchange id={id} editable={editable} onChanged={onChanged} />
    </div>
  );
}
