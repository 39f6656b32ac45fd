import { AlignmentType, PageBreak, Paragraph } from 'docx';
import {
  cleanText, gridTable, isBlank, kinhGui, officialHeader, packOfficialDocument, para, placeDateLine, signatureBlock, vnDate, vnDateTime,
  type Block,
} from '../../documents/official-docx.ts';
import { numberLine } from '../../incidents/documents/common.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../incidents/documents/form-data.ts';
import { STATUS_LABELS_VI } from '../warnings/target-status.ts';
import type { WarningAdvisoryRow, WarningLetterData, WarningSystemRow } from './warning-document-data.ts';
import {
  byAgencyThenSystem, byUrgency, listText, MATCH_LABELS_VI, moreRowsLine, oneLine, productText, severityLabel, vnDecimal, vnInteger,
} from './warning-format.ts';

/**
 * The official letter of a vulnerability warning (công văn "V/v cảnh báo lỗ hổng bảo mật …"),
 * laid out per Nghị định 30/2020/NĐ-CP: as a công văn it has no title of its own; its subject
 * ("V/v …") stands under the number in the header. The letter asks the agency to check, patch and
 * report per system in Vigil by the deadline; the CVEs and the agency's systems the matcher found
 * follow as Phụ lục I and II, after the signature, each on its own page, as appendices to an
 * administrative document are attached.
 *
 * The data is hostile in parts (feed titles, vendor strings, the coordinator's text): every cell
 * is cleaned and bounded, and the tables are capped so a filter that matched the whole catalogue
 * still gives a document Word can open.
 */

/** Rows per appendix table; what is cut is counted in a line under it. */
export const LETTER_CVE_CAP = 500;
export const LETTER_SYSTEM_CAP = 1000;
/** The coordinator's text: a letter, not a report. */
const BODY_MAX = 20_000;
const BODY_PARAGRAPHS_MAX = 40;

/** "V/v cảnh báo lỗ hổng bảo mật …", without saying "cảnh báo" twice when the title starts with it. */
export function subjectLine(title: string): string {
  const t = oneLine(title, 250);
  const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  if (!t) return 'V/v cảnh báo lỗ hổng bảo mật';
  if (/^cảnh báo\s/iu.test(t)) return `V/v ${lowerFirst(t)}`;
  if (/^lỗ hổng\s/iu.test(t)) return `V/v cảnh báo ${lowerFirst(t)}`;
  return `V/v cảnh báo lỗ hổng bảo mật: ${t}`;
}

/** "trước 17 giờ 00 phút, ngày 28/07/2023", or a plain request when no deadline was set. */
function deadlinePhrase(deadline: Date | null, timeZone: string): string {
  const at = deadline ? vnDateTime(deadline, timeZone) : '';
  return at ? `trước ${at}` : 'trong thời gian sớm nhất';
}

function openingParagraph(data: WarningLetterData, advisories: WarningAdvisoryRow[]): string {
  const unit = oneLine(data.issuer.name, 200) || 'Đơn vị điều phối';
  const n = advisories.length;
  const critical = advisories.filter((a) => a.severity === 'critical').length;
  const high = advisories.filter((a) => a.severity === 'high').length;
  const exploited = advisories.filter((a) => a.exploited).length;
  // Only what is true of this list: "nghiêm trọng" and "đã bị khai thác" are claims an agency may
  // be asked to justify its priorities by.
  const parts: string[] = [];
  if (critical) parts.push(`${vnInteger(critical)} lỗ hổng mức Nghiêm trọng`);
  if (high) parts.push(`${vnInteger(high)} lỗ hổng mức Cao`);
  if (exploited) parts.push(`${vnInteger(exploited)} lỗ hổng đã bị khai thác trong thực tế`);
  const detail = parts.length ? `, trong đó có ${parts.join(', ')}` : '';
  const risk = exploited
    ? 'Các lỗ hổng này đang bị lợi dụng để tấn công; hệ thống chưa được vá có nguy cơ bị xâm nhập, chiếm quyền điều khiển hoặc đánh cắp dữ liệu.'
    : critical || high
      ? 'Các lỗ hổng này có mức độ nguy hiểm cao; đối tượng tấn công có thể lợi dụng để xâm nhập, chiếm quyền điều khiển hoặc làm gián đoạn hoạt động của hệ thống.'
      : 'Đối tượng tấn công có thể lợi dụng các lỗ hổng này để tấn công hệ thống thông tin của cơ quan, đơn vị.';
  return `Thực hiện nhiệm vụ theo dõi, cảnh báo an toàn thông tin mạng, ${unit} cảnh báo ${vnInteger(n)} lỗ hổng bảo mật (chi tiết tại Phụ lục I)${detail}. ${risk}`;
}

function systemsParagraph(systems: WarningSystemRow[]): string {
  if (systems.length === 0) {
    return 'Qua đối chiếu với danh mục hệ thống thông tin đã đăng ký trên hệ thống Vigil, chưa xác định được hệ thống nào của Quý cơ quan bị ảnh hưởng; ' +
      'tuy vậy, đề nghị Quý cơ quan rà soát cả các hệ thống chưa đăng ký hoặc chưa khai báo đầy đủ phiên bản.';
  }
  const possibly = systems.filter((s) => s.matchStatus === 'possibly_affected').length;
  const agencies = new Set(systems.map((s) => oneLine(s.agencyName, 200))).size;
  const whose = agencies > 1 ? `của ${vnInteger(agencies)} cơ quan, đơn vị` : 'của Quý cơ quan';
  const maybe = possibly ? ` (trong đó ${vnInteger(possibly)} hệ thống có thể bị ảnh hưởng do chưa rõ phiên bản)` : '';
  return `Qua đối chiếu với danh mục hệ thống thông tin đã đăng ký trên hệ thống Vigil, có ${vnInteger(systems.length)} hệ thống ${whose} ` +
    `bị ảnh hưởng hoặc có thể bị ảnh hưởng${maybe} (chi tiết tại Phụ lục II).`;
}

/** The coordinator's paragraphs: blank lines separate them; bounded in length and number. */
function bodyParagraphs(body: string): Paragraph[] {
  const text = cleanText(body).slice(0, BODY_MAX);
  const paragraphs = text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  const shown = paragraphs.slice(0, BODY_PARAGRAPHS_MAX);
  if (paragraphs.length > shown.length) shown[shown.length - 1] += ` […]`;
  return shown.map((p) => para(p, { indent: true, after: 120 }));
}

function requestParagraphs(data: WarningLetterData): Paragraph[] {
  const link = oneLine(data.viewLink, 500);
  const where = link ? ` tại địa chỉ ${link}` : '';
  const statuses = [
    STATUS_LABELS_VI.acknowledged, STATUS_LABELS_VI.affected, `${STATUS_LABELS_VI.not_affected} (nêu lý do)`,
    `${STATUS_LABELS_VI.fixed} (nêu bản vá/KB hoặc phiên bản đang chạy)`, `${STATUS_LABELS_VI.risk_accepted} (nêu người phê duyệt và thời hạn)`,
  ];
  return [
    para(`Đề nghị Quý cơ quan kiểm tra, cập nhật bản vá hoặc áp dụng biện pháp khắc phục theo khuyến cáo của nhà sản xuất cho các hệ thống bị ảnh hưởng, ` +
      `và cập nhật tình trạng xử lý trên hệ thống Vigil ${deadlinePhrase(data.deadline, data.timeZone)}${where}.`, { indent: true, after: 120 }),
    para(`Đối với từng hệ thống, đề nghị cập nhật một trong các tình trạng: ${statuses.join('; ')}.`, { indent: true, after: 120 }),
    para(`Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị Quý cơ quan liên hệ ${oneLine(data.issuer.name, 200) || 'đơn vị điều phối'} để được hỗ trợ./.`,
      { indent: true, after: 120 }),
  ];
}

/** "(Kèm theo Công văn số … ngày …)" under each appendix title. */
function appendixHead(label: string, title: string, data: WarningLetterData): Block[] {
  const number = numberLine(data.number, { ...DEFAULT_DOCUMENT_SETTINGS, numberSymbol: data.numberSymbol }).replace(/^Số:\s*/, '');
  const date = vnDate(data.issuedAt, data.timeZone);
  return [
    new Paragraph({ children: [new PageBreak()] }),
    para(label, { bold: true, align: AlignmentType.CENTER, after: 0 }),
    para(title.toUpperCase(), { bold: true, align: AlignmentType.CENTER, after: 0 }),
    para(`(Kèm theo Công văn số ${number}${date ? ` ngày ${date}` : ''} của ${oneLine(data.issuer.name, 200)})`, { italics: true, align: AlignmentType.CENTER, after: 240 }),
  ];
}

function patchText(a: WarningAdvisoryRow): string {
  const kbs = listText(a.kbs, 6);
  const builds = listText(a.fixedBuilds, 3, '\n');
  return [kbs, builds].filter(Boolean).join('\n') || 'Theo khuyến cáo của nhà sản xuất';
}

function cveTable(advisories: WarningAdvisoryRow[]): Block[] {
  if (advisories.length === 0) return [para('Không có lỗ hổng nào.', { indent: true })];
  const shown = advisories.slice(0, LETTER_CVE_CAP);
  const c = AlignmentType.CENTER;
  const out: Block[] = [gridTable(
    ['STT', 'Mã CVE', 'Sản phẩm', 'CVSS', 'Mức độ', 'Đã bị khai thác', 'Bản vá/KB'],
    [0.06, 0.17, 0.25, 0.08, 0.12, 0.1, 0.22],
    shown.map((a, i) => ({
      cells: [
        String(i + 1), oneLine(a.cve, 40), productText(a),
        typeof a.cvssScore === 'number' && Number.isFinite(a.cvssScore) ? vnDecimal(a.cvssScore) : '—',
        severityLabel(a.severity), a.exploited ? 'Có' : 'Không', patchText(a),
      ],
    })),
    [c, AlignmentType.LEFT, AlignmentType.LEFT, c, c, c, AlignmentType.LEFT],
    { size: 20 },
  )];
  if (advisories.length > shown.length) out.push(para(moreRowsLine(advisories.length, shown.length, 'lỗ hổng'), { italics: true, size: 22, before: 60 }));
  return out;
}

function systemTable(systems: WarningSystemRow[]): Block[] {
  if (systems.length === 0) return [para('Chưa xác định được hệ thống nào bị ảnh hưởng trong danh mục đã đăng ký.', { indent: true })];
  const shown = systems.slice(0, LETTER_SYSTEM_CAP);
  const out: Block[] = [gridTable(
    ['STT', 'Hệ thống', 'Đơn vị', 'Tình trạng khớp', 'CVE', 'Căn cứ'],
    [0.06, 0.2, 0.16, 0.14, 0.16, 0.28],
    shown.map((s, i) => ({
      cells: [
        String(i + 1), oneLine(s.systemName, 200), oneLine(s.agencyName, 200), MATCH_LABELS_VI[s.matchStatus] ?? oneLine(s.matchStatus, 40),
        listText(s.cves, 10, '\n', 40), listText(s.reasons, 5, '\n', 240),
      ],
    })),
    [AlignmentType.CENTER],
    { size: 20 },
  )];
  if (systems.length > shown.length) out.push(para(moreRowsLine(systems.length, shown.length, 'hệ thống'), { italics: true, size: 22, before: 60 }));
  return out;
}

export async function warningLetterDocx(data: WarningLetterData): Promise<Buffer> {
  const tz = data.timeZone || DEFAULT_DOCUMENT_SETTINGS.timeZone;
  const advisories = [...(data.advisories ?? [])].sort(byUrgency);
  const systems = [...(data.systems ?? [])].sort(byAgencyThenSystem);
  const subject = subjectLine(data.title);
  const numbered = numberLine(data.number, { ...DEFAULT_DOCUMENT_SETTINGS, numberSymbol: data.numberSymbol });

  const body: Block[] = [
    ...officialHeader({
      parent: oneLine(data.issuer.parent, 200),
      unit: oneLine(data.issuer.name, 200),
      // A công văn's subject ("trích yếu") goes under its number, in the same cell.
      numberLine: `${oneLine(numbered, 120)}\n${subject}`,
      mottoCountry: data.mottoCountry || DEFAULT_DOCUMENT_SETTINGS.mottoCountry,
      mottoSlogan: data.mottoSlogan || DEFAULT_DOCUMENT_SETTINGS.mottoSlogan,
      dateLine: placeDateLine(oneLine(data.placeName, 100), data.issuedAt, tz),
    }),
    para('', { after: 240 }),
    ...kinhGui((data.recipients ?? []).slice(0, 50).map((r) => oneLine(r, 300))),
    para(openingParagraph(data, advisories), { indent: true, after: 120 }),
    para(systemsParagraph(systems), { indent: true, after: 120 }),
    ...bodyParagraphs(data.body ?? ''),
    ...requestParagraphs({ ...data, timeZone: tz }),
    ...signatureBlock({
      recipients: ['Như trên'],
      archiveLine: data.archiveLine,
      authority: data.signer?.authority,
      title: data.signer?.title ?? '',
      name: data.signer?.name,
      note: data.signer?.note,
    }),
    ...appendixHead('Phụ lục I', 'Danh sách lỗ hổng bảo mật được cảnh báo', { ...data, timeZone: tz }),
    ...cveTable(advisories),
    ...appendixHead('Phụ lục II', 'Danh sách hệ thống bị ảnh hưởng', { ...data, timeZone: tz }),
    ...systemTable(systems),
  ];
  if (!isBlank(data.viewLink)) body.push(para(`Cập nhật tình trạng xử lý từng hệ thống tại: ${oneLine(data.viewLink, 500)}`, { italics: true, size: 22, before: 120 }));

  return packOfficialDocument({ title: subject, subject: oneLine(data.title, 250) || undefined }, body);
}
