import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { assertCanWorkIncidents } from '../domain/incident-access.ts';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { extractObservables } from '../incidents/observables/extract-observables.ts';
import { normalizeObservable } from '../incidents/observables/normalize-observable.ts';
import type { ExportObservable, IncidentForExport } from '../incidents/intel/incident-for-export.ts';
import { fromMispEvent, toMispEvent } from '../incidents/intel/misp-event.ts';
import { toStixBundle } from '../incidents/intel/stix-bundle.ts';
import type { IncidentEvidenceRepository, VisibleTo } from '../repositories/incident-evidence.repository.ts';
import type { IncidentRepository } from '../repositories/incident.repository.ts';
import type { AuditService } from './audit.service.ts';
import type { IncidentWorkflowService } from './incident-workflow.service.ts';

/**
 * Observables (IPs, domains, URLs, hashes, e-mail addresses) and attachments of an incident.
 * Observables come from the report's text, from text attachments, from MISP and by hand, each
 * normalised (refanged, lower-cased) so the same IP in three incidents is seen as one. Attachments
 * are hostile by assumption: stored once by SHA-256, never parsed beyond plain text (no archive is
 * opened, so no zip bomb can go off), never served inline.
 */
export const MAX_ATTACHMENT_NAME = 200;
/** Text read from one attachment for observables (bounded time and memory whatever the upload). */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

export interface ManualObservable {
  type: string;
  value: string;
  tlp?: string | null;
  comment?: string | null;
}

export class IncidentEvidenceService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { evidence: IncidentEvidenceRepository; incidents: IncidentRepository },
    private readonly workflow: IncidentWorkflowService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private viewer(actor: Actor): VisibleTo {
    return { scope: readScope(actor), viewerId: actor.userId, viewerIsAdmin: actor.role === 'admin' };
  }

  async list(actor: Actor, id: string) {
    await this.workflow.visible(this.db, actor, id);
    const [observables, attachments] = await Promise.all([this.repos.evidence.observables(this.db, id, this.viewer(actor)), this.repos.evidence.attachments(this.db, id)]);
    return {
      observables: observables.map((o) => ({ id: o.id, type: o.type, value: o.value, tlp: o.tlp, comment: o.comment, source: o.source, createdAt: o.created_at.toISOString(), otherIncidents: Number(o.other_incidents) })),
      attachments: attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, sha256: a.sha256, declaredType: a.declared_type, uploadedBy: a.uploaded_by_name, createdAt: a.created_at.toISOString() })),
    };
  }

  async related(actor: Actor, id: string, type: string, value: string) {
    await this.workflow.visible(this.db, actor, id);
    const rows = await this.repos.evidence.related(this.db, type, value, id, this.viewer(actor));
    return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, receivedAt: new Date(r.received_at).toISOString() }));
  }

  /** Text found in a report or a comment: every observable in it, bounded. */
  async extractInto(ex: Executor, incidentId: string, text: string, source: 'text' | 'attachment' | 'alert'): Promise<{ added: number; truncated: boolean }> {
    const found = extractObservables(text, { maxBytes: MAX_SCAN_BYTES, maxResults: 2000, timeBudgetMs: 3000 });
    const at = this.clock.now();
    const added = await this.repos.evidence.addObservables(ex, incidentId, found.items.map((o) => ({ id: randomUUID(), type: o.type, value: o.value, tlp: null, comment: null, source, at })));
    return { added, truncated: found.truncated };
  }

  /** After a report: the observables of its description and technical fields. */
  async extractFromReport(id: string): Promise<void> {
    const inc = await this.repos.incidents.findById(this.db, id);
    if (!inc) return;
    const f = inc.form03 as Record<string, unknown>;
    const text = [inc.description, f.publicIps, f.domains, f.services, f.detectionDetail].filter((x) => typeof x === 'string').join('\n');
    await this.db.transaction().execute((trx) => this.extractInto(trx, id, text, 'text'));
  }

  /** Pasted text (a log excerpt, an advisory): its observables added to the incident. */
  async extractText(actor: Actor, id: string, text: string): Promise<{ added: number; truncated: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const inc = await this.workflow.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      const r = await this.extractInto(trx, id, text, 'text');
      await this.repos.incidents.addEvent(trx, { incident_id: id, at: this.clock.now(), type: 'observables_added', actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username, data: { added: r.added, source: 'text' } });
      await this.audit.record(trx, actor, { action: 'incident.observables', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: `${inc.number}: +${r.added}` });
      return r;
    });
  }

  async addManual(actor: Actor, id: string, items: ManualObservable[], source: 'manual' | 'misp' = 'manual'): Promise<{ added: number }> {
    const issues: FieldIssue[] = [];
    const rows = items.map((o, i) => {
      const n = normalizeObservable(o.type, o.value);
      if (!n.ok) issues.push({ field: `/observables/${i}/value`, message: n.message });
      return { id: randomUUID(), type: o.type, value: n.ok ? n.value : '', tlp: o.tlp ?? null, comment: o.comment?.trim() || null, source, at: this.clock.now() };
    });
    if (issues.length) throw new ValidationError('Some observables are not valid', issues);
    return this.db.transaction().execute(async (trx) => {
      const inc = await this.workflow.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      const added = await this.repos.evidence.addObservables(trx, id, rows);
      await this.repos.incidents.addEvent(trx, { incident_id: id, at: this.clock.now(), type: 'observables_added', actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username, data: { added, source } });
      await this.audit.record(trx, actor, { action: 'incident.observables', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: `${inc.number}: +${added}` });
      return { added };
    });
  }

  async removeObservable(actor: Actor, id: string, observableId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.workflow.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      if (await this.repos.evidence.removeObservable(trx, id, observableId)) {
        await this.audit.record(trx, actor, { action: 'incident.observable_removed', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: inc.number });
      }
    });
  }

  async upload(actor: Actor, id: string, file: { filename: string; mimetype: string | null; bytes: Buffer }, opts: { scan?: boolean } = {}) {
    const name = safeName(file.filename);
    if (file.bytes.length === 0) throw new ValidationError('The file is empty', [{ field: 'file', message: 'is empty' }]);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    return this.db.transaction().execute(async (trx) => {
      const inc = await this.workflow.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      const now = this.clock.now();
      await this.repos.evidence.storeBlob(trx, sha256, file.bytes, now);
      const attId = randomUUID();
      await this.repos.evidence.addAttachment(trx, { id: attId, incident_id: id, sha256, name, size: file.bytes.length, declared_type: file.mimetype?.slice(0, 100) ?? null, uploaded_by: actor.via === 'system' ? null : actor.userId, created_at: now });
      const scanned = opts.scan !== false && looksLikeText(file.bytes) ? await this.extractInto(trx, id, file.bytes.subarray(0, MAX_SCAN_BYTES).toString('utf8'), 'attachment') : null;
      await this.repos.incidents.addEvent(trx, { incident_id: id, at: now, type: 'attachment_added', actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username, text: name, data: { size: file.bytes.length, sha256, observables: scanned?.added ?? 0 } });
      await this.audit.record(trx, actor, { action: 'incident.attachment', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: `${inc.number}: ${name} (${sha256.slice(0, 12)})` });
      return { id: attId, name, size: file.bytes.length, sha256, observablesFound: scanned?.added ?? 0 };
    });
  }

  /** The incident and its observables as the STIX and MISP codecs take them. */
  private async forExport(actor: Actor, id: string): Promise<IncidentForExport> {
    const inc = await this.workflow.visible(this.db, actor, id);
    const obs = await this.repos.evidence.observables(this.db, id, this.viewer(actor));
    return {
      id: inc.id, number: inc.number, title: inc.title, description: inc.description, type: (inc.type ?? 'other') as IncidentForExport['type'],
      detectedAt: inc.detected_at, reportedAt: inc.received_at, tlp: inc.tlp as IncidentForExport['tlp'], reporterName: inc.agency_name,
      observables: obs.map((o) => ({ type: o.type as ExportObservable['type'], value: o.value, ...(o.tlp ? { tlp: o.tlp as ExportObservable['tlp'] } : {}), ...(o.comment ? { comment: o.comment } : {}) })),
    };
  }

  async exportStix(actor: Actor, id: string, identityName: string) {
    return toStixBundle(await this.forExport(actor, id), { now: this.clock.now(), identityName });
  }

  async exportMisp(actor: Actor, id: string, identityName: string) {
    return toMispEvent(await this.forExport(actor, id), { now: this.clock.now(), identityName });
  }

  /** A MISP event's attributes as observables of this incident; what could not be imported is listed. */
  async importMisp(actor: Actor, id: string, json: unknown) {
    const r = fromMispEvent(json);
    if (!r.ok) throw new ValidationError('This is not a MISP event Vigil can read', r.errors);
    const { added } = r.observables.length ? await this.addManual(actor, id, r.observables.map((o) => ({ type: o.type, value: o.value, tlp: o.tlp ?? null, comment: o.comment ?? null })), 'misp') : { added: 0 };
    return { title: r.title, added, skipped: r.skipped };
  }

  async download(actor: Actor, id: string, attachmentId: string) {
    await this.workflow.visible(this.db, actor, id);
    return this.repos.evidence.attachmentBytes(this.db, id, attachmentId);
  }
}

/** A file name to show and to offer on download: no path, no control characters, bounded. */
export function safeName(raw: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').replace(/^\.+/, '_').trim().slice(0, MAX_ATTACHMENT_NAME);
  return clean || 'tep-dinh-kem';
}

/** Plain text (logs, e-mails, CSV) is scanned for observables; anything with NUL bytes or a known binary magic is not. */
export function looksLikeText(b: Buffer): boolean {
  const head = b.subarray(0, 8192);
  if (head.includes(0)) return false;
  const magic = head.subarray(0, 4).toString('latin1');
  return !['PK\u0003\u0004', '%PDF', '\u0089PNG', 'GIF8', '\u001f\u008b\b'].some((m) => magic.startsWith(m.slice(0, 4))) && !(head[0] === 0xff && head[1] === 0xd8);
}
