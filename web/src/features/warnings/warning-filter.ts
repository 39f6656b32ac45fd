import type { TFunction } from '../../i18n/i18n-context.tsx';
import { linesToList } from '../../lib/format.ts';
import { SEVERITIES, type Severity } from '../vulns/vuln-types.ts';
import type { WarningFilter } from './warning-types.ts';

/** The filter as the form edits it: every field a string or a list, empty meaning "any". */
export interface FilterDraft {
  vendors: string[];
  severities: Severity[];
  exploited: boolean;
  monthFrom: string;
  monthTo: string;
  q: string;
  cves: string;
  minCvss: string;
  includePossiblyAffected: boolean;
  sources: string[];
}

export const EMPTY_FILTER: FilterDraft = { vendors: [], severities: [], exploited: false, monthFrom: '', monthTo: '', q: '', cves: '', minCvss: '', includePossiblyAffected: false, sources: [] };

export function draftFromFilter(f: WarningFilter): FilterDraft {
  return {
    vendors: f.vendors ?? [],
    severities: f.severities ?? [],
    exploited: f.exploited ?? false,
    monthFrom: f.monthFrom ?? '',
    monthTo: f.monthTo ?? '',
    q: f.q ?? '',
    cves: (f.cves ?? []).join('\n'),
    minCvss: f.minCvss === undefined || f.minCvss === null ? '' : String(f.minCvss),
    includePossiblyAffected: f.includePossiblyAffected ?? false,
    sources: f.sources ?? [],
  };
}

/** Only what was chosen: the server refuses unknown or empty fields rather than guessing. */
export function filterFromDraft(d: FilterDraft): WarningFilter {
  const f: WarningFilter = {};
  if (d.vendors.length) f.vendors = d.vendors;
  if (d.severities.length) f.severities = SEVERITIES.filter((s) => d.severities.includes(s));
  if (d.exploited) f.exploited = true;
  if (d.monthFrom) f.monthFrom = d.monthFrom;
  if (d.monthTo) f.monthTo = d.monthTo;
  if (d.q.trim()) f.q = d.q.trim();
  const cves = linesToList(d.cves.replace(/[,;\s]+/g, '\n')).map((c) => c.toUpperCase());
  if (cves.length) f.cves = cves;
  const min = Number(d.minCvss.replace(',', '.'));
  if (d.minCvss.trim() !== '' && Number.isFinite(min)) f.minCvss = min;
  if (d.includePossiblyAffected) f.includePossiblyAffected = true;
  if (d.sources.length) f.sources = d.sources;
  return f;
}

/** "2023-05".."2023-08" → "5–8/2023"; across years "11/2022–2/2023". */
function period(from: string, to: string): string {
  const m = (s: string) => /^(\d{4})-(\d{2})$/.exec(s);
  const a = m(from);
  const b = m(to);
  const short = (x: RegExpExecArray) => `${Number(x[2])}/${x[1]}`;
  if (a && b) {
    if (from === to) return short(a);
    return a[1] === b[1] ? `${Number(a[2])}–${Number(b[2])}/${a[1]}` : `${short(a)}–${short(b)}`;
  }
  if (a) return `${short(a)}–`;
  if (b) return `–${short(b)}`;
  return '';
}

function joinAnd(t: TFunction, items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t('warn.compose.and')} ${items.at(-1)}`;
}

/** A title proposed from the filter, e.g. "Cảnh báo lỗ hổng Microsoft mức Cao và Nghiêm trọng tháng 5–8/2023". */
export function proposeTitle(t: TFunction, d: FilterDraft): string {
  const sev = SEVERITIES.filter((s) => d.severities.includes(s)).map((s) => t(`vuln.sev.${s}`));
  const p = period(d.monthFrom, d.monthTo);
  return t('warn.compose.autoTitle', {
    vendors: d.vendors.join(', '),
    severity: sev.length ? t('warn.compose.autoSeverity', { list: joinAnd(t, sev) }) : '',
    exploited: d.exploited ? t('warn.compose.autoExploited') : '',
    period: p ? t('warn.compose.autoPeriod', { period: p }) : '',
  })
    .replace(/\s+/g, ' ')
    .trim();
}
