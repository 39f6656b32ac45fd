/**
 * The normalised advisory every importer produces (issue 7) and the matcher reads: one record per
 * CVE, merged across sources (KEV adds "exploited", NVD adds CPE configurations and CVSS, MSRC adds
 * product ids and KB numbers, CSAF adds vendor product trees). Pure data, no I/O.
 */
export type AdvisorySource = 'kev' | 'nvd' | 'msrc' | 'csaf';
export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

/** One CPE 2.3 match criterion with its NVD version range (all bounds optional). */
export interface CpeCriterion {
  /** cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other */
  criteria: string;
  vulnerable: boolean;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** An NVD configuration node: OR/AND over criteria (and, for AND, other nodes such as "running on"). */
export interface CpeNode {
  operator: 'OR' | 'AND';
  negate?: boolean;
  cpeMatch: CpeCriterion[];
}

/** A Microsoft (or CSAF) product the advisory names, with the fix for it. */
export interface AffectedProduct {
  /** MSRC ProductID (e.g. "11926") or CSAF product_id. */
  productId: string;
  /** "Windows Server 2019", "Microsoft Exchange Server 2019 Cumulative Update 13". */
  name: string;
  vendor?: string;
  /** Fixed build or version, when given ("10.0.17763.4645"). */
  fixedBuild?: string;
  /** KB numbers of the fix ("5028168"). */
  kbs?: string[];
  /** CPE when the source gives one (CSAF product_identification_helper). */
  cpe?: string;
  /**
   * CSAF product_status of this product for the CVE: 'affected' (first/known/last_affected) or
   * 'fixed' (first_fixed/fixed: a version that contains the fix, i.e. NOT vulnerable). Absent for
   * MSRC, whose products are all affected.
   */
  status?: 'affected' | 'fixed';
}

export interface Advisory {
  cve: string;
  title?: string;
  description?: string;
  vendor?: string;
  product?: string;
  /** CVSS v3.x base score and its severity; the highest when several sources disagree. */
  cvssScore?: number;
  cvssVector?: string;
  severity?: Severity;
  /** In CISA's Known Exploited Vulnerabilities catalogue. */
  exploited?: boolean;
  kevDateAdded?: string;
  kevDueDate?: string;
  knownRansomware?: boolean;
  publishedAt?: string;
  modifiedAt?: string;
  configurations?: CpeNode[][];
  products?: AffectedProduct[];
  references?: string[];
  cwes?: string[];
  sources: AdvisorySource[];
}

/** What an importer returns: the records it could read, and what it skipped and why. */
export interface ImportResult {
  records: Advisory[];
  skipped: { index: number | string; reason: string }[];
  /** The feed as a whole: its title, release date, counts. */
  meta: Record<string, unknown>;
}
