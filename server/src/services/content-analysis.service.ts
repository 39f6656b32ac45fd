import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB, ReviewStatus } from '../db/schema.ts';
import { extractFeatures, learnProfile } from '../detection/analyze.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { FetchRecord } from '../monitoring/content/content-artifacts.ts';
import { decodeText } from '../monitoring/content/decode-text.ts';
import { findFetch, toDetectionDetail, toDetectionSummary } from '../monitoring/content/detection-dto.ts';
import { neutraliseHtml } from '../monitoring/content/evidence-html.ts';
import { pageFromBlob, profileOf } from '../monitoring/probes/content.probe.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertRepository } from '../repositories/alert.repository.ts';
import type { MonitorRepository } from '../repositories/monitor.repository.ts';
import type { PageAnalysisRepository, PageAnalysisWithNames } from '../repositories/page-analysis.repository.ts';
import type { PageBlobRepository } from '../repositories/page-blob.repository.ts';
import type { AuditService } from './audit.service.ts';

/**
 * Content-integrity detections: stored analyses of content monitors, their evidence, and
 * their review. Reading follows the monitor's read scope (404 outside it); confirming and
 * dismissing need the right to change the monitor (registry writer of the owning agency).
 * Dismissing teaches the page's profile that the snapshot is normal and closes the content
 * alert, in one transaction with its audit entry.
 */
export interface ContentAnalysisRepos {
  analyses: PageAnalysisRepository;
  blobs: PageBlobRepository;
  monitors: MonitorRepository;
  agencies: AgencyRepository;
  alerts: AlertRepository;
}

export interface DetectionQuery {
  monitorId?: string;
  systemId?: string;
  agencyId?: string;
  alarm?: boolean;
  review?: ReviewStatus;
  kind?: string;
  limit: number;
  offset: number;
}

/** The source view shows at most this much text; the evidence view serves the whole snapshot. */
const SOURCE_MAX_CHARS = 1024 * 1024;

export class ContentAnalysisService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: ContentAnalysisRepos,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private visible(actor: Actor, r: { owner_agency_path: string; operator_agency_path: string | null }): boolean {
    const scope = readScope(actor);
    return inScope(scope, r.owner_agency_path) || (r.operator_agency_path !== null && inScope(scope, r.operator_agency_path));
  }

  private async getVisible(ex: Executor, actor: Actor, id: string): Promise<PageAnalysisWithNames> {
    const r = await this.repos.analyses.findById(ex, id);
    if (!r || !this.visible(actor, r)) throw new NotFoundError('Detection');
    return r;
  }

  /** Same rule as changing the monitor (MonitorService): a registry writer of the owning agency. */
  private assertCanReview(actor: Actor, r: { owner_agency_path: string }): void {
    assertCanEditRegistry(actor);
    if (!inScope(readScope(actor), r.owner_agency_path)) throw new ForbiddenError('Only the owning agency can review this detection');
  }

  async list(actor: Actor, q: DetectionQuery) {
    let agencyPath: string | undefined;
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      if (!a || !inScope(readScope(actor), a.path)) return { items: [], total: 0 };
      agencyPath = a.path;
    }
    const r = await this.repos.analyses.list(this.db, {
      scope: readScope(actor), agencyPath, monitorId: q.monitorId, systemId: q.systemId, alarm: q.alarm, review: q.review, kind: q.kind,
      limit: q.limit, offset: q.offset,
    });
    return { items: r.items.map(toDetectionSummary), total: r.total };
  }

  async get(actor: Actor, id: string) {
    const r = await this.getVisible(this.db, actor, id);
    const shas = (r.fetches as unknown as FetchRecord[]).map((f) => f.sha256).filter((s): s is string => !!s);
    return toDetectionDetail(r, await this.repos.blobs.existing(this.db, shas));
  }

  private async blobOf(actor: Actor, id: string, which: string) {
    const r = await this.getVisible(this.db, actor, id);
    const found = findFetch(r.fetches as unknown as FetchRecord[], which);
    if (!found) throw new NotFoundError('Fetch');
    const blob = found.fetch.sha256 ? await this.repos.blobs.get(this.db, found.fetch.sha256) : undefined;
    if (!blob) throw new NotFoundError('Snapshot');
    return { analysis: r, ...found, blob };
  }

  /** A snapshot as text (JSON), for the UI to show escaped. */
  async source(actor: Actor, id: string, which: string) {
    const { index, fetch, blob } = await this.blobOf(actor, id, which);
    const d = decodeText(blob.bytes, blob.content_type, SOURCE_MAX_CHARS);
    return {
      index, variant: fetch.variant, url: fetch.finalUrl || fetch.url, sha256: blob.sha256, contentType: blob.content_type, bytes: blob.size,
      charset: d.charset, text: d.text, truncated: d.truncated,
    };
  }

  /** A snapshot as HTML for the sandboxed evidence view: decoded, refresh and base defused. */
  async evidenceHtml(actor: Actor, id: string, which: string): Promise<string> {
    const { blob } = await this.blobOf(actor, id, which);
    return neutraliseHtml(decodeText(blob.bytes, blob.content_type).text);
  }

  async screenshot(actor: Actor, id: string): Promise<Uint8Array> {
    const r = await this.getVisible(this.db, actor, id);
    const blob = r.screenshot_sha256 ? await this.repos.blobs.get(this.db, r.screenshot_sha256) : undefined;
    if (!blob) throw new NotFoundError('Screenshot');
    return blob.bytes;
  }

  private assertAlarm(r: PageAnalysisWithNames): void {
    if (!r.alarm) throw new ConflictError('Only alarms are reviewed', [{ field: '/id', message: 'this analysis raised no alarm' }]);
  }

  /** Confirmed as a compromise: kept for the incident to be opened from it. */
  async confirm(actor: Actor, id: string, note: string | null) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.getVisible(trx, actor, id);
      this.assertCanReview(actor, r);
      this.assertAlarm(r);
      const at = this.clock.now();
      await this.repos.analyses.review(trx, { id, monitorId: r.monitor_id, snapshotSha256: r.snapshot_sha256, status: 'confirmed', by: reviewerId(actor), at, note, sameSnapshot: false });
      await this.audit.record(trx, actor, {
        action: 'detection.confirm', entityType: 'page_analysis', entityId: id, agencyId: r.agency_id,
        summary: `${r.monitor_name}: ${r.kind ?? 'alarm'} confirmed`, before: { review: r.review_status }, after: { review: 'confirmed', note },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Dismissed as legitimate: the snapshot is learned into the monitor's profile (its features
   * re-extracted from the stored blob), the monitor's open content alert is resolved and the
   * monitor is checked again at once. Alarms of the same snapshot still awaiting review are
   * dismissed with it. One transaction; a check in flight meanwhile is refused when written
   * (its due time moved), so it cannot overwrite the new profile.
   */
  async dismiss(actor: Actor, id: string, note: string | null) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.getVisible(trx, actor, id);
      this.assertCanReview(actor, r);
      this.assertAlarm(r);
      if (r.review_status === 'dismissed') return;
      const monitor = (await this.repos.monitors.findById(trx, r.monitor_id))!;
      const blob = r.snapshot_sha256 ? await this.repos.blobs.get(trx, r.snapshot_sha256) : undefined;
      if (!blob) throw new ConflictError('The snapshot of this detection is no longer stored', [{ field: '/id', message: 'nothing to learn from' }]);
      const at = this.clock.now();
      const browser = (r.fetches as unknown as FetchRecord[]).find((f) => f.variant === 'browser');
      const profile = learnProfile(profileOf(monitor.baseline), extractFeatures(pageFromBlob(blob, browser?.finalUrl || r.url)), at, browser?.finalUrl || r.url);
      const resolved = await this.repos.alerts.resolveOpenByKindPrefix(trx, r.monitor_id, 'content.', at);
      await this.repos.monitors.update(trx, r.monitor_id, {
        baseline: profile as unknown as Record<string, unknown>,
        // The resolved alert is no longer held: if the page still alarms, the next check opens a new one.
        ...(resolved.length > 0 && { alert_kinds: monitor.alert_kinds.filter((k) => k !== 'down') }),
        next_due_at: at, lease_owner: null, lease_until: null, updated_at: at,
      });
      const reviewed = await this.repos.analyses.review(trx, { id, monitorId: r.monitor_id, snapshotSha256: r.snapshot_sha256, status: 'dismissed', by: reviewerId(actor), at, note, sameSnapshot: true });
      await this.audit.record(trx, actor, {
        action: 'detection.dismiss', entityType: 'page_analysis', entityId: id, agencyId: r.agency_id,
        summary: `${r.monitor_name}: ${r.kind ?? 'alarm'} dismissed as legitimate; snapshot learned into the profile`,
        before: { review: r.review_status, profileSamples: profileOf(monitor.baseline)?.samples ?? 0 },
        after: { review: 'dismissed', note, profileSamples: profile.samples, alertsResolved: resolved, analysesDismissed: reviewed },
      });
    });
    return this.get(actor, id);
  }

  /** Forgets a content monitor's profile: it learns the page again from the next checks. */
  async relearn(actor: Actor, monitorId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const m = await this.repos.monitors.findById(trx, monitorId);
      if (!m || !this.visible(actor, m)) throw new NotFoundError('Monitor');
      this.assertCanReview(actor, m);
      if (m.kind !== 'content') throw new ValidationError('Only content monitors learn a profile', [{ field: '/id', message: `this is a ${m.kind} monitor` }]);
      const at = this.clock.now();
      await this.repos.monitors.update(trx, monitorId, { baseline: null, next_due_at: at, lease_owner: null, lease_until: null, updated_at: at });
      await this.audit.record(trx, actor, {
        action: 'monitor.relearn', entityType: 'monitor', entityId: monitorId, agencyId: m.agency_id, summary: m.name,
        before: { profileSamples: profileOf(m.baseline)?.samples ?? 0 }, after: { profileSamples: 0 },
      });
    });
  }
}

/** The reviewing user (the system actor is no user row). */
function reviewerId(actor: Actor): string | null {
  return actor.via === 'system' ? null : actor.userId;
}
