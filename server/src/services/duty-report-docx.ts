import {
  AlignmentType, Document, Packer, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, VerticalAlignTable, WidthType,
} from 'docx';
import { formatLocal } from '../duty/local-time.ts';
import type { DutyReport, DutyReportItem } from './duty-report.service.ts';

/**
 * The daily duty report as a Word document to send, laid out the way Vietnamese administrative
 * documents are (Nghị định 30/2020/NĐ-CP): Times New Roman 13 pt on A4, the issuing unit on the
 * left and the national motto on the right of the header, a bold centred title, numbered
 * sections, tables, and the signature block. The text is Vietnamese whatever the reader's UI
 * language: it is an official document.
 */
const FONT = 'Times New Roman';
/** Half-points. */
const SIZE = 26;
const SMALL = 24;
/** Twips (1 mm ≈ 56.7): top/bottom 20 mm, left 30 mm, right 15 mm. */
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 };
const CONTENT_WIDTH = 11906 - MARGIN.left - MARGIN.right;

const SEVERITY: Record<string, string> = { critical: 'Nghiêm trọng', high: 'Cao', medium: 'Trung bình', low: 'Thấp', info: 'Thông tin' };
const STATUS: Record<DutyReportItem['statusAtEnd'], string> = { open: 'Chưa xử lý', acknowledged: 'Đã tiếp nhận, đang xử lý', resolved: 'Đã xử lý xong' };

/** Text from alerts and notes may carry control characters that are not allowed in XML. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '');
}

function runs(text: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun[] {
  return clean(text).split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, font: FONT, size: opts.size ?? SIZE, bold: opts.bold, italics: opts.italics }));
}

function para(text: string, opts: { bold?: boolean; italics?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; indent?: boolean; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    keepNext: opts.keepNext,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 60, line: 276 },
    indent: opts.indent ? { firstLine: 567 } : undefined,
    children: runs(text, opts),
  });
}

function cell(text: string, width: number, opts: { bold?: boolean; center?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT, children: runs(text, { bold: opts.bold, size: SMALL }) })],
  });
}

/** A bordered table with a repeated header row; widths are fractions of the text width. */
function table(headers: string[], fractions: number[], rows: string[][]): Table {
  const widths = fractions.map((f) => Math.floor(f * CONTENT_WIDTH));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, widths[i]!, { bold: true, center: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, widths[i]!, { center: i === 0 })) })),
    ],
  });
}

function heading(text: string): Paragraph {
  // Kept with what follows: a section title is never left alone at the foot of a page.
  return para(text, { bold: true, before: 200, after: 100, align: AlignmentType.LEFT, keepNext: true });
}

/** The header: unit on the left, motto on the right, each with the short rule under it. */
function header(report: DutyReport): Table {
  const half = Math.floor(CONTENT_WIDTH * 0.42);
  const rest = CONTENT_WIDTH - half;
  const noBorders = TableBorders.NONE;
  const rule = (width: number) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '─'.repeat(width), font: FONT, size: 16 })] });
  const now = new Date(report.generatedAt);
  const local = formatLocal(now, report.timeZone);
  const [d, m, y] = local.slice(0, 10).split('/');
  const left = new TableCell({
    width: { size: half, type: WidthType.DXA },
    borders: noBorders,
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, children: runs(report.unitName.toUpperCase(), { bold: true, size: SMALL }) }),
      rule(10),
    ],
  });
  const right = new TableCell({
    width: { size: rest, type: WidthType.DXA },
    borders: noBorders,
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, children: runs('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SMALL }) }),
      new Paragraph({ alignment: AlignmentType.CENTER, children: runs('Độc lập - Tự do - Hạnh phúc', { bold: true, size: SIZE }) }),
      rule(18),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120 }, children: runs(`ngày ${d} tháng ${m} năm ${y}`, { italics: true, size: SIZE }) }),
    ],
  });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, rest],
    borders: noBorders,
    rows: [new TableRow({ children: [left, right] })],
  });
}

function where(i: DutyReportItem): string {
  return [i.agencyName, i.systemName].filter(Boolean).join(' / ') || '—';
}

function title(i: DutyReportItem): string {
  return i.type === 'group' && i.alertCount > 1 ? `${i.title} (nhóm ${i.alertCount} cảnh báo)` : i.title;
}

/** `dd/MM/yyyy` of the report's date. */
export function reportDateVn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export async function renderDutyReportDocx(report: DutyReport): Promise<Buffer> {
  const tz = report.timeZone;
  const at = (iso: string | null) => (iso ? formatLocal(new Date(iso), tz) : '—');
  const dateVn = reportDateVn(report.date);
  const s = report.summary;
  const none = () => para('Không có.', { italics: true, indent: true });
  const body: (Paragraph | Table)[] = [
    header(report),
    para(`BÁO CÁO TÌNH HÌNH TRỰC NGÀY ${dateVn}`, { bold: true, align: AlignmentType.CENTER, before: 360, after: 60, size: 28 }),
    para(`Đợt cao điểm: ${report.period.name}`, { bold: true, align: AlignmentType.CENTER, after: 60 }),
    para(`(Thời gian báo cáo: từ ${report.window.startLocal} đến ${report.window.endLocal}, ${tz === 'Asia/Ho_Chi_Minh' ? 'giờ Việt Nam' : `giờ ${tz}`})`, { italics: true, align: AlignmentType.CENTER, after: 240 }),

    heading('I. TÌNH HÌNH CHUNG'),
    para(
      `Trong thời gian trên, hệ thống ghi nhận ${s.opened} cảnh báo mới phát sinh; đã xử lý xong ${s.resolved} cảnh báo; ` +
        `đến cuối thời gian báo cáo còn ${s.stillOpen} cảnh báo chưa xử lý xong` + (s.stillOpenCritical ? `, trong đó ${s.stillOpenCritical} ở mức nghiêm trọng.` : '.') +
        ` Tiếp nhận ${s.incidentsReceived} báo cáo sự cố; cuối ngày còn ${s.incidentsOpen} sự cố đang xử lý.`,
      { indent: true },
    ),
  ];
  if (report.truncated) body.push(para('Số cảnh báo vượt quá giới hạn của một báo cáo; các bảng dưới đây chỉ liệt kê phần đầu. Xem đầy đủ trên hệ thống.', { italics: true, indent: true }));

  body.push(heading('II. LỰC LƯỢNG TRỰC'));
  const shiftRows = report.rosters.flatMap((r) => r.shifts.map((sh) => [r.name, sh.personName, at(sh.start), at(sh.end)]));
  if (shiftRows.length) body.push(table(['Tổ trực', 'Người trực', 'Từ', 'Đến'], [0.3, 0.3, 0.2, 0.2], shiftRows));
  else body.push(none());

  body.push(heading('III. GHI CHÚ BÀN GIAO CA'));
  if (report.handoverNotes.length) {
    body.push(table(['Thời điểm', 'Tổ trực', 'Người ghi', 'Nội dung'], [0.17, 0.2, 0.18, 0.45], report.handoverNotes.map((n) => [at(n.at), n.rosterName, n.authorName ?? '—', n.text])));
  } else body.push(none());

  body.push(heading('IV. CẢNH BÁO PHÁT SINH TRONG NGÀY'));
  if (report.opened.length) {
    body.push(table(['STT', 'Thời điểm', 'Mức độ', 'Nội dung', 'Đơn vị / Hệ thống', 'Tình trạng cuối ngày'], [0.08, 0.15, 0.12, 0.29, 0.19, 0.17],
      report.opened.map((i, n) => [String(n + 1), at(i.openedAt), SEVERITY[i.severity] ?? i.severity, title(i), where(i), STATUS[i.statusAtEnd]])));
  } else body.push(none());

  body.push(heading('V. CẢNH BÁO ĐÃ XỬ LÝ XONG TRONG NGÀY'));
  if (report.resolved.length) {
    body.push(table(['STT', 'Phát sinh', 'Xử lý xong', 'Mức độ', 'Nội dung', 'Đơn vị / Hệ thống'], [0.08, 0.15, 0.15, 0.12, 0.31, 0.19],
      report.resolved.map((i, n) => [String(n + 1), at(i.openedAt), at(i.resolvedAt), SEVERITY[i.severity] ?? i.severity, title(i), where(i)])));
  } else body.push(none());

  body.push(heading('VI. SỰ CỐ AN TOÀN THÔNG TIN MẠNG'));
  if (report.incidents.length) {
    body.push(table(['Số', 'Tiếp nhận', 'Nội dung', 'Đơn vị báo cáo', 'Tình trạng cuối ngày'], [0.16, 0.15, 0.34, 0.19, 0.16],
      report.incidents.map((i) => [i.number, at(i.receivedAt), i.serious ? `${i.title} (nghiêm trọng)` : i.title, i.agencyName, i.openAtEnd ? 'Đang xử lý' : `Đã đóng ${at(i.closedAt)}`])));
  } else body.push(none());

  body.push(heading('VII. CÁC VẤN ĐỀ CÒN TỒN ĐỌNG CUỐI NGÀY'));
  if (report.stillOpen.length) {
    body.push(table(['STT', 'Phát sinh', 'Mức độ', 'Nội dung', 'Đơn vị / Hệ thống', 'Tình trạng'], [0.08, 0.15, 0.12, 0.31, 0.19, 0.15],
      report.stillOpen.map((i, n) => [String(n + 1), at(i.openedAt), SEVERITY[i.severity] ?? i.severity, title(i), where(i), STATUS[i.statusAtEnd]])));
  } else body.push(para('Không còn vấn đề tồn đọng.', { italics: true, indent: true }));

  // Two tables with nothing between them are merged into one by Word and LibreOffice.
  body.push(para(''), signature());

  const doc = new Document({
    creator: 'Vigil',
    title: `Báo cáo tình hình trực ngày ${dateVn}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: MARGIN } }, children: body }],
  });
  return Packer.toBuffer(doc);
}

/** "Nơi nhận" on the left, the signer on the right, as on any official letter. */
function signature(): Table {
  const half = Math.floor(CONTENT_WIDTH / 2);
  const none = TableBorders.NONE;
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, CONTENT_WIDTH - half],
    borders: none,
    rows: [new TableRow({
      children: [
        new TableCell({
          width: { size: half, type: WidthType.DXA }, borders: none,
          children: [
            new Paragraph({ spacing: { before: 360 }, children: runs('Nơi nhận:', { bold: true, italics: true, size: SMALL }) }),
            new Paragraph({ children: runs('- Lãnh đạo đơn vị;', { size: 22 }) }),
            new Paragraph({ children: runs('- Tổ trực;', { size: 22 }) }),
            new Paragraph({ children: runs('- Lưu: VT.', { size: 22 }) }),
          ],
        }),
        new TableCell({
          width: { size: CONTENT_WIDTH - half, type: WidthType.DXA }, borders: none,
          children: [
            new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: runs('NGƯỜI LẬP BÁO CÁO', { bold: true }) }),
            new Paragraph({ alignment: AlignmentType.CENTER, children: runs('(Ký, ghi rõ họ tên)', { italics: true }) }),
          ],
        }),
      ],
    })],
  });
}
