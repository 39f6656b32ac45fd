import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../server/src/context.ts';
import type { FetchRecord } from '../../server/src/monitoring/content/content-artifacts.ts';

/**
 * A stored content analysis made directly (no fetch, no detection run), for API tests: an
 * alarm by default, with the page's HTML as its browser snapshot and optionally a screenshot.
 */
export async function seedAnalysis(
  ctx: AppContext,
  monitor: { id: string; systemId: string; agencyId: string; target: string },
  o: { html?: string | Uint8Array; contentType?: string; alarm?: boolean; kind?: 'defacement' | 'injection' | 'cloaking' | 'legit'; screenshot?: Uint8Array; at?: Date; extraFetches?: FetchRecord[] } = {},
) {
  const body = typeof o.html === 'string' || o.html === undefined ? Buffer.from(o.html ?? '<html><title>Trang chủ</title><p>slot gacor</p></html>') : Buffer.from(o.html);
  const sha = createHash('sha256').update(body).digest('hex');
  const contentType = o.contentType ?? 'text/html; charset=utf-8';
  const blobs = [{ sha256: sha, contentType, bytes: body }];
  let shot: string | null = null;
  if (o.screenshot) {
    shot = createHash('sha256').update(o.screenshot).digest('hex');
    blobs.push({ sha256: shot, contentType: 'image/png', bytes: Buffer.from(o.screenshot) });
  }
  const at = o.at ?? new Date();
  const db = ctx.database.db;
  await ctx.repos.pageBlobs.putMany(db, blobs, at);
  const id = randomUUID();
  const alarm = o.alarm ?? true;
  const fetches: FetchRecord[] = [
    { variant: 'browser', url: monitor.target, finalUrl: monitor.target, status: 200, redirects: [], sha256: sha, bytes: body.length, truncated: false, contentType, error: null },
    { variant: 'googlebot', url: monitor.target, finalUrl: monitor.target, status: 200, redirects: [], sha256: sha, bytes: body.length, truncated: false, contentType, error: null },
    ...(o.extraFetches ?? []),
  ];
  await ctx.repos.pageAnalyses.insert(db, {
    id, monitor_id: monitor.id, system_id: monitor.systemId, agency_id: monitor.agencyId, at, url: monitor.target,
    fetches: fetches as unknown as Record<string, unknown>[], snapshot_sha256: sha, screenshot_sha256: shot, title: 'Trang chủ',
    alarm, kind: alarm ? (o.kind ?? 'injection') : 'legit', score: alarm ? 0.93 : 0.02, severity: alarm ? 'high' : 'info',
    reasons: alarm ? [{ code: 'gambling-lexicon', message: 'gambling terms in hidden links', weight: 0.8, samples: ['slot gacor'] }] : [],
    detectors: alarm ? [{ detector: 'spam-lexicon', score: 0.9, kind: 'injection', evidence: [{ code: 'gambling-lexicon', message: 'gambling terms', weight: 0.8 }], ms: 1.2 }] : [],
    diff: null, error: null, analysis_ms: 12, profile: { samples: 5, learning: false },
    review_status: 'new', reviewed_by: null, reviewed_at: null, review_note: null, alert_id: null,
  });
  return { id, sha256: sha, screenshotSha256: shot };
}
