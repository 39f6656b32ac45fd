import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError } from '../domain/errors.ts';
import { resolveDocumentSettings, type DocumentSettings, type DocumentSettingsInput } from '../incidents/documents/form-data.ts';
import type { Clock } from '../io/clock.ts';
import type { AdvisoryRepository } from '../repositories/advisory.repository.ts';
import type { AppSettingRepository } from '../repositories/app-setting.repository.ts';
import type { WarningRow } from '../repositories/vuln-warning.repository.ts';
import type { VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import { advisoryKbs } from '../vulns/catalogue-fields.ts';
import { warningBoardDocx, warningBoardXlsx, warningLetterDocx, type WarningAdvisoryRow, type WarningBoardData, type WarningLetterData, type WarningSystemRow } from '../vulns/documents/index.ts';
import { STATUS_LABELS_VI } from '../vulns/warnings/target-status.ts';
import { figuresByAgency, isOverdue } from './vuln-warning-dto.ts';
import type { VulnWarningService } from './vuln-warning.service.ts';

const DOCUMENT_SETTINGS_KEY = 'documents';

/** "CB-SKHCN" from the incidents' "BC-SKHCN": the same unit, a warning (cảnh báo) instead of a report. */
export function warningSymbol(s: DocumentSettings): string {
  const sym = s.numberSymbol.trim();
  if (!sym) return 'CB';
  return /^BC-/i.test(sym) ? `CB-${sym.slice(3)}` : `CB-${sym}`;
}

/**
 * The warning's documents: the official letter to each agency (mailed as an attachment when
 * the warning is sent, downloadable later), and the board as XLSX and DOCX. The texts of the
 * header and signature are the installation's document settings, shared with the incident forms.
 */
export class VulnWarningDocumentService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; targets: VulnWarningTargetRepository; settings: AppSettingRepository },
    private readonly warnings: VulnWarningService,
    private readonly clock: Clock,
    private readonly opts: { publicUrl: string; organization: string },
  ) {}

  async documentSettings(ex: Executor): Promise<DocumentSettings> {
    return resolveDocumentSettings((await this.repos.settings.get(ex, DOCUMENT_SETTINGS_KEY)) as DocumentSettingsInput | null);
  }

  viewLink(warningId: string): string {
    return `${this.opts.publicUrl.replace(/\/+$/, '')}/warnings/${warningId}`;
  }

  async advisoryRows(ex: Executor, cves: string[]): Promise<WarningAdvisoryRow[]> {
    const data = await this.repos.advisories.findData(ex, cves);
    const rows: WarningAdvisoryRow[] = [];
    for (const cve of cves) {
      const a = data.get(cve)?.data;
      if (!a) continue;
      const builds = [...new Set((a.products ?? []).filter((p) => p.fixedBuild && p.status !== 'fixed').map((p) => `${p.name}: ${p.fixedBuild}`))];
      rows.push({
        cve, title: a.title ?? null, vendor: a.vendor ?? null, product: a.product ?? null, cvssScore: a.cvssScore ?? null, severity: a.severity ?? null,
        exploited: a.exploited === true, kbs: advisoryKbs(a).slice(0, 10), fixedBuilds: builds.slice(0, 5),
      });
    }
    // The exploited and the most severe first: what an agency should patch first.
    return rows.sort((x, y) => Number(y.exploited) - Number(x.exploited) || (y.cvssScore ?? 0) - (x.cvssScore ?? 0) || x.cve.localeCompare(y.cve));
  }

  /** The letter for one agency (its systems in the annex), or for all agencies when agency is null. */
  async letter(ex: Executor, w: WarningRow, agency: { id: string; name: string } | null, advisories: WarningAdvisoryRow[], systems: WarningSystemRow[]): Promise<Buffer> {
    const s = await this.documentSettings(ex);
    const data: WarningLetterData = {
      issuer: { parent: s.parentAuthority, name: s.reportingUnit || this.opts.organization },
      number: w.number ? w.number.replace(/^CB-\d{4}-/, '') : '',
      numberSymbol: warningSymbol(s),
      placeName: s.placeName, timeZone: s.timeZone, mottoCountry: s.mottoCountry, mottoSlogan: s.mottoSlogan,
      issuedAt: w.sent_at ?? this.clock.now(), title: w.title, body: w.body, deadline: w.deadline,
      recipients: agency ? [agency.name] : ['Các cơ quan, đơn vị có hệ thống bị ảnh hưởng'],
      advisories, systems, viewLink: this.viewLink(w.id),
      signer: { authority: s.signer.authority ?? '', title: s.signer.title ?? '', name: s.signer.name ?? '', ...(s.signer.note ? { note: s.signer.note } : {}) },
      archiveLine: s.archiveLine,
    };
    return warningLetterDocx(data);
  }

  /** GET /warnings/:id/letter.docx: an agency's letter (or the general one for coordinators). */
  async letterFor(actor: Actor, id: string, agencyId: string | undefined): Promise<{ bytes: Buffer; filename: string }> {
    const w = await this.warnings.visible(actor, id);
    const scope = readScope(actor);
    const targets = await this.repos.targets.list(this.db, { warningId: id, scope, agencyId });
    if (agencyId && targets.length === 0) throw new NotFoundError('Agency');
    const cves = (await this.warnings.get(actor, id)).advisories.map((a) => a.cve);
    const advisories = await this.advisoryRows(this.db, cves);
    const systems: WarningSystemRow[] = targets.map((t) => ({ systemName: t.system_name, agencyName: t.agency_name, matchStatus: t.match_status, cves: t.cves, reasons: t.reasons }));
    const agency = agencyId ? { id: agencyId, name: targets[0]!.agency_name } : null;
    const bytes = await this.letter(this.db, w, agency, advisories, systems);
    return { bytes, filename: `canh-bao-${w.number ?? 'nhap'}${agencyId ? '-' + agencyId.slice(0, 8) : ''}.docx` };
  }

  private async boardData(actor: Actor, id: string): Promise<WarningBoardData> {
    const w = await this.warnings.visible(actor, id);
    const now = this.clock.now();
    const targets = await this.repos.targets.list(this.db, { warningId: id, scope: readScope(actor) });
    const board = figuresByAgency(targets.map((t) => ({ agency_id: t.agency_id, agency_name: t.agency_name, status: t.status })), w.status === 'sent' && w.deadline <= now);
    const s = await this.documentSettings(this.db);
    const detail = (t: (typeof targets)[number]): string => {
      if (t.status === 'fixed') return [t.kbs.join(', '), t.version ? `phiên bản ${t.version}` : ''].filter(Boolean).join('; ');
      if (t.status === 'not_affected') return t.reason ?? '';
      if (t.status === 'risk_accepted') return t.reason ?? STATUS_LABELS_VI.risk_accepted;
      return t.note ?? '';
    };
    return {
      organization: s.reportingUnit || this.opts.organization, number: w.number ?? '', title: w.title, issuedAt: w.sent_at, deadline: w.deadline,
      generatedAt: now, timeZone: s.timeZone, totals: board.totals,
      agencies: board.agencies.map(({ agencyId: _a, ...a }) => a),
      systems: targets.map((t) => ({
        agencyName: t.agency_name, systemName: t.system_name, status: t.status, matchStatus: t.match_status, cves: t.cves, detail: detail(t),
        riskApprover: t.risk_approver, riskExpiresOn: t.risk_expires_on, updatedAt: t.updated_at, overdue: isOverdue(w, t.status, now),
      })),
    };
  }

  async boardExport(actor: Actor, id: string, format: 'xlsx' | 'docx'): Promise<{ bytes: Buffer; filename: string }> {
    const data = await this.boardData(actor, id);
    const bytes = format === 'xlsx' ? await warningBoardXlsx(data) : await warningBoardDocx(data);
    return { bytes, filename: `tinh-hinh-khac-phuc-${data.number || id.slice(0, 8)}.${format}` };
  }
}
