import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Tab, Table, TableBorders, TableCell, TableRow, TabStopType, TextRun,
  VerticalAlignTable, WidthType,
} from 'docx';

/**
 * Building blocks for Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, appendix I):
 * A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt; the header
 * table with the issuing unit and number on the left and the national motto on the right, each
 * with its short rule; the place/date line in italics; the centred bold title; "Kính gửi";
 * numbered sections; "Nơi nhận" bottom-left and the signer bottom-right.
 *
 * Every text that goes in passes through `cleanText`, so user text cannot break the XML.
 */
export const FONT = 'Times New Roman';
/** The checkbox glyphs are not in Times New Roman; Word and LibreOffice find them here or fall back. */
export const SYMBOL_FONT = 'Segoe UI Symbol';
/** Half-points: 13 pt body, 12 pt header lines and tables. */
export const SIZE = 26;
export const SMALL = 24;
export const TABLE_SIZE = 24;
export const PAGE = { width: 11906, height: 16838 } as const;
/** Twips (1 mm ≈ 56.7): top/bottom 20 mm, left 30 mm, right 15 mm. */
export const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 } as const;
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const CHECKED = '☒';
export const UNCHECKED = '☐';

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
export type Block = Paragraph | Table;

/**
 * Removes what XML 1.0 cannot hold (C0 controls other than tab/newline, DEL, U+FFFE/U+FFFF,
 * unpaired surrogates) and turns null/undefined into ''.
 */
export function cleanText(text: unknown): string {
  if (text === null || text === undefined) return '';
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

export function isBlank(v: unknown): boolean {
  return cleanText(v).trim() === '';
}

export interface RunOpts { bold?: boolean; italics?: boolean; size?: number; underline?: boolean; font?: string }

/** One run per line; newlines become line breaks, tabs stay tabs. */
export function runs(text: unknown, opts: RunOpts = {}): TextRun[] {
  return cleanText(text).split(/\r\n|\r|\n/).map((line, i) => new TextRun({
    text: line, break: i > 0 ? 1 : 0, font: opts.font ?? FONT, size: opts.size ?? SIZE,
    bold: opts.bold, italics: opts.italics, underline: opts.underline ? {} : undefined,
  }));
}

export interface ParaOpts extends RunOpts {
  align?: Align; before?: number; after?: number; indent?: boolean; hanging?: number; left?: number;
  keepNext?: boolean; line?: number; tabRight?: boolean;
}

/** A paragraph of text (or ready runs). `indent` is the 1 cm first-line indent of body text. */
export function para(content: unknown | TextRun[], opts: ParaOpts = {}): Paragraph {
  const children = Array.isArray(content) && content.every((c) => c instanceof TextRun) ? content as TextRun[] : runs(content, opts);
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    keepNext: opts.keepNext,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 60, line: opts.line ?? 276 },
    indent: opts.hanging ? { left: (opts.left ?? 0) + opts.hanging, hanging: opts.hanging } : opts.indent ? { firstLine: 567, left: opts.left } : opts.left ? { left: opts.left } : undefined,
    tabStops: opts.tabRight ? [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }] : undefined,
    children,
  });
}

/** "☒ label" / "☐ label" as runs. */
export function checkbox(checked: boolean, label: unknown, opts: RunOpts = {}): TextRun[] {
  return [
    new TextRun({ text: checked ? CHECKED : UNCHECKED, font: SYMBOL_FONT, size: opts.size ?? SIZE }),
    new TextRun({ text: ' ', font: FONT, size: opts.size ?? SIZE }),
    ...runs(label, opts),
  ];
}

/** `dd/MM/yyyy`, `HH`, `mm` of an instant in a time zone. */
export function localParts(at: Date | string | number, timeZone: string): { day: number; month: number; year: number; hour: number; minute: number } | null {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  return { day: get('day'), month: get('month'), year: get('year'), hour: get('hour'), minute: get('minute') };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "05/03/2026"; '' for an unreadable instant. */
export function vnDate(at: Date | string | number | null | undefined, timeZone: string): string {
  const p = at === null || at === undefined ? null : localParts(at, timeZone);
  return p ? `${two(p.day)}/${two(p.month)}/${p.year}` : '';
}

/** "14 giờ 05 phút, ngày 05/03/2026"; '' for an unreadable instant. */
export function vnDateTime(at: Date | string | number | null | undefined, timeZone: string): string {
  const p = at === null || at === undefined ? null : localParts(at, timeZone);
  return p ? `${two(p.hour)} giờ ${two(p.minute)} phút, ngày ${two(p.day)}/${two(p.month)}/${p.year}` : '';
}

/**
 * The place/date line: "Đồng Nai, ngày 05 tháng 3 năm 2026" (Decree 30: a zero before days
 * under 10 and months under 3). Without a readable date the blanks are left to fill in.
 */
export function placeDateLine(place: string, at: Date | string | number | null | undefined, timeZone: string): string {
  const p = at === null || at === undefined ? null : localParts(at, timeZone);
  const where = cleanText(place).trim();
  const date = p ? `ngày ${two(p.day)} tháng ${p.month < 3 ? two(p.month) : p.month} năm ${p.year}` : 'ngày      tháng      năm      ';
  return where ? `${where}, ${date}` : date.charAt(0).toUpperCase() + date.slice(1);
}

/** A short centred rule under a header line: a bottom border between indents. */
function rule(cellWidth: number, ruleWidth: number): Paragraph {
  const side = Math.max(0, Math.floor((cellWidth - ruleWidth) / 2) - 100);
  return new Paragraph({
    spacing: { before: 40, after: 0, line: 120, lineRule: 'exact' },
    indent: { left: side, right: side },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [new TextRun({ text: '', size: 4 })],
  });
}

export interface HeaderSpec {
  /** Cơ quan chủ quản (upper-case, regular); empty for none. */
  parent?: string | null;
  /** The issuing unit (upper-case, bold). */
  unit: string;
  /** "Số: 12/BC-SKHCN" — the whole line. */
  numberLine: string;
  mottoCountry: string;
  mottoSlogan: string;
  /** The place/date line, in italics under the motto. */
  dateLine: string;
  /** A small label above the motto, e.g. "Mẫu 03"; empty for none. */
  formLabel?: string | null;
}

/** The header table: unit and number left (≈ 40 %), motto and date right, no borders. */
export function officialHeader(h: HeaderSpec): Block[] {
  const left = Math.floor(CONTENT_WIDTH * 0.4);
  const right = CONTENT_WIDTH - left;
  const none = TableBorders.NONE;
  const center = (text: unknown, o: RunOpts & { before?: number; after?: number } = {}) => new Paragraph({
    alignment: AlignmentType.CENTER, spacing: { before: o.before ?? 0, after: o.after ?? 0 }, children: runs(text, o),
  });
  const out: Block[] = [];
  if (!isBlank(h.formLabel)) out.push(para(h.formLabel, { align: AlignmentType.RIGHT, italics: true, size: TABLE_SIZE, after: 60 }));
  const leftChildren = [
    ...(isBlank(h.parent) ? [] : [center(cleanText(h.parent).toUpperCase(), { size: SMALL })]),
    center(cleanText(h.unit).toUpperCase(), { size: SMALL, bold: true }),
    rule(left, Math.floor(left * 0.35)),
    center(h.numberLine, { size: SMALL, before: 60 }),
  ];
  const rightChildren = [
    center(h.mottoCountry, { size: SMALL, bold: true }),
    center(h.mottoSlogan, { size: SIZE, bold: true }),
    rule(right, 3400),
    center(h.dateLine, { size: SIZE, italics: true, before: 60 }),
  ];
  out.push(new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: none,
    rows: [new TableRow({
      children: [
        new TableCell({ width: { size: left, type: WidthType.DXA }, borders: none, margins: { left: 0, right: 0 }, children: leftChildren }),
        new TableCell({ width: { size: right, type: WidthType.DXA }, borders: none, margins: { left: 0, right: 0 }, children: rightChildren }),
      ],
    })],
  }));
  return out;
}

/** The title, centred bold upper-case, with an optional bold subtitle line under it. */
export function titleBlock(title: string, subtitle?: string | null): Paragraph[] {
  const out = [para(cleanText(title).toUpperCase(), { bold: true, align: AlignmentType.CENTER, before: 480, after: isBlank(subtitle) ? 240 : 0 })];
  if (!isBlank(subtitle)) out.push(para(subtitle, { bold: true, align: AlignmentType.CENTER, after: 240 }));
  return out;
}

/** "Kính gửi: X." on one centred line, or a list of "- X;" lines for several. */
export function kinhGui(recipients: string[]): Paragraph[] {
  const list = recipients.map((r) => cleanText(r).trim()).filter(Boolean);
  if (list.length === 0) return [];
  if (list.length === 1) return [para(`Kính gửi: ${list[0]}.`, { align: AlignmentType.CENTER, after: 240 })];
  return [
    para('Kính gửi:', { align: AlignmentType.LEFT, left: 1700, after: 0 }),
    ...list.map((r, i) => para(`- ${r}${i === list.length - 1 ? '.' : ';'}`, { align: AlignmentType.LEFT, left: 2268, hanging: 170, after: i === list.length - 1 ? 240 : 0 })),
  ];
}

/** A bold section heading ("1. Thông tin …"), kept with what follows. */
export function heading(text: string): Paragraph {
  return para(text, { bold: true, before: 120, after: 60, align: AlignmentType.LEFT, keepNext: true });
}

/**
 * "Label: value" as a body line; an empty value prints `empty` (a dotted line). Long values wrap
 * with a hanging indent under the label's start.
 */
export function fieldLine(label: string, value: unknown, empty: string, opts: { left?: number } = {}): Paragraph {
  const text = cleanText(value).trim();
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 0, after: 40, line: 276 },
    indent: { left: opts.left ?? 567 },
    children: [...runs(`${label}: `), ...runs(text || empty)],
  });
}

/** Two "Label: value" fields on one line, the second at the middle tab stop (wraps if long). */
export function fieldPair(a: [string, unknown], b: [string, unknown], empty: string, opts: { left?: number } = {}): Paragraph[] {
  const left = opts.left ?? 567;
  const va = cleanText(a[1]).trim() || empty;
  const vb = cleanText(b[1]).trim() || empty;
  // About 34 characters of 13 pt Times fit in half the line; longer pairs go on two lines.
  const width = (t: string) => t.length + 2 * (t.match(/…/g)?.length ?? 0);
  if (width(`${a[0]}: ${va}`) > 34 || width(`${b[0]}: ${vb}`) > 34) return [fieldLine(a[0], a[1], empty, opts), fieldLine(b[0], b[1], empty, opts)];
  return [new Paragraph({
    alignment: AlignmentType.LEFT,
    spacing: { before: 0, after: 40, line: 276 },
    indent: { left },
    tabStops: [{ type: TabStopType.LEFT, position: left + Math.floor((CONTENT_WIDTH - left) * 0.5) }],
    children: [...runs(`${a[0]}: ${va}`), new TextRun({ children: [new Tab()], font: FONT, size: SIZE }), ...runs(`${b[0]}: ${vb}`)],
  })];
}

export interface HeaderCell { text: string; colSpan?: number; rowSpan?: number }

/**
 * A bordered table with a repeated bold header; widths are fractions of the text width. The
 * header is one row of titles, or several rows of cells with column/row spans.
 */
export function gridTable(
  headers: string[] | HeaderCell[][], fractions: number[], rows: { cells: string[]; bold?: boolean }[], aligns: Align[] = [],
  opts: { size?: number } = {},
): Table {
  const size = opts.size ?? TABLE_SIZE;
  const widths = fractions.map((f) => Math.floor(f * CONTENT_WIDTH));
  const cell = (text: string, width: number, o: { bold?: boolean; align?: Align; colSpan?: number; rowSpan?: number } = {}) => new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: o.colSpan, rowSpan: o.rowSpan,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    children: [new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, children: runs(text, { bold: o.bold, size }) })],
  });
  const headerRows: HeaderCell[][] = typeof headers[0] === 'string' ? [(headers as string[]).map((text) => ({ text }))] : headers as HeaderCell[][];
  // Which columns each header row starts at, skipping those covered by a row span from above.
  const covered = headerRows.map(() => new Set<number>());
  const header = headerRows.map((hr, r) => {
    let col = 0;
    return new TableRow({
      tableHeader: true, cantSplit: true,
      children: hr.map((h) => {
        while (covered[r]!.has(col)) col++;
        const span = h.colSpan ?? 1;
        const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        for (let k = 1; k < (h.rowSpan ?? 1); k++) for (let c = col; c < col + span; c++) covered[r + k]?.add(c);
        col += span;
        return cell(h.text, width, { bold: true, align: AlignmentType.CENTER, colSpan: h.colSpan, rowSpan: h.rowSpan });
      }),
    });
  });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      ...header,
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.cells.map((v, i) => cell(v, widths[i]!, { bold: r.bold, align: aligns[i] })) })),
    ],
  });
}

/** A borderless grid of checkbox items, `columns` across. */
export function checkboxGrid(items: { checked: boolean; label: string }[], columns: number, left = 567): Table {
  const width = CONTENT_WIDTH - left;
  const w = Math.floor(width / columns);
  const none = TableBorders.NONE;
  const rows: TableRow[] = [];
  for (let i = 0; i < items.length; i += columns) {
    rows.push(new TableRow({
      cantSplit: true,
      children: Array.from({ length: columns }, (_, c) => {
        const it = items[i + c];
        return new TableCell({
          width: { size: w, type: WidthType.DXA }, borders: none, margins: { left: 0, right: 80 },
          children: [new Paragraph({ spacing: { after: 20 }, indent: { left: 340, hanging: 340 }, children: it ? checkbox(it.checked, it.label, { size: SMALL }) : [] })],
        });
      }),
    }));
  }
  return new Table({ width: { size: w * columns, type: WidthType.DXA }, columnWidths: Array(columns).fill(w), borders: none, indent: { size: left, type: WidthType.DXA }, rows });
}

export interface SignatureSpec {
  /** The "Nơi nhận" lines (without the dash); the archive line goes last. */
  recipients: string[];
  archiveLine: string;
  authority?: string | null;
  title: string;
  name?: string | null;
  note?: string | null;
}

/** "Nơi nhận:" bottom-left in 12/11 pt, the signer bottom-right, bold upper-case title. */
export function signatureBlock(s: SignatureSpec): Block[] {
  const left = Math.floor(CONTENT_WIDTH * 0.45);
  const right = CONTENT_WIDTH - left;
  const none = TableBorders.NONE;
  const lines = [...s.recipients.map((r) => cleanText(r).trim()).filter(Boolean), cleanText(s.archiveLine).trim()].filter(Boolean);
  const center = (text: unknown, o: RunOpts & { before?: number } = {}) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: o.before ?? 0 }, children: runs(text, o) });
  const rightChildren = [
    ...(isBlank(s.authority) ? [] : [center(cleanText(s.authority).toUpperCase(), { bold: true })]),
    center(cleanText(s.title).toUpperCase(), { bold: true }),
    ...(isBlank(s.note) ? [] : [center(s.note, { italics: true, size: SMALL })]),
    new Paragraph({ spacing: { before: 1400 }, children: [] }),
    ...(isBlank(s.name) ? [] : [center(s.name, { bold: true })]),
  ];
  return [
    // Two tables with nothing between them are merged by Word and LibreOffice; kept with the
    // signature so the block is never alone at the top of a page.
    para('', { after: 120, keepNext: true }),
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: [left, right],
      borders: none,
      rows: [new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: left, type: WidthType.DXA }, borders: none, margins: { left: 0, right: 0 },
            children: [
              new Paragraph({ children: runs('Nơi nhận:', { bold: true, italics: true, size: TABLE_SIZE }) }),
              ...lines.map((l, i) => new Paragraph({ indent: { left: 140, hanging: 140 }, children: runs(`- ${l}${i === lines.length - 1 ? '.' : ';'}`, { size: 22 }) })),
            ],
          }),
          new TableCell({ width: { size: right, type: WidthType.DXA }, borders: none, margins: { left: 0, right: 0 }, children: rightChildren }),
        ],
      })],
    }),
  ];
}

/** Packs the blocks into an A4 document with the administrative margins and default font. */
export async function packOfficialDocument(meta: { title: string; subject?: string }, body: Block[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Vigil',
    title: cleanText(meta.title),
    subject: meta.subject ? cleanText(meta.subject) : undefined,
    styles: { default: { document: { run: { font: FONT, size: SIZE }, paragraph: { spacing: { line: 276 } } } } },
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: MARGIN } }, children: body }],
  });
  return Packer.toBuffer(doc);
}
