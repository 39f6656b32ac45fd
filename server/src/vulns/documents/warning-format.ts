import { cleanText } from '../../documents/official-docx.ts';
import { formatVnd } from '../../incidents/documents/mau05-docx.ts';
import { truncate } from '../../notifications/text-safety.ts';
import type { Severity } from '../advisory.ts';
import type { WarningAdvisoryRow, WarningSystemRow } from './warning-document-data.ts';

/**
 * What the warning letter and the board exports print the same way: Vietnamese labels, numbers
 * with a decimal comma, bounded cell text. Every value comes from feeds (advisory titles, vendor
 * product names) or agency input, so each one is cleaned and cut here before it reaches a cell.
 */

export const SEVERITY_LABELS_VI: Readonly<Record<Severity, string>> = {
  critical: 'Nghiêm trọng',
  high: 'Cao',
  medium: 'Trung bình',
  low: 'Thấp',
  none: 'Không đáng kể',
};

export const MATCH_LABELS_VI: Readonly<Record<WarningSystemRow['matchStatus'], string>> = {
  affected: 'Bị ảnh hưởng',
  possibly_affected: 'Có thể bị ảnh hưởng (chưa rõ phiên bản)',
};

export const severityLabel = (s: Severity | null | undefined): string => (s && SEVERITY_LABELS_VI[s]) || 'Chưa xác định';

/** Vietnamese writes 9,8 and 66,7 %: a decimal comma. */
export function vnDecimal(n: number, digits = 1): string {
  return n.toFixed(digits).replace('.', ',');
}

/** "66,7%"; a dash when there is nothing to divide (no system needed fixing). */
export function percentText(p: number | null | undefined): string {
  return typeof p === 'number' && Number.isFinite(p) ? `${vnDecimal(p)}%` : '—';
}

/** Cleaned, whitespace folded to single spaces, at most `max` characters. */
export function oneLine(text: unknown, max = 300): string {
  return truncate(cleanText(text).replace(/\s+/g, ' ').trim(), max);
}

/**
 * A list for one cell: cleaned, empty items dropped, at most `maxItems` shown and the rest
 * counted ("…, KB5028171 (+12)"), so one advisory listing hundreds of builds keeps its row readable.
 */
export function listText(values: readonly unknown[] | null | undefined, maxItems = 10, sep = ', ', maxItem = 120): string {
  const items = (values ?? []).map((v) => oneLine(v, maxItem)).filter(Boolean);
  const shown = items.slice(0, maxItems).join(sep);
  return items.length > maxItems ? `${shown} (+${items.length - maxItems})` : shown;
}

/** "Microsoft Exchange Server 2019" without printing the vendor twice when the product already says it. */
export function productText(a: Pick<WarningAdvisoryRow, 'vendor' | 'product' | 'title'>): string {
  const vendor = oneLine(a.vendor, 80);
  const product = oneLine(a.product, 200);
  if (!product) return oneLine(a.title, 200) || vendor;
  return vendor && !product.toLowerCase().startsWith(vendor.toLowerCase()) ? `${vendor} ${product}` : product;
}

/**
 * The most urgent first (exploited in the wild, then CVSS, then id), so that when a table is cut
 * at its cap the rows dropped are the least urgent ones.
 */
export function byUrgency(a: WarningAdvisoryRow, b: WarningAdvisoryRow): number {
  return Number(b.exploited) - Number(a.exploited) || (b.cvssScore ?? -1) - (a.cvssScore ?? -1) || a.cve.localeCompare(b.cve);
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Agency, then system, in Vietnamese alphabetical order (Đ after D, marks secondary). */
export function byAgencyThenSystem<T extends { agencyName: string; systemName: string }>(a: T, b: T): number {
  return collator.compare(a.agencyName ?? '', b.agencyName ?? '') || collator.compare(a.systemName ?? '', b.systemName ?? '');
}

export const compareVi = (a: string, b: string): number => collator.compare(a, b);

/** 1234 → "1.234": the digit grouping is the same for counts as for the đồng amounts of Mẫu 05. */
export const vnInteger = formatVnd;

/** The line under a capped table, with Vietnamese digit grouping (1.234). */
export function moreRowsLine(total: number, shown: number, noun: string): string {
  return `(Danh sách chỉ liệt kê ${vnInteger(shown)}/${vnInteger(total)} ${noun}; còn ${vnInteger(total - shown)} ${noun} khác, xem đầy đủ trên hệ thống Vigil.)`;
}
