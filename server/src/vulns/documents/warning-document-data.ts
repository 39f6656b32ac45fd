/**
 * What the warning documents are made from (issue 7): the service gathers it from the database,
 * the pure renderers in this folder turn it into the official letter (DOCX), the e-mail text, and
 * the board exports (XLSX, DOCX). Plain data, no I/O.
 */
import type { Severity } from '../advisory.ts';
import type { BoardFigures, TargetStatus } from '../warnings/target-status.ts';

export interface WarningAdvisoryRow {
  cve: string;
  title: string | null;
  vendor: string | null;
  product: string | null;
  cvssScore: number | null;
  severity: Severity | null;
  exploited: boolean;
  /** "KB5028168" etc. */
  kbs: string[];
  /** "Windows Server 2019: 10.0.17763.4645" etc., at most a few. */
  fixedBuilds: string[];
}

export interface WarningSystemRow {
  systemName: string;
  agencyName: string;
  /** From the matcher: certain or only possible (unknown version, names only). */
  matchStatus: 'affected' | 'possibly_affected';
  cves: string[];
  /** The matcher's reasons, one per item, already bounded. */
  reasons: string[];
}

/** The official letter "V/v cảnh báo lỗ hổng …" for one agency (or for all, when agency is null). */
export interface WarningLetterData {
  /** Issuing unit and its parent, as printed in the header. */
  issuer: { parent: string; name: string };
  /** "CB-2026-3"; printed as "Số: CB-2026-3/<symbol>" unless it contains "/". */
  number: string;
  numberSymbol: string;
  placeName: string;
  timeZone: string;
  mottoCountry: string;
  mottoSlogan: string;
  issuedAt: Date;
  title: string;
  /** The coordinator's own text, paragraphs separated by blank lines; may be empty. */
  body: string;
  deadline: Date | null;
  /** Kính gửi: the agency, or a general list. */
  recipients: string[];
  advisories: WarningAdvisoryRow[];
  /** The systems of this agency the warning hits (all agencies' when agency is null). */
  systems: WarningSystemRow[];
  /** Where the agency updates its status. */
  viewLink: string;
  signer: { authority: string; title: string; name: string; note?: string };
  archiveLine: string;
}

export interface BoardAgencyRow extends BoardFigures {
  agencyName: string;
}

export interface BoardSystemRow {
  agencyName: string;
  systemName: string;
  status: TargetStatus;
  matchStatus: 'affected' | 'possibly_affected';
  cves: string[];
  /** Evidence or reason as one line: "KB5028168", "phiên bản 10.0.17763.4645", "không dùng Exchange". */
  detail: string;
  riskApprover: string | null;
  riskExpiresOn: string | null;
  updatedAt: Date | null;
  overdue: boolean;
}

/** The board of one warning, for the XLSX and DOCX exports. */
export interface WarningBoardData {
  organization: string;
  number: string;
  title: string;
  issuedAt: Date | null;
  deadline: Date | null;
  generatedAt: Date;
  timeZone: string;
  totals: BoardFigures;
  agencies: BoardAgencyRow[];
  systems: BoardSystemRow[];
}
