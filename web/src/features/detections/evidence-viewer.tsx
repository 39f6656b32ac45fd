import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { DetectionFetch, DetectionSource } from '../../api/detection-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Loading } from '../../components/status.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';

type Mode = 'preview' | 'source' | 'screenshot';

/**
 * The snapshot an attacker wrote, shown safely. The preview is an <iframe sandbox> (no
 * allow-scripts, no allow-same-origin) of /evidence/…, which the server also sends with
 * `Content-Security-Policy: sandbox` and no script or network sources: the page cannot run
 * script, reach the network or read this application's cookies. The source view is React text,
 * escaped like any other string.
 */
export function EvidenceViewer({ analysisId, fetches, screenshotUrl }: { analysisId: string; fetches: DetectionFetch[]; screenshotUrl: string | null }) {
  const screenshot = Boolean(screenshotUrl);
  const t = useT();
  const withBody = fetches.filter((f) => f.stored && f.variant !== 'sitemap');
  const [index, setIndex] = useState(withBody[0]?.index ?? 0);
  const [mode, setMode] = useState<Mode>('preview');
  if (withBody.length === 0 && !screenshot) return <p className="muted">{t('detection.noSnapshot')}</p>;
  const modes: Mode[] = screenshot ? ['preview', 'source', 'screenshot'] : ['preview', 'source'];
  return (
    <div className="evidence" data-testid="evidence-viewer">
      <div className="evidence__bar">
        {mode !== 'screenshot' && withBody.length > 1 && (
          <label className="evidence__pick">
            <span>{t('detection.fetch')}</span>
            <select value={index} onChange={(e) => setIndex(Number(e.target.value))} data-testid="evidence-fetch">
              {withBody.map((f) => (
                <option key={f.index} value={f.index}>
                  {fetchLabel(t, f)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="segmented" role="tablist">
          {modes.map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} className={`segmented__item${mode === m ? ' is-active' : ''}`} onClick={() => setMode(m)} data-testid={`evidence-mode-${m}`}>
              {t(`detection.view.${m}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {mode === 'preview' && (
        <>
          <p className="muted evidence__note">{t('detection.previewNote')}</p>
          <iframe
            key={index}
            className="evidence__frame"
            title={t('detection.view.preview')}
            sandbox=""
            referrerPolicy="no-referrer"
            src={`/evidence/${encodeURIComponent(analysisId)}/${index}`}
            data-testid="evidence-frame"
          />
        </>
      )}
      {mode === 'source' && <SourceView analysisId={analysisId} index={index} />}
      {mode === 'screenshot' && (
        <img className="evidence__shot" alt={t('detection.view.screenshot')} src={screenshotUrl ?? ''} data-testid="evidence-screenshot" />
      )}
    </div>
  );
}

export function fetchLabel(t: ReturnType<typeof useT>, f: DetectionFetch): string {
  const known = ['browser', 'googlebot', 'referer', 'mobile', 'subpage', 'sitemap', 'rendered'];
  const name = known.includes(f.variant) ? t(`detection.variant.${f.variant}` as MessageKey) : f.variant;
  return f.variant === 'subpage' ? `${name}: ${f.url}` : name;
}

function SourceView({ analysisId, index }: { analysisId: string; index: number }) {
  const t = useT();
  const { data, error, loading } = useAsync((signal) => api.get<DetectionSource>(`/detections/${analysisId}/source`, { fetch: index }, signal), `${analysisId}:${index}`);
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBanner error={error} />;
  return (
    <>
      {data.truncated && <p className="alert alert--info">{t('detection.sourceTruncated')}</p>}
      <p className="muted evidence__note">
        {data.charset} · sha256 <code>{data.sha256}</code>
      </p>
      <pre className="evidence__source" data-testid="evidence-source">
        {data.text}
      </pre>
    </>
  );
}
