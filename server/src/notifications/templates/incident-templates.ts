import type { MessageTemplate } from './template-fields.ts';

/**
 * Incident messages: the automatic acknowledgement of receipt the rules require ("every
 * recipient acknowledges receipt at once"), and the reminder before a legal deadline.
 */
type IncidentKey = 'incident.received' | 'incident.deadline';

/** Shared by every built-in template (the default, incident and warning sets). */
export const FOOTER_VI = 'Đây là thông báo tự động của hệ thống Vigil. Vui lòng không trả lời thư này.';
export const FOOTER_EN = 'This is an automatic message from Vigil. Please do not reply.';

export const INCIDENT_TEMPLATES: Readonly<Record<'vi' | 'en', Readonly<Record<IncidentKey, MessageTemplate>>>> = {
  vi: {
    'incident.received': {
      subject: '[TBSC] Xác nhận đã nhận báo cáo sự cố số {{incidentNumber}}',
      body: [
        'Kính gửi {{recipientName}},',
        '',
        '{{organization}} xác nhận đã nhận báo cáo sự cố an toàn thông tin mạng:',
        '- Số báo cáo: {{incidentNumber}}',
        '- Nội dung: {{title}}',
        '- Đơn vị báo cáo: {{agencyName}}',
        '- Thời điểm phát hiện: {{detectedAt}}',
        '- Thời điểm tiếp nhận: {{receivedAt}}',
        '',
        'Đề nghị đơn vị tiếp tục theo dõi, phối hợp xử lý và cập nhật tình hình qua hệ thống.',
        'Xem chi tiết: {{viewLink}}',
        '',
        FOOTER_VI,
      ].join('\n'),
      sms: '[TBSC] Da nhan bao cao su co {{incidentNumber}} luc {{receivedAt}}.',
    },
    'incident.deadline': {
      subject: '[TBSC] Nhắc hạn: {{deadlineLabel}} — sự cố {{incidentNumber}}',
      body: [
        'Kính gửi {{recipientName}},',
        '',
        'Sự cố {{incidentNumber}} ({{title}}) sắp đến hạn:',
        '- Nội dung phải hoàn thành: {{deadlineLabel}}',
        '- Hạn chót: {{dueAt}}',
        '',
        'Đề nghị đồng chí hoàn thành đúng thời hạn quy định.',
        'Xem chi tiết: {{viewLink}}',
        '',
        FOOTER_VI,
      ].join('\n'),
      sms: '[TBSC] Nhac han {{deadlineLabel}} su co {{incidentNumber}}: {{dueAt}}.',
    },
  },
  en: {
    'incident.received': {
      subject: '[TBSC] Receipt of incident report {{incidentNumber}}',
      body: [
        'Dear {{recipientName}},',
        '',
        '{{organization}} confirms receipt of the incident report:',
        '- Report number: {{incidentNumber}}',
        '- Title: {{title}}',
        '- Reporting agency: {{agencyName}}',
        '- Detected: {{detectedAt}}',
        '- Received: {{receivedAt}}',
        '',
        'View: {{viewLink}}',
        '',
        FOOTER_EN,
      ].join('\n'),
      sms: '[TBSC] Incident report {{incidentNumber}} received at {{receivedAt}}.',
    },
    'incident.deadline': {
      subject: '[TBSC] Deadline: {{deadlineLabel}} — incident {{incidentNumber}}',
      body: [
        'Dear {{recipientName}},',
        '',
        'Incident {{incidentNumber}} ({{title}}) has a deadline coming:',
        '- Due: {{deadlineLabel}}',
        '- By: {{dueAt}}',
        '',
        'View: {{viewLink}}',
        '',
        FOOTER_EN,
      ].join('\n'),
      sms: '[TBSC] Deadline {{deadlineLabel}} for incident {{incidentNumber}}: {{dueAt}}.',
    },
  },
};
