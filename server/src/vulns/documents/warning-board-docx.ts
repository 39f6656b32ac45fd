import { AlignmentType } from 'docx';
import {
  gridTable, heading, officialHeader, packOfficialDocument, para, placeDateLine, titleBlock, vnDate, vnDateTime, type Block,
} from '../../documents/official-docx.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../incidents/documents/form-data.ts';
import { formatDateTime } from '../../notifications/templates/render-message.ts';
import { isOpen, STATUS_LABELS_VI, type BoardFigures } from '../warnings/target-status.ts';
import type { BoardSystemRow, WarningBoardData } from './warning-document-data.ts';
import { byAgencyThenSystem, compareVi, listText, moreRowsLine, oneLine, percentText, vnInteger } from './warning-format.ts';

/**
 * "Báo cáo tình hình khắc phục lỗ hổng theo cảnh báo số …": the board of one warning as a report
 * the coordinating unit can sign and send up (to the provincial leadership, the national
 * coordinator). Per agency the figures, then the systems still open (overdue first: those are
 * what the report is for), then the risks accepted, whose approvers and end dates someone must
 * watch. The number is left blank to be filled in when the report is registered.
 */

export const BOARD_ROW_CAP = 1000;

const C = AlignmentType.CENTER;
const L = AlignmentType.LEFT;

function figureCells(name: string, f: BoardFigures): string[] {
  const n = (v: number) => vnInteger(v);
  return [name, n(f.systems), n(f.notAcknowledged), n(f.acknowledged), n(f.affected), n(f.notAffected), n(f.fixed), n(f.riskAccepted), n(f.overdue), percentText(f.percentFixed)];
}

function summarySentence(t: BoardFigures, agencies: number): string {
  const parts = [
    `đã khắc phục ${vnInteger(t.fixed)} hệ thống (${percentText(t.percentFixed)} số hệ thống bị ảnh hưởng)`,
    `${vnInteger(t.notAffected)} hệ thống không bị ảnh hưởng`,
    `${vnInteger(t.riskAccepted)} hệ thống chấp nhận rủi ro`,
  ];
  const open = t.open
    ? `còn ${vnInteger(t.open)} hệ thống chưa xử lý xong${t.overdue ? `, trong đó ${vnInteger(t.overdue)} hệ thống đã quá hạn` : ''}`
    : 'không còn hệ thống nào chưa xử lý xong';
  return `Cảnh báo được gửi tới ${vnInteger(agencies)} cơ quan, đơn vị với ${vnInteger(t.systems)} hệ thống bị ảnh hưởng hoặc có thể bị ảnh hưởng; ` +
    `${vnInteger(t.notAcknowledged)} hệ thống chưa được đơn vị xác nhận. Đến thời điểm báo cáo: ${parts.join(', ')}; ${open}.`;
}

function capped(rows: BoardSystemRow[], noun: string, table: (shown: BoardSystemRow[]) => Block): Block[] {
  const shown = rows.slice(0, BOARD_ROW_CAP);
  const out = [table(shown)];
  if (rows.length > shown.length) out.push(para(moreRowsLine(rows.length, shown.length, noun), { italics: true, size: 22, before: 60 }));
  return out;
}

export async function warningBoardDocx(data: WarningBoardData): Promise<Buffer> {
  const tz = data.timeZone || DEFAULT_DOCUMENT_SETTINGS.timeZone;
  const number = oneLine(data.number, 120);
  const subtitle = `Tình hình khắc phục lỗ hổng theo cảnh báo số ${number}`;
  const agencies = [...(data.agencies ?? [])].sort((a, b) => compareVi(a.agencyName ?? '', b.agencyName ?? ''));
  const systems = [...(data.systems ?? [])].sort(byAgencyThenSystem);
  // Overdue first, then by agency: the order a follow-up call list is worked through.
  const open = systems.filter((s) => isOpen(s.status)).sort((a, b) => Number(b.overdue) - Number(a.overdue) || byAgencyThenSystem(a, b));
  const accepted = systems.filter((s) => s.status === 'risk_accepted');
  const stamp = (d: Date | null) => (d ? formatDateTime(d, tz) : '');
  const issued = data.issuedAt ? ` ngày ${vnDate(data.issuedAt, tz)}` : '';
  const deadline = data.deadline ? `; hạn cập nhật tình trạng xử lý: ${vnDateTime(data.deadline, tz)}` : '';

  const body: Block[] = [
    ...officialHeader({
      unit: oneLine(data.organization, 200),
      numberLine: 'Số:        /BC',
      mottoCountry: DEFAULT_DOCUMENT_SETTINGS.mottoCountry,
      mottoSlogan: DEFAULT_DOCUMENT_SETTINGS.mottoSlogan,
      dateLine: placeDateLine('', data.generatedAt, tz),
    }),
    ...titleBlock('Báo cáo', subtitle),
    para(`Cảnh báo lỗ hổng số ${number}${issued}: ${oneLine(data.title, 500)}${deadline}. Số liệu tổng hợp từ hệ thống Vigil lúc ${vnDateTime(data.generatedAt, tz)}.`,
      { indent: true, after: 120 }),

    heading('I. TỔNG HỢP THEO ĐƠN VỊ'),
    para(summarySentence(data.totals, agencies.length), { indent: true, after: 120 }),
    para('Đơn vị tính: hệ thống', { italics: true, align: AlignmentType.RIGHT, size: 22, after: 40 }),
    gridTable(
      ['Đơn vị', 'Số hệ thống', 'Chưa xác nhận', 'Đã tiếp nhận', 'Bị ảnh hưởng', 'Không ảnh hưởng', 'Đã khắc phục', 'Chấp nhận rủi ro', 'Quá hạn', '% khắc phục'],
      [0.2, 0.08, 0.09, 0.08, 0.08, 0.09, 0.08, 0.1, 0.08, 0.12],
      [
        ...agencies.slice(0, BOARD_ROW_CAP).map((a) => ({ cells: figureCells(oneLine(a.agencyName, 200), a) })),
        { bold: true, cells: figureCells('Tổng cộng', data.totals) },
      ],
      [L, C, C, C, C, C, C, C, C, C],
      { size: 20 },
    ),
  ];
  if (agencies.length > BOARD_ROW_CAP) body.push(para(moreRowsLine(agencies.length, BOARD_ROW_CAP, 'đơn vị'), { italics: true, size: 22, before: 60 }));

  body.push(heading('II. CÁC HỆ THỐNG CHƯA XỬ LÝ XONG'));
  if (open.length === 0) body.push(para('Không còn hệ thống nào chưa xử lý xong.', { indent: true }));
  else {
    body.push(...capped(open, 'hệ thống', (shown) => gridTable(
      ['STT', 'Đơn vị', 'Hệ thống', 'Tình trạng', 'CVE', 'Cập nhật lúc', 'Quá hạn'],
      [0.06, 0.18, 0.22, 0.16, 0.16, 0.13, 0.09],
      shown.map((s, i) => ({
        cells: [String(i + 1), oneLine(s.agencyName, 200), oneLine(s.systemName, 200), STATUS_LABELS_VI[s.status] ?? oneLine(s.status, 40),
          listText(s.cves, 8, '\n', 40), stamp(s.updatedAt) || 'Chưa cập nhật', s.overdue ? 'Quá hạn' : ''],
      })),
      [C, L, L, L, L, C, C],
      { size: 20 },
    )));
  }

  if (accepted.length) {
    body.push(heading('III. CÁC HỆ THỐNG CHẤP NHẬN RỦI RO'));
    body.push(...capped(accepted, 'hệ thống', (shown) => gridTable(
      ['STT', 'Đơn vị', 'Hệ thống', 'Lý do, căn cứ', 'Người phê duyệt', 'Hết hạn chấp nhận'],
      [0.06, 0.18, 0.2, 0.24, 0.18, 0.14],
      shown.map((s, i) => ({
        cells: [String(i + 1), oneLine(s.agencyName, 200), oneLine(s.systemName, 200), oneLine(s.detail, 400), oneLine(s.riskApprover, 200),
          riskDay(s.riskExpiresOn)],
      })),
      [C, L, L, L, L, C],
      { size: 20 },
    )));
  }

  return packOfficialDocument({ title: `Báo cáo ${subtitle.charAt(0).toLowerCase()}${subtitle.slice(1)}`, subject: oneLine(data.title, 250) || undefined }, body);
}

/** "2026-09-30" → "30/09/2026"; anything else as given (bounded). */
function riskDay(day: string | null): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : oneLine(day, 40);
}
