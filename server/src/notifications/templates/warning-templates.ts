import { FOOTER_EN, FOOTER_VI } from './incident-templates.ts';
import type { MessageTemplate } from './template-fields.ts';

/**
 * Vulnerability warnings (issue 7): the mail that carries the official letter to each agency's
 * contact points, and the reminder before the deadline. "[CBLH]" (cảnh báo lỗ hổng) lets mail
 * rules file them apart from alerts, as "[TBSC]" does for incidents. The SMS texts are ASCII so a
 * message fits one 160-character GSM part, where Vietnamese with marks would need UCS-2 parts of 70.
 */
type WarningKey = 'warning.issued' | 'warning.reminder';

export const WARNING_TEMPLATES: Readonly<Record<'vi' | 'en', Readonly<Record<WarningKey, MessageTemplate>>>> = {
  vi: {
    'warning.issued': {
      subject: '[CBLH] Cảnh báo lỗ hổng số {{warningNumber}}: {{title}}',
      body: [
        'Kính gửi {{recipientName}} ({{agencyName}}),',
        '',
        '{{organization}} gửi cảnh báo lỗ hổng bảo mật số {{warningNumber}}: {{title}}.',
        '- Số lỗ hổng được cảnh báo: {{cveCount}}',
        '- Số hệ thống của đơn vị bị ảnh hưởng hoặc có thể bị ảnh hưởng: {{systemCount}}',
        '- Hạn cập nhật tình trạng xử lý: {{deadline}}',
        '',
        'Công văn cảnh báo (danh sách lỗ hổng và các hệ thống của đơn vị) được gửi kèm thư này.',
        'Đề nghị Quý cơ quan xác nhận đã nhận, kiểm tra, cập nhật bản vá và cập nhật tình trạng xử lý từng hệ thống trước thời hạn trên.',
        'Xác nhận đã nhận: {{ackLink}}',
        'Cập nhật tình trạng: {{viewLink}}',
        '',
        FOOTER_VI,
      ].join('\n'),
      sms: '[CBLH] Canh bao lo hong {{warningNumber}}: {{systemCount}} he thong can kiem tra, han {{deadline}}. Xac nhan: {{ackLink}}',
    },
    'warning.reminder': {
      subject: '[CBLH] Nhắc hạn cảnh báo lỗ hổng số {{warningNumber}}: {{title}}',
      body: [
        'Kính gửi {{recipientName}} ({{agencyName}}),',
        '',
        'Cảnh báo lỗ hổng số {{warningNumber}} ({{title}}) sắp đến hạn:',
        '- Số hệ thống chưa xử lý xong: {{openCount}}/{{systemCount}}',
        '- Hạn cập nhật tình trạng xử lý: {{deadline}}',
        '',
        'Đề nghị Quý cơ quan hoàn thành việc khắc phục và cập nhật tình trạng xử lý đúng thời hạn.',
        'Cập nhật tình trạng: {{viewLink}}',
        '',
        FOOTER_VI,
      ].join('\n'),
      sms: '[CBLH] Nhac han canh bao {{warningNumber}}: {{openCount}} he thong chua xu ly xong, han {{deadline}}.',
    },
  },
  en: {
    'warning.issued': {
      subject: '[CBLH] Vulnerability warning {{warningNumber}}: {{title}}',
      body: [
        'Dear {{recipientName}} ({{agencyName}}),',
        '',
        '{{organization}} has issued vulnerability warning {{warningNumber}}: {{title}}.',
        '- Vulnerabilities: {{cveCount}}',
        '- Your systems affected or possibly affected: {{systemCount}}',
        '- Update the status by: {{deadline}}',
        '',
        'The official letter (the vulnerabilities and your systems) is attached.',
        'Please acknowledge receipt, check and patch, and update the status of each system before the deadline.',
        'Acknowledge: {{ackLink}}',
        'Update status: {{viewLink}}',
        '',
        FOOTER_EN,
      ].join('\n'),
      sms: '[CBLH] Vulnerability warning {{warningNumber}}: {{systemCount}} systems to check by {{deadline}}. Ack: {{ackLink}}',
    },
    'warning.reminder': {
      subject: '[CBLH] Reminder: vulnerability warning {{warningNumber}}: {{title}}',
      body: [
        'Dear {{recipientName}} ({{agencyName}}),',
        '',
        'Vulnerability warning {{warningNumber}} ({{title}}) is nearly due:',
        '- Systems not yet resolved: {{openCount}}/{{systemCount}}',
        '- Update the status by: {{deadline}}',
        '',
        'Update status: {{viewLink}}',
        '',
        FOOTER_EN,
      ].join('\n'),
      sms: '[CBLH] Reminder: warning {{warningNumber}}: {{openCount}} systems still open, due {{deadline}}.',
    },
  },
};
