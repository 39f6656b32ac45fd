import ExcelJS from 'exceljs';
import { localParts } from '../../documents/official-docx.ts';
import { neutraliseFormula } from '../../importing/cell-text.ts';
import { formatDateTime } from '../../notifications/templates/render-message.ts';
import { STATUS_LABELS_VI, type BoardFigures } from '../warnings/target-status.ts';
import type { WarningBoardData } from './warning-document-data.ts';
import { byAgencyThenSystem, compareVi, listText, MATCH_LABELS_VI, oneLine } from './warning-format.ts';

/**
 * The board of one warning as a workbook for the coordinator's follow-up: "Tổng hợp" (one row
 * per agency and a total) and "Chi tiết" (one row per system), each under a few title lines, with
 * the table header frozen and filterable.
 *
 * Agency-entered text (reasons, approvers, system names) is written as text, never as a formula:
 * a value starting with = + - @ gets the same leading apostrophe as the registry exports
 * (`neutraliseFormula`), so "=HYPERLINK(…)" typed as a reason cannot run in the coordinator's Excel.
 * Counts stay numbers and dates stay dates, so the sheets sort and sum.
 */

/** Excel's own limit is 32,767 characters a cell; a readable row is far shorter. */
const CELL_MAX = 2000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

type Cell = string | number | Date | null;

/** Cleaned (XML-safe), bounded and formula-neutralised. */
export function safeCell(value: unknown, max = CELL_MAX): string {
  return neutraliseFormula(oneLine(value, max));
}

/**
 * An instant as the wall-clock time of the zone: Excel dates carry no zone, and a coordinator in
 * Hà Nội reads 14:05 where the stored instant is 07:05Z.
 */
function wallClock(at: Date | null, timeZone: string): Date | null {
  const p = at ? localParts(at, timeZone) : null;
  return p && Number.isFinite(p.year) ? new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)) : null;
}

/** "2026-09-30" as a date cell; anything else as (neutralised) text. */
function dayCell(day: string | null): Cell {
  if (!day) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  return d && !Number.isNaN(d.getTime()) ? d : safeCell(day, 40);
}

interface Table {
  title: string[];
  header: string[];
  widths: number[];
  rows: Cell[][];
  /** Number formats by column index. */
  formats?: Record<number, string>;
  totalRow?: Cell[];
}

/** Title lines, a blank line, the header (frozen, filterable), the rows and an optional total. */
function addTable(wb: ExcelJS.Workbook, name: string, t: Table): ExcelJS.Worksheet {
  const headerRow = t.title.length + 2;
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow }] });
  ws.columns = t.widths.map((width) => ({ width }));
  t.title.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = safeCell(line);
    row.font = { bold: i === 0, size: i === 0 ? 14 : 11 };
  });
  const head = ws.getRow(headerRow);
  head.values = t.header.map((h) => safeCell(h));
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.eachCell((c) => { c.fill = HEADER_FILL; });
  for (const r of t.rows) ws.addRow(r);
  if (t.totalRow) {
    const total = ws.addRow(t.totalRow);
    total.font = { bold: true };
    total.eachCell((c) => { c.fill = TOTAL_FILL; });
  }
  for (const [col, fmt] of Object.entries(t.formats ?? {})) ws.getColumn(Number(col) + 1).numFmt = fmt;
  const last = headerRow + t.rows.length;
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, last), column: t.header.length } };
  return ws;
}

const SUMMARY_HEADER = ['Đơn vị', 'Số hệ thống', 'Chưa xác nhận', 'Đã tiếp nhận', 'Bị ảnh hưởng', 'Không ảnh hưởng', 'Đã khắc phục', 'Chấp nhận rủi ro', 'Quá hạn', '% khắc phục'];

/** One summary row; the percentage as a fraction so Excel's 0.0% format shows it and sums work. */
function figures(name: string, f: BoardFigures): Cell[] {
  const pct = typeof f.percentFixed === 'number' && Number.isFinite(f.percentFixed) ? f.percentFixed / 100 : '—';
  return [safeCell(name, 300), f.systems, f.notAcknowledged, f.acknowledged, f.affected, f.notAffected, f.fixed, f.riskAccepted, f.overdue, pct];
}

export async function warningBoardXlsx(data: WarningBoardData): Promise<Buffer> {
  const tz = data.timeZone || 'Asia/Ho_Chi_Minh';
  const number = oneLine(data.number, 120);
  const title = [
    `TÌNH HÌNH KHẮC PHỤC LỖ HỔNG THEO CẢNH BÁO SỐ ${number}`,
    oneLine(data.title, 500),
    [
      data.issuedAt ? `Ngày ban hành: ${formatDateTime(data.issuedAt, tz)}` : '',
      `Hạn xử lý: ${data.deadline ? formatDateTime(data.deadline, tz) : 'không đặt'}`,
    ].filter(Boolean).join(' · '),
    `${oneLine(data.organization, 300)} — lập lúc ${formatDateTime(data.generatedAt, tz)}`,
  ];

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Vigil';
  wb.created = data.generatedAt;

  const agencies = [...(data.agencies ?? [])].sort((a, b) => compareVi(a.agencyName ?? '', b.agencyName ?? ''));
  addTable(wb, 'Tổng hợp', {
    title,
    header: SUMMARY_HEADER,
    widths: [40, 12, 14, 13, 13, 15, 13, 15, 10, 12],
    rows: agencies.map((a) => figures(a.agencyName, a)),
    totalRow: figures('Tổng cộng', data.totals),
    formats: { 9: '0.0%' },
  });

  const systems = [...(data.systems ?? [])].sort(byAgencyThenSystem);
  addTable(wb, 'Chi tiết', {
    title,
    header: ['Đơn vị', 'Hệ thống', 'Tình trạng', 'Khớp', 'CVE', 'Chi tiết', 'Người phê duyệt', 'Hết hạn chấp nhận', 'Cập nhật lúc', 'Quá hạn'],
    widths: [30, 34, 24, 22, 30, 50, 26, 16, 17, 9],
    rows: systems.map((s) => [
      safeCell(s.agencyName, 300),
      safeCell(s.systemName, 300),
      STATUS_LABELS_VI[s.status] ?? safeCell(s.status, 40),
      MATCH_LABELS_VI[s.matchStatus] ?? safeCell(s.matchStatus, 40),
      safeCell(listText(s.cves, 50, ', ', 40)),
      safeCell(s.detail),
      s.riskApprover ? safeCell(s.riskApprover, 300) : null,
      dayCell(s.riskExpiresOn),
      wallClock(s.updatedAt, tz),
      s.overdue ? 'Có' : '',
    ]),
    formats: { 7: 'dd/mm/yyyy', 8: 'dd/mm/yyyy hh:mm' },
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
