import {
  cleanText, fieldLine, fieldPair, heading, kinhGui, packOfficialDocument, para, titleBlock, vnDate, vnDateTime, type Block,
} from '../../documents/official-docx.ts';
import { citedNumber, fill, headerBlocks, orEmpty, recipientsOf, signatureBlocks } from './common.ts';
import { resolveDocumentSettings, type DocumentSettingsInput, type Mau04Data } from './form-data.ts';
import { attachmentLines } from './mau03-docx.ts';

/**
 * Mẫu 04 (Circular 20/2017/TT-BTTTT, appendix I): the report that closes the response to an
 * incident, citing the number and date of the initial report (Mẫu 03) it closes.
 */
export async function renderMau04Docx(data: Mau04Data, settingsInput?: DocumentSettingsInput | null): Promise<Buffer> {
  const s = resolveDocumentSettings(settingsInput);
  const empty = s.emptyValue;
  const tz = s.timeZone;
  const reporterName = cleanText(data.reporter?.name).trim();
  const issuer = data.issuer ?? { parent: '', name: reporterName || s.reportingUnit };
  const recipients = recipientsOf(data, s.recipients);
  const cited = `${citedNumber(data.initialReport?.number, s)} ngày ${vnDate(data.initialReport?.date, tz) || empty}`;
  const title = cleanText(data.title).trim();

  const body: Block[] = [
    ...headerBlocks({ issuer, reportNumber: data.reportNumber, date: data.reportDate, formLabel: s.formLabels.mau04, settings: s }),
    ...titleBlock(s.titles.mau04, title ? `(Sự cố: ${title})` : null),
    ...kinhGui(recipients),
    para(`Căn cứ Báo cáo ban đầu số ${cited} về sự cố an toàn thông tin mạng${title ? ` "${title}"` : ''};`, { indent: true, after: 60 }),
    para(fill(s.intros.mau04, { unit: reporterName || s.reportingUnit }), { indent: true, after: 120 }),

    heading('1. Thông tin về đơn vị báo cáo'),
    fieldLine('Tên cơ quan, đơn vị', data.reporter?.name, empty),
    fieldLine('Địa chỉ', data.reporter?.address, empty),
    ...fieldPair(['Điện thoại', data.reporter?.phone], ['Thư điện tử', data.reporter?.email], empty),
    ...fieldPair(['Người liên hệ', data.contact?.name], ['Chức vụ', data.contact?.title], empty),
    ...fieldPair(['Điện thoại', data.contact?.phone], ['Thư điện tử', data.contact?.email], empty),

    heading('2. Báo cáo ban đầu được kết thúc'),
    ...fieldPair(['Số', citedNumber(data.initialReport?.number, s)], ['Ngày', vnDate(data.initialReport?.date, tz)], empty),

    heading('3. Hệ thống thông tin bị sự cố'),
    fieldLine('Tên hệ thống thông tin', data.systemName, empty),

    heading('4. Thông tin về sự cố'),
    fieldLine('Tên (tiêu đề) sự cố', title, empty),
    fieldLine('Loại sự cố', data.incidentType ? s.incidentTypeLabels[data.incidentType] ?? data.incidentType : '', empty),
    fieldLine('Thời điểm phát hiện sự cố', vnDateTime(data.detectedAt, tz), empty),
    fieldLine('Thời điểm kết thúc ứng phó sự cố', vnDateTime(data.respondedAt, tz), empty),

    heading('5. Kết quả ứng phó, xử lý sự cố'),
    para(orEmpty(data.result, s), { left: 567, after: 60 }),

    heading('6. Bài học kinh nghiệm, đề xuất, kiến nghị'),
    para(orEmpty(data.lessons, s), { left: 567, after: 60 }),

    heading('7. Thông tin, tài liệu gửi kèm'),
    ...attachmentLines(data.attachments, empty, true),
    ...signatureBlocks(data.signer, [], s),
  ];

  return packOfficialDocument({ title: s.titles.mau04, subject: title || undefined }, body);
}
