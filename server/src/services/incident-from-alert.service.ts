import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { IncidentType } from '../incidents/incident-types.ts';
import type { Clock } from '../io/clock.ts';
import type { PageAnalysisRepository } from '../repositories/page-analysis.repository.ts';
import type { PageBlobRepository } from '../repositories/page-blob.repository.ts';
import type { AlertGroupService } from './alert-group.service.ts';
import type { IncidentEvidenceService } from './incident-evidence.service.ts';
import type { IncidentReportService } from './incident-report.service.ts';
import type { IncidentWorkflowService } from './incident-workflow.service.ts';

/**
 * Alerts become incidents. Any alert group can be escalated to one (its alerts' systems and
 * agency, its first alert's time as the detection time); a confirmed defacement or injection
 * becomes an incident of type "defacement" with its evidence attached: the page as fetched and the
 * screenshot (as downloads, never rendered), and the observables in the detectors' reasons. Each
 * alert group and each analysis yields at most one incident.
 */
const KIND_TO_TYPE: Record<string, IncidentType> = { 'content.defacement': 'defacement', 'content.injection': 'defacement', 'content.cloaking': 'defacement' };

export class IncidentFromAlertService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { analyses: PageAnalysisRepository; blobs: PageBlobRepository },
    private readonly groups: AlertGroupService,
    private readonly report: IncidentReportService,
    private readonly evidence: IncidentEvidenceService,
    private readonly workflow: IncidentWorkflowService,
    private readonly clock: Clock,
    private readonly settings: { organization: string },
  ) {}

  private async existing(field: 'sourceGroupId' | 'sourceAnalysisId', id: string) {
    return this.db.selectFrom('incidents').select(['id', 'number']).where(sql<string>`form03->>${field}`, '=', id).executeTakeFirst();
  }

  private base(actor: Actor, o: { agencyId: string; title: string; description: string; detectedAt: Date; systemIds: string[]; type: IncidentType | null; detail: string; source: Record<string, string> }) {
    return {
      agencyId: o.agencyId, title: o.title.slice(0, 300), reporterEmail: '', contactName: actor.username, contactPhone: '', operator: this.settings.organization,
      systemIds: o.systemIds, description: o.description.slice(0, 20_000),
      // Machine times come from other clocks (workers, the database): never later than now.
      detectedAt: new Date(Math.min(o.detectedAt.getTime(), this.clock.now().getTime())).toISOString(), handled: false,
      detectionMethod: 'other' as const, detectionDetail: o.detail, alreadyNotified: [] as ('member' | 'isp' | 'vncert')[], ...(o.type ? { type: o.type } : {}), ...o.source,
    };
  }

  async fromAlertGroup(actor: Actor, groupId: string): Promise<{ id: string; number: string; created: boolean }> {
    const g = await this.groups.get(actor, groupId);
    const found = await this.existing('sourceGroupId', groupId);
    if (found) return { ...found, created: false };
    const agencyId = g.group.agencyId ?? g.members.find((m) => m.agencyId)?.agencyId;
    if (!agencyId) throw new NotFoundError('Agency of this alert');
    const systemIds = [...new Set(g.members.map((m) => m.systemId).filter((x): x is string => !!x))].slice(0, 50);
    const r = await this.report.report(actor, this.base(actor, {
      agencyId, title: g.group.title, detectedAt: new Date(g.group.openedAt), systemIds, type: KIND_TO_TYPE[g.group.kind] ?? null,
      description: [`Chuyển từ cảnh báo của Vigil (${g.group.alertCount} cảnh báo):`, ...g.members.slice(0, 50).map((m) => `- ${m.summary}`)].join('\n'),
      detail: 'Giám sát tự động của Vigil', source: { sourceGroupId: groupId },
    }) as never, { alertGroupId: groupId });
    await this.groups.comment(actor, groupId, `Đã chuyển thành sự cố ${r.number}`);
    await this.evidence.extractFromReport(r.id);
    return { id: r.id, number: r.number, created: true };
  }

  /** After a detection is confirmed: the defacement incident, with the page and screenshot attached. */
  async fromDetection(actor: Actor, analysisId: string): Promise<{ id: string; number: string; created: boolean }> {
    const found = await this.existing('sourceAnalysisId', analysisId);
    if (found) return { ...found, created: false };
    const a = await this.repos.analyses.findById(this.db, analysisId);
    if (!a) throw new NotFoundError('Detection');
    // A whole page's links are mostly the page's own: observables come from the reasons, not the snapshot.
    const reasons = (a.reasons as unknown as { message?: string; text?: string; code?: string }[]).map((x) => x.message ?? x.text ?? x.code ?? '').filter(Boolean);
    const group = await this.db.selectFrom('alerts').select('group_id').where(sql<string>`details->>'analysisId'`, '=', analysisId).executeTakeFirst();
    const what = a.kind === 'injection' ? 'chèn nội dung trái phép' : a.kind === 'cloaking' ? 'che giấu nội dung (cloaking)' : 'thay đổi giao diện';
    const r = await this.report.report(actor, this.base(actor, {
      agencyId: a.agency_id, title: `Phát hiện ${what} trên ${a.monitor_name}`, detectedAt: a.at, systemIds: [a.system_id], type: 'defacement',
      description: [`Địa chỉ: ${a.url}`, `Tiêu đề trang: ${a.title ?? '—'}`, 'Lý do:', ...reasons.map((x) => `- ${x}`)].join('\n'),
      detail: 'Giám sát nội dung trang của Vigil (đã được xác nhận)', source: { sourceAnalysisId: analysisId },
    }) as never, { alertGroupId: group?.group_id ?? null });
    await this.workflow.applyPlaybook(actor, r.id, 'defacement');
    const stamp = a.at.toISOString().slice(0, 10);
    for (const [sha, name] of [[a.snapshot_sha256, `trang-bi-thay-doi-${stamp}.html`], [a.screenshot_sha256, `anh-chup-${stamp}.png`]] as const) {
      const blob = sha ? await this.repos.blobs.get(this.db, sha) : undefined;
      if (blob) await this.evidence.upload(actor, r.id, { filename: name, mimetype: blob.content_type, bytes: Buffer.from(blob.bytes) }, { scan: false });
    }
    await this.db.transaction().execute((trx) => this.evidence.extractInto(trx, r.id, [a.url, JSON.stringify(a.reasons), JSON.stringify(a.diff ?? {})].join('\n'), 'alert'));
    return { id: r.id, number: r.number, created: true };
  }

  /** The incident made from an analysis, if any (for the detection page). */
  forAnalysis(analysisId: string) {
    return this.existing('sourceAnalysisId', analysisId);
  }
}
