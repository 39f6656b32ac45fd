import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { FromRegistryResult } from '../../api/monitor-types.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { Stat } from '../import/stat.tsx';

interface Props {
  defaultAgencyId: string;
  onDone(): void;
  onClose(): void;
}

/** "Create monitors for every URL in the registry": asks first, then shows what it did. */
export function FromRegistryDialog({ defaultAgencyId, onDone, onClose }: Props) {
  const t = useT();
  const [agencyId, setAgencyId] = useState(defaultAgencyId);
  const [result, setResult] = useState<FromRegistryResult | null>(null);
  const { busy, error, run } = useAsyncAction();

  const start = () =>
    void run(async () => {
      setResult(await api.post<FromRegistryResult>('/monitors/from-registry', agencyId ? { agencyId } : {}));
      onDone();
    });

  return (
    <Dialog
      title={t('registry.title')}
      onClose={onClose}
      testId="from-registry-dialog"
      footer={
        result ? (
          <button type="button" className="btn btn--primary" onClick={onClose} data-testid="from-registry-close">
            {t('common.close')}
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--primary" onClick={start} disabled={busy} data-testid="from-registry-confirm">
              {busy ? t('common.working') : t('registry.run')}
            </button>
          </>
        )
      }
    >
      {result ? (
        <div data-testid="from-registry-result">
          <p className="alert alert--success" role="status">
            {t('registry.done')}
          </p>
          <dl className="stats">
            <Stat label={t('registry.created')} value={result.created} tone={result.created > 0 ? 'good' : undefined} testId="from-registry-created" />
            <Stat label={t('registry.existing')} value={result.existing} testId="from-registry-existing" />
            <Stat label={t('registry.systems')} value={result.systems} testId="from-registry-systems" />
          </dl>
        </div>
      ) : (
        <>
          <p>{t('registry.text')}</p>
          <AgencySelect label={t('registry.scope')} value={agencyId} onValue={setAgencyId} emptyLabel={t('registry.scopeAll')} />
          <ErrorBanner error={error} />
        </>
      )}
    </Dialog>
  );
}
