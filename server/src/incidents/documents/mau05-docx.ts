import { AlignmentType } from 'docx';
import {
  cleanText, gridTable, heading, isBlank, kinhGui, packOfficialDocument, para, titleBlock, TABLE_SIZE, type Block,
} from '../../documents/official-docx.ts';
import { fill, headerBlocks, recipientsOf, signatureBlocks } from './common.ts';
import { INCIDENT_TYPES, resolveDocumentSettings, type DocumentSettingsInput, type IncidentType, type Mau05Data, type Mau05Row } from './form-data.ts';

/**
 * Mẫu 05 (Circular 20/2017/TT-BTTTT, appendix I): the six-monthly / yearly summary of the
 * incidents received and handled, one row per official incident type, with totals.
 */

export interface Mau05Totals {
  count: number; handledInHouse: number; helpedDomestic: number; helpedForeign: number; referredToNational: number;
  /** The sum of the numeric damages, or null when none was numeric. */
  estimatedDamage: number | null;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/** One row per official type, in the official order; several rows of one type are added up. */
export function normalizeMau05Rows(rows: Mau05Row[]): Mau05Row[] {
  const by = new Map<IncidentType, Mau05Row>();
  for (const t of INCIDENT_TYPES) by.set(t, { type: t, count: 0, handledInHouse: 0, helpedDomestic: 0, helpedForeign: 0, referredToNational: 0, estimatedDamage: null });
  for (const r of rows ?? []) {
    const into = by.get(r.type) ?? by.get('other')!;
    into.count += count(r.count);
    into.handledInHouse += count(r.handledInHouse);
    into.helpedDomestic += count(r.helpedDomestic);
    into.helpedForeign += count(r.helpedForeign);
    into.referredToNational += count(r.referredToNational);
    into.estimatedDamage = addDamage(into.estimatedDamage, r.estimatedDamage);
  }
  return [...by.values()];
}

function addDamage(a: Mau05Row['estimatedDamage'], b: Mau05Row['estimatedDamage']): Mau05Row['estimatedDamage'] {
  const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && !Number.isFinite(v));
  if (blank(b)) return a;
  if (blank(a)) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return `${typeof a === 'number' ? formatVnd(a) : cleanText(a)}; ${typeof b === 'number' ? formatVnd(b) : cleanText(b)}`;
}

export function mau05Totals(rows: Mau05Row[]): Mau05Totals {
  const t: Mau05Totals = { count: 0, handledInHouse: 0, helpedDomestic: 0, helpedForeign: 0, referredToNational: 0, estimatedDamage: null };
  for (const r of normalizeMau05Rows(rows)) {
    t.count += r.count; t.handledInHouse += r.handledInHouse; t.helpedDomestic += r.helpedDomestic;
    t.helpedForeign += r.helpedForeign; t.referredToNational += r.referredToNational;
    if (typeof r.estimatedDamage === 'number' && Number.isFinite(r.estimatedDamage)) t.estimatedDamage = (t.estimatedDamage ?? 0) + r.estimatedDamage;
  }
  return t;
}

/** 50000000 → "50.000.000" (Vietnamese digit grouping). */
export function formatVnd(n: number): string {
  const neg = n < 0;
  const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return neg ? `-${s}` : s;
}

function damageText(v: Mau05Row['estimatedDamage']): string {
  if (typeof v === 'number') return Number.isFinite(v) ? formatVnd(v) : '';
  return cleanText(v).trim();
}

export async function renderMau05Docx(data: Mau05Data, settingsInput?: DocumentSettingsInput | null): Promise<Buffer> {
  const s = resolveDocumentSettings(settingsInput);
  const unit = cleanText(data.reportingUnit).trim() || s.reportingUnit;
  const issuer = data.issuer ?? { parent: s.parentAuthority, name: unit };
  const recipients = recipientsOf(data, s.summaryRecipients);
  const period = cleanText(data.period).trim();
  const rows = normalizeMau05Rows(data.rows);
  const totals = mau05Totals(data.rows);
  const textDamages = rows.some((r) => typeof r.estimatedDamage === 'string' && r.estimatedDamage.trim() !== '');
  const center = AlignmentType.CENTER;
  const right = AlignmentType.RIGHT;

  const body: Block[] = [
    ...headerBlocks({ issuer, reportNumber: data.reportNumber, date: data.reportDate, formLabel: s.formLabels.mau05, settings: s }),
    ...titleBlock(s.titles.mau05, period ? `(${period})` : null),
    ...kinhGui(recipients),
    para(fill(s.intros.mau05, { unit, period: period || s.emptyValue }), { indent: true, after: 120 }),

    heading('I. TÌNH HÌNH SỰ CỐ THEO LOẠI'),
    para(`Tổng số sự cố đã tiếp nhận, xử lý trong kỳ: ${totals.count} sự cố; trong đó tự xử lý ${totals.handledInHouse}, ` +
      `có hỗ trợ của tổ chức trong nước ${totals.helpedDomestic}, có hỗ trợ của tổ chức nước ngoài ${totals.helpedForeign}, ` +
      `chuyển ${s.nationalCoordinatorShort} ${totals.referredToNational}.`, { indent: true, after: 60 }),
    para('Đơn vị tính: sự cố', { italics: true, align: right, size: TABLE_SIZE, after: 40 }),
    gridTable(
      [
        [
          { text: 'STT', rowSpan: 2 }, { text: 'Loại sự cố', rowSpan: 2 }, { text: 'Số lượng', rowSpan: 2 },
          { text: 'Hình thức xử lý', colSpan: 4 }, { text: 'Thiệt hại ước tính (đồng)', rowSpan: 2 },
        ],
        [
          { text: 'Tự xử lý' }, { text: 'Có hỗ trợ trong nước' }, { text: 'Có hỗ trợ nước ngoài' }, { text: `Chuyển ${s.nationalCoordinatorShort}` },
        ],
      ],
      [0.06, 0.27, 0.08, 0.08, 0.11, 0.11, 0.12, 0.17],
      [
        ...rows.map((r, i) => ({
          cells: [String(i + 1), s.incidentTypeLabels[r.type] ?? r.type, String(r.count), String(r.handledInHouse), String(r.helpedDomestic), String(r.helpedForeign), String(r.referredToNational), damageText(r.estimatedDamage)],
        })),
        {
          bold: true,
          cells: ['', 'Tổng cộng', String(totals.count), String(totals.handledInHouse), String(totals.helpedDomestic), String(totals.helpedForeign), String(totals.referredToNational),
            totals.estimatedDamage === null ? '' : formatVnd(totals.estimatedDamage) + (textDamages ? '*' : '')],
        },
      ],
      [center, AlignmentType.LEFT, center, center, center, center, center, right],
      { size: 22 },
    ),
  ];
  if (textDamages && totals.estimatedDamage !== null) body.push(para('(*) Tổng chỉ gồm các thiệt hại ước tính được bằng tiền.', { italics: true, size: 22, before: 40 }));

  body.push(heading('II. ĐÁNH GIÁ, KIẾN NGHỊ'));
  const notes = cleanText(data.notes).trim();
  body.push(isBlank(notes) ? para(s.emptyValue, { left: 567, keepNext: true }) : para(notes, { indent: true, keepNext: true }));
  body.push(...signatureBlocks(data.signer, [], s));

  return packOfficialDocument({ title: `${s.titles.mau05}${period ? ` ${period}` : ''}`, subject: period || undefined }, body);
}
