import { AlignmentType, type Paragraph } from 'docx';
import {
  checkbox, checkboxGrid, cleanText, fieldLine, fieldPair, heading, isBlank, kinhGui, packOfficialDocument, para, runs, SMALL, titleBlock,
  vnDateTime, type Block,
} from '../../documents/official-docx.ts';
import { fill, headerBlocks, joinList, orEmpty, recipientsOf, signatureBlocks } from './common.ts';
import { INCIDENT_TYPES, resolveDocumentSettings, type DocumentSettingsInput, type Mau03Data, type Organisation } from './form-data.ts';

/**
 * Mẫu 03 (Circular 20/2017/TT-BTTTT, appendix I): the initial report of a network information
 * security incident, as a DOCX in the administrative layout. Mandatory fields carry "(*)".
 */
export async function renderMau03Docx(data: Mau03Data, settingsInput?: DocumentSettingsInput | null): Promise<Buffer> {
  const s = resolveDocumentSettings(settingsInput);
  const empty = s.emptyValue;
  const tz = s.timeZone;
  const reporterName = cleanText(data.reporter?.name).trim();
  const issuer = data.issuer ?? {
    parent: data.owner?.name && cleanText(data.owner.name).trim() !== reporterName ? data.owner.name : '',
    name: reporterName || s.reportingUnit,
  };
  const recipients = recipientsOf(data, s.recipients);

  const org = (o: Organisation | null | undefined, star: string): Paragraph[] => [
    fieldLine(`Tên cơ quan, đơn vị${star}`, o?.name, empty),
    fieldLine(`Địa chỉ${star}`, o?.address, empty),
    ...fieldPair([`Điện thoại${star}`, o?.phone], [`Thư điện tử${star}`, o?.email], empty),
  ];
  const checks = (items: [boolean, string][]): Paragraph => para(
    items.flatMap(([on, label], i) => [...(i ? runs('   ', { size: SMALL }) : []), ...checkbox(on, label, { size: SMALL })]),
    { align: AlignmentType.LEFT, left: 567, after: 40 },
  );
  const methods = new Set(data.detectionMethods ?? []);
  const level = Number.isInteger(data.securityLevel) ? Number(data.securityLevel) : null;
  const notifiedOthers = joinList(data.alreadyNotified?.others);

  const body: Block[] = [
    ...headerBlocks({ issuer, reportNumber: data.reportNumber, date: data.reportTime, formLabel: s.formLabels.mau03, settings: s }),
    ...titleBlock(s.titles.mau03),
    ...kinhGui(recipients),
    para(fill(s.intros.mau03, { unit: reporterName || s.reportingUnit }), { indent: true, after: 120 }),

    heading('1. Thông tin về đơn vị báo cáo sự cố'),
    ...org(data.reporter, ' (*)'),

    heading('2. Thông tin người liên hệ'),
    ...fieldPair(['Họ và tên (*)', data.contact?.name], ['Chức vụ', data.contact?.title], empty),
    ...fieldPair(['Điện thoại (*)', data.contact?.phone], ['Thư điện tử (*)', data.contact?.email], empty),

    heading('3. Đơn vị vận hành hệ thống thông tin (*)'),
    ...org(data.operator, ''),

    heading('4. Cơ quan, đơn vị chủ quản hệ thống thông tin'),
    ...org(data.owner, ''),

    heading('5. Thông tin về hệ thống thông tin bị sự cố'),
    fieldLine('Tên hệ thống thông tin', data.systemName, empty),
    para(runs('Cấp độ an toàn hệ thống thông tin:'), { align: AlignmentType.LEFT, left: 567, after: 20 }),
    checks([1, 2, 3, 4, 5].map((n) => [level === n, `Cấp độ ${n}`] as [boolean, string]).concat([[level === null || level < 1 || level > 5, 'Chưa xác định']])),

    heading('6. Thông tin về sự cố'),
    para(runs('a) Loại sự cố:'), { align: AlignmentType.LEFT, left: 567, after: 20 }),
    checkboxGrid(INCIDENT_TYPES.map((t) => ({ checked: data.incidentType === t, label: s.incidentTypeLabels[t] })), 2, 851),
    para(runs('b) Mô tả sơ bộ về sự cố (*):'), { align: AlignmentType.LEFT, left: 567, after: 20, keepNext: true }),
    para(orEmpty(data.description, s), { left: 851, after: 60 }),
    fieldLine('c) Thời điểm phát hiện sự cố (*)', vnDateTime(data.detectedAt, tz), empty),
    para([...runs('d) Tình trạng sự cố (*):    '), ...checkbox(data.handled === true, 'Đã xử lý'), ...runs('    '), ...checkbox(data.handled !== true, 'Chưa xử lý')], { align: AlignmentType.LEFT, left: 567, after: 40 }),
    para(runs('đ) Cách thức phát hiện (*):'), { align: AlignmentType.LEFT, left: 567, after: 20, keepNext: true }),
    checkboxGrid([
      { checked: methods.has('ids'), label: 'Qua hệ thống phát hiện xâm nhập (IDS)' },
      { checked: methods.has('log_review'), label: 'Qua kiểm tra nhật ký (log) hệ thống' },
      { checked: methods.has('notified'), label: `Được thông báo từ: ${methods.has('notified') ? orEmpty(data.detectionNotifiedBy, s) : empty}` },
      { checked: methods.has('other'), label: `Khác: ${methods.has('other') ? orEmpty(data.detectionOther, s) : empty}` },
    ], 1, 851),
    para(runs('e) Đã thông báo sự cố cho (*):'), { align: AlignmentType.LEFT, left: 567, after: 20, keepNext: true }),
    checkboxGrid([
      { checked: data.alreadyNotified?.member === true, label: 'Thành viên mạng lưới ứng cứu sự cố' },
      { checked: data.alreadyNotified?.isp === true, label: 'Doanh nghiệp cung cấp dịch vụ viễn thông, Internet (ISP)' },
      { checked: data.alreadyNotified?.vncert === true, label: s.nationalCoordinator },
      { checked: notifiedOthers !== '', label: `Khác: ${notifiedOthers || empty}` },
    ], 1, 851),

    heading('7. Thông tin bổ sung về hệ thống thông tin'),
    fieldLine('Hệ điều hành', data.os, empty),
    fieldLine('Các dịch vụ có trên hệ thống', joinList(data.services), empty),
    fieldLine('Các biện pháp bảo đảm an toàn thông tin đã triển khai', data.existingMeasures, empty),
    fieldLine('Các địa chỉ IP công khai của hệ thống', joinList(data.publicIps), empty),
    fieldLine('Các tên miền của hệ thống', joinList(data.domains), empty),

    heading('8. Thông tin, tài liệu gửi kèm'),
    ...attachmentLines(data.attachments, empty),

    heading('9. Yêu cầu giữ bí mật thông tin sự cố'),
    para([...checkbox(data.confidential === true, 'Có'), ...runs('    '), ...checkbox(data.confidential !== true, 'Không')], { align: AlignmentType.LEFT, left: 567, after: 40 }),

    heading('10. Đề nghị hỗ trợ'),
    para(orEmpty(data.supportRequested, s), { left: 567, after: 60 }),

    heading('11. Thời gian thực hiện báo cáo sự cố (*)'),
    para(vnDateTime(data.reportTime, tz) || empty, { left: 567, after: 60, keepNext: true }),
  ];
  if (!isBlank(s.mandatoryNote)) body.push(para(s.mandatoryNote, { italics: true, size: 22, before: 120, after: 0, keepNext: true }));
  body.push(...signatureBlocks(data.signer, [], s));

  return packOfficialDocument({ title: s.titles.mau03, subject: cleanText(data.systemName) || undefined }, body);
}

/** "1. name" per attachment, or the dotted line; `keepNext` keeps them with the signature. */
export function attachmentLines(attachments: string[] | null | undefined, empty: string, keepNext = false): Paragraph[] {
  const list = (attachments ?? []).map((a) => cleanText(a).trim()).filter(Boolean);
  if (list.length === 0) return [para(empty, { left: 567, after: 40, keepNext })];
  return list.map((a, i) => para(`${i + 1}. ${a}`, { left: 851, hanging: 284, align: AlignmentType.LEFT, after: 20, keepNext }));
}
