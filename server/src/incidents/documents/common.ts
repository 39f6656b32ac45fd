import { cleanText, isBlank, officialHeader, placeDateLine, signatureBlock, type Block } from '../../documents/official-docx.ts';
import type { DocumentCommon, DocumentSettings, Instant, Issuer, Signer } from './form-data.ts';

/** What the three incident documents share: the header, number, recipients and signature. */

/** "Số: 12/BC-SKHCN"; blank numbers are left to fill in by hand. */
export function numberLine(reportNumber: string | null | undefined, settings: DocumentSettings): string {
  const n = cleanText(reportNumber).trim();
  if (n.includes('/')) return `Số: ${n}`;
  const symbol = cleanText(settings.numberSymbol).trim();
  if (!n) return `Số:        /${symbol}`;
  return symbol ? `Số: ${n}/${symbol}` : `Số: ${n}`;
}

/** A number as cited in another document: as given, or with the settings' symbol. */
export function citedNumber(reportNumber: string | null | undefined, settings: DocumentSettings): string {
  return numberLine(reportNumber, settings).replace(/^Số:\s*/, '');
}

export function recipientsOf(data: DocumentCommon, fallback: string[]): string[] {
  const list = (data.recipients ?? []).map((r) => cleanText(r).trim()).filter(Boolean);
  return list.length ? list : fallback;
}

export function headerBlocks(args: {
  issuer: Issuer; reportNumber: string | null | undefined; date: Instant; formLabel: string; settings: DocumentSettings;
}): Block[] {
  const { settings: s } = args;
  return officialHeader({
    parent: args.issuer.parent,
    unit: args.issuer.name,
    numberLine: numberLine(args.reportNumber, s),
    mottoCountry: s.mottoCountry,
    mottoSlogan: s.mottoSlogan,
    dateLine: placeDateLine(s.placeName, args.date, s.timeZone),
    formLabel: args.formLabel,
  });
}

/** "Nơi nhận: - Như trên; - …; - Lưu: VT." and the signer (data's, else the settings'). */
export function signatureBlocks(signer: Signer | null | undefined, extraRecipients: string[], settings: DocumentSettings): Block[] {
  const sg = { ...settings.signer, ...(signer ?? {}) };
  return signatureBlock({
    recipients: ['Như trên', ...extraRecipients],
    archiveLine: settings.archiveLine,
    authority: sg.authority,
    title: sg.title,
    name: sg.name,
    note: sg.note,
  });
}

/** Replaces `{unit}`, `{period}`… in a configured sentence. */
export function fill(template: string, values: Record<string, string>): string {
  return cleanText(template).replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? cleanText(values[k]) : m));
}

/** A list of short values joined with "; ", or '' when there is none. */
export function joinList(values: (string | null | undefined)[] | null | undefined): string {
  return (values ?? []).map((v) => cleanText(v).trim()).filter(Boolean).join('; ');
}

/** The value, or the dotted line. */
export function orEmpty(value: unknown, settings: DocumentSettings): string {
  return isBlank(value) ? settings.emptyValue : cleanText(value).trim();
}
