import { cleanText, vnDateTime } from '../../documents/official-docx.ts';
import { citedNumber, joinList, recipientsOf } from './common.ts';
import { resolveDocumentSettings, type DocumentSettings, type DocumentSettingsInput, type Mau03Data } from './form-data.ts';

/**
 * The incident notice e-mail (Circular 20/2017 art. 9): the subject starts with the configured
 * prefix (`[TBSC]`), the body summarises the Mẫu 03 fields in the official register, in plain
 * text and in HTML (every value escaped). The Mẫu 03 DOCX/PDF goes as the attachment.
 */

export interface NoticeEmail { subject: string; text: string; html: string }

export interface NoticeEmailOptions {
  settings?: DocumentSettingsInput | null;
  /** The attached Mẫu 03 file name, mentioned in the body. */
  attachmentName?: string | null;
  /** A link to the incident (or to acknowledge receipt), printed at the end. */
  link?: string | null;
  /** Descriptions longer than this are cut in the mail (the full text is in the attachment). */
  maxDescription?: number;
}

const SUBJECT_MAX = 200;

/** One line, no control characters: a subject can never inject a header. */
function oneLine(text: unknown): string {
  return cleanText(text).replace(/[\r\n\t\u0085\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function escapeHtml(text: unknown): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function detectionText(d: Mau03Data): string {
  const m = new Set(d.detectionMethods ?? []);
  const parts: string[] = [];
  if (m.has('ids')) parts.push('qua hệ thống phát hiện xâm nhập (IDS)');
  if (m.has('log_review')) parts.push('qua kiểm tra nhật ký (log) hệ thống');
  if (m.has('notified')) parts.push(`được thông báo từ ${oneLine(d.detectionNotifiedBy) || 'đơn vị khác'}`);
  if (m.has('other')) parts.push(oneLine(d.detectionOther) || 'cách thức khác');
  return parts.join('; ');
}

function notifiedText(d: Mau03Data, s: DocumentSettings): string {
  const n = d.alreadyNotified ?? {};
  return joinList([
    n.member ? 'Thành viên mạng lưới ứng cứu sự cố' : '',
    n.isp ? 'Doanh nghiệp cung cấp dịch vụ viễn thông, Internet (ISP)' : '',
    n.vncert ? s.nationalCoordinator : '',
    ...(n.others ?? []),
  ]);
}

export function renderNoticeEmail(data: Mau03Data, opts: NoticeEmailOptions = {}): NoticeEmail {
  const s = resolveDocumentSettings(opts.settings);
  const tz = s.timeZone;
  const reporter = oneLine(data.reporter?.name) || s.reportingUnit;
  const system = oneLine(data.systemName);
  const type = data.incidentType ? s.incidentTypeLabels[data.incidentType] ?? data.incidentType : '';
  const hasNumber = oneLine(data.reportNumber) !== '';

  const subjectParts = [
    `Thông báo sự cố an toàn thông tin mạng${type ? `: ${type}` : ''}`,
    system,
    reporter,
  ].filter(Boolean);
  let subject = `${oneLine(s.emailSubjectPrefix)} ${subjectParts.join(' - ')}`.trim();
  if (subject.length > SUBJECT_MAX) subject = `${subject.slice(0, SUBJECT_MAX - 1)}…`;

  const max = opts.maxDescription ?? 2000;
  let description = cleanText(data.description).trim();
  if (description.length > max) description = `${description.slice(0, max)}… (xem toàn văn trong báo cáo gửi kèm)`;
  const contact = data.contact;
  const contactText = [oneLine(contact?.name), oneLine(contact?.title), oneLine(contact?.phone) && `ĐT: ${oneLine(contact?.phone)}`, oneLine(contact?.email) && `thư điện tử: ${oneLine(contact?.email)}`]
    .filter(Boolean).join(', ');

  const fields: [string, string][] = ([
    ['Đơn vị báo cáo', [reporter, oneLine(data.reporter?.address)].filter(Boolean).join(', ')],
    ['Hệ thống thông tin', system + (Number.isInteger(data.securityLevel) ? ` (cấp độ ${data.securityLevel})` : '')],
    ['Đơn vị vận hành', oneLine(data.operator?.name)],
    ['Loại sự cố', type],
    ['Thời điểm phát hiện', vnDateTime(data.detectedAt, tz)],
    ['Tình trạng', data.handled ? 'Đã xử lý' : 'Chưa xử lý'],
    ['Cách thức phát hiện', detectionText(data)],
    ['Đã thông báo cho', notifiedText(data, s)],
    ['Địa chỉ IP', joinList(data.publicIps)],
    ['Tên miền', joinList(data.domains)],
    ['Đề nghị hỗ trợ', oneLine(data.supportRequested)],
    ['Người liên hệ', contactText],
    ['Thời gian báo cáo', vnDateTime(data.reportTime, tz)],
  ] as [string, string][]).filter(([, v]) => v.trim() !== '');

  const recipients = recipientsOf(data, s.recipients);
  const mau03 = hasNumber ? `Báo cáo ban đầu (Mẫu 03) số ${citedNumber(data.reportNumber, s)}` : 'Báo cáo ban đầu (Mẫu 03)';
  const attach = oneLine(opts.attachmentName);
  const closing = [
    `${mau03} được gửi kèm thư này${attach ? ` (tệp ${attach})` : ''}.`,
    ...(data.confidential ? ['Đơn vị báo cáo đề nghị giữ bí mật thông tin về sự cố này.'] : []),
    'Đề nghị quý cơ quan, đơn vị xác nhận đã nhận được thông báo này.',
  ];
  const intro = `${reporter} thông báo sự cố an toàn thông tin mạng như sau:`;
  const link = oneLine(opts.link);

  const text = [
    `Kính gửi: ${recipients.join('; ')}.`,
    '',
    intro,
    '',
    ...fields.map(([k, v]) => `- ${k}: ${v}`),
    '- Mô tả sơ bộ về sự cố:',
    ...description.split(/\r\n|\r|\n/).map((l) => `  ${l}`),
    '',
    ...closing,
    ...(link ? ['', `Xem chi tiết: ${link}`] : []),
    '',
    'Trân trọng./.',
    reporter,
  ].join('\n');

  const safeLink = /^https?:\/\//i.test(link) ? link : '';
  const row = (k: string, v: string) => `<tr><th style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`;
  const html = [
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head>',
    '<body style="font-family:\'Times New Roman\',serif;font-size:15px;line-height:1.45;color:#000">',
    `<p><strong>Kính gửi:</strong> ${recipients.map(escapeHtml).join('; ')}.</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<table style="border-collapse:collapse">',
    ...fields.map(([k, v]) => row(k, v)),
    '</table>',
    `<p><strong>Mô tả sơ bộ về sự cố:</strong><br>${escapeHtml(description).replace(/\r\n|\r|\n/g, '<br>')}</p>`,
    ...closing.map((c) => `<p>${escapeHtml(c)}</p>`),
    ...(safeLink ? [`<p>Xem chi tiết: <a href="${escapeHtml(safeLink)}">${escapeHtml(safeLink)}</a></p>`] : []),
    `<p>Trân trọng./.<br><strong>${escapeHtml(reporter)}</strong></p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
