import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { assertCanCoordinate } from '../domain/incident-access.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { INCIDENT_TYPES, type IncidentType } from '../incidents/incident-types.ts';
import {
  docxToPdf, renderMau03Docx, renderMau04Docx, renderMau05Docx, renderNoticeEmail, resolveDocumentSettings,
  type DocumentSettingsInput, type Mau05Row,
} from '../incidents/documents/index.ts';
import { toMau03, toMau04, type StoredIncident } from '../incidents/documents/from-incident.ts';
import type { AppSettingRepository } from '../repositories/app-setting.repository.ts';
import { incidentsForSummary, type IncidentRepository } from '../repositories/incident.repository.ts';
import type { AuditService } from './audit.service.ts';
import type { IncidentWorkflowService } from './incident-workflow.service.ts';

/**
 * The official documents of an incident (Mẫu 03, Mẫu 04; DOCX, and PDF where LibreOffice is
 * installed), the six-monthly summary (Mẫu 05), and the texts they print (authority names, place,
 * signer, recipients), which administrators edit. The generators are pure
 * (server/src/incidents/documents); this fetches, checks access and maps.
 */
export type DocumentFormat = 'docx' | 'pdf';
export const DOCUMENT_SETTINGS_KEY = 'documents';

export class IncidentDocumentService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { incidents: IncidentRepository; settings: AppSettingRepository },
    private readonly workflow: IncidentWorkflowService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async settings(): Promise<DocumentSettingsInput> {
    return ((await this.repos.settings.get(this.db, DOCUMENT_SETTINGS_KEY)) ?? {}) as DocumentSettingsInput;
  }

  async saveSettings(actor: Actor, input: Record<string, unknown>): Promise<DocumentSettingsInput> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators change the documents\' texts');
    try {
      resolveDocumentSettings(input as DocumentSettingsInput);
    } catch (e) {
      throw new ValidationError('The document settings are not valid', [{ field: '', message: (e as Error).message }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.repos.settings.put(trx, DOCUMENT_SETTINGS_KEY, input, this.clock.now());
      await this.audit.record(trx, actor, { action: 'settings.documents', entityType: 'settings', entityId: null, summary: 'official document texts', after: input });
    });
    return input as DocumentSettingsInput;
  }

  private async stored(actor: Actor, id: string) {
    const inc = await this.workflow.visible(this.db, actor, id);
    const systems = await this.repos.incidents.systems(this.db, id);
    return { inc: inc as unknown as StoredIncident & { number: string }, systems };
  }

  async form(actor: Actor, id: string, form: 'mau03' | 'mau04', format: DocumentFormat): Promise<{ bytes: Buffer; filename: string } | null> {
    const { inc, systems } = await this.stored(actor, id);
    const settings = await this.settings();
    let docx: Buffer;
    if (form === 'mau03') docx = await renderMau03Docx(toMau03(inc, systems), settings);
    else {
      const data = toMau04(inc, systems);
      if (!data) throw new ConflictError('There is no closing report (Mẫu 04) yet: it is written when the incident is closed');
      docx = await renderMau04Docx(data, settings);
    }
    const base = `${form === 'mau03' ? 'Mau03' : 'Mau04'}-${inc.number}`;
    if (format === 'docx') return { bytes: docx, filename: `${base}.docx` };
    const pdf = await docxToPdf(docx);
    return pdf ? { bytes: pdf, filename: `${base}.pdf` } : null;
  }

  /** Mẫu 05 for a half-year (1: Jan–Jun, 2: Jul–Dec) or a whole year (half omitted), local time. */
  async summary(actor: Actor, q: { year: number; half?: 1 | 2 }, format: DocumentFormat): Promise<{ bytes: Buffer; filename: string } | null> {
    assertCanCoordinate(actor);
    const startMonth = q.half === 2 ? 6 : 0;
    const months = q.half ? 6 : 12;
    // Vietnam has no DST: local midnight is 17:00 UTC the day before.
    const from = new Date(Date.UTC(q.year, startMonth, 1) - 7 * 3_600_000);
    const to = new Date(Date.UTC(q.year, startMonth + months, 1) - 7 * 3_600_000);
    const rows = await incidentsForSummary(this.db, { from, to, scope: readScope(actor) });
    const byType = new Map<IncidentType, Mau05Row>(INCIDENT_TYPES.map((t) => [t, { type: t, count: 0, handledInHouse: 0, helpedDomestic: 0, helpedForeign: 0, referredToNational: 0, estimatedDamage: 0 }]));
    for (const r of rows) {
      const row = byType.get((r.type as IncidentType | null) ?? 'other')!;
      row.count += 1;
      const f = (r.form04 ?? {}) as { handledBy?: string; estimatedDamageVnd?: number };
      if (f.handledBy === 'in_house') row.handledInHouse += 1;
      if (f.handledBy === 'domestic_help') row.helpedDomestic += 1;
      if (f.handledBy === 'foreign_help') row.helpedForeign += 1;
      if (f.handledBy === 'referred_national') row.referredToNational += 1;
      if (typeof f.estimatedDamageVnd === 'number') row.estimatedDamage = Number(row.estimatedDamage) + f.estimatedDamageVnd;
    }
    const period = q.half ? `6 tháng ${q.half === 1 ? 'đầu' : 'cuối'} năm ${q.year}` : `năm ${q.year}`;
    const docx = await renderMau05Docx({ period, reportDate: this.clock.now(), rows: [...byType.values()] }, await this.settings());
    const base = `Mau05-${q.year}${q.half ? `-H${q.half}` : ''}`;
    if (format === 'docx') return { bytes: docx, filename: `${base}.docx` };
    const pdf = await docxToPdf(docx);
    return pdf ? { bytes: pdf, filename: `${base}.pdf` } : null;
  }

  /** The [TBSC] notice e-mail of an incident, rendered (the sending is the caller's). */
  async noticeEmail(actor: Actor, id: string, link: string) {
    const { inc, systems } = await this.stored(actor, id);
    return renderNoticeEmail(toMau03(inc, systems), { settings: await this.settings(), link });
  }
}
