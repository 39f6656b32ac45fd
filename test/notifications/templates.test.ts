import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessage, formatDateTime, outboundFor } from '../../server/src/notifications/templates/render-message.ts';
import { renderTemplateString, validateTemplate } from '../../server/src/notifications/templates/template-renderer.ts';
import { DEFAULT_TEMPLATES } from '../../server/src/notifications/templates/default-templates.ts';
import { LIMITS, LOCALES, TEMPLATE_FIELDS, TEMPLATE_KEYS } from '../../server/src/notifications/templates/template-fields.ts';

const OCCURRED = new Date('2026-03-04T17:05:00Z'); // 05/03/2026 00:05 in Asia/Ho_Chi_Minh

const alert = {
  recipientName: 'đồng chí Nguyễn Văn An',
  title: 'Cổng TTĐT Sở Y tế không truy cập được',
  systemName: 'Cổng thông tin điện tử Sở Y tế',
  agencyName: 'Sở Y tế',
  summary: 'HTTP 503 từ https://soyte.example.gov.vn',
  occurredAt: OCCURRED,
  ackLink: 'https://vigil.example.gov.vn/ack/v1.abc.def',
  viewLink: 'https://vigil.example.gov.vn/alerts/a1',
};

test('every default template is valid against its whitelist', () => {
  for (const locale of LOCALES) for (const key of TEMPLATE_KEYS) assert.deepEqual(validateTemplate(key, DEFAULT_TEMPLATES[locale][key]), [], `${locale} ${key}`);
});

test('Vietnamese alert: official subject, Hanoi time dd/MM/yyyy HH:mm, acknowledgement line', () => {
  const r = renderMessage({ key: 'alert.triggered', locale: 'vi', severity: 'critical', data: alert });
  assert.equal(r.subject, '[Vigil][NGHIÊM TRỌNG] Cổng TTĐT Sở Y tế không truy cập được');
  assert.match(r.text, /^Kính gửi đồng chí Nguyễn Văn An,/);
  assert.match(r.text, /- Thời điểm phát hiện: 05\/03\/2026 00:05\n/);
  assert.match(r.text, /\nXác nhận đã nhận: https:\/\/vigil\.example\.gov\.vn\/ack\/v1\.abc\.def\n/);
  assert.match(r.html, /Xác nhận đã nhận: <a href="https:\/\/vigil\.example\.gov\.vn\/ack\/v1\.abc\.def">/);
  assert.match(r.telegramHtml, /^<b>\[Vigil\]\[NGHIÊM TRỌNG\] Cổng TTĐT Sở Y tế không truy cập được<\/b>\n\n/);
  assert.equal(r.sms, '[Vigil][NGHIÊM TRỌNG] Cổng TTĐT Sở Y tế không truy cập được lúc 05/03/2026 00:05. Xác nhận: https://vigil.example.gov.vn/ack/v1.abc.def');
  assert.equal(formatDateTime(new Date('2026-12-31T16:59:00Z')), '31/12/2026 23:59');

  const en = renderMessage({ key: 'alert.escalated', locale: 'en', severity: 'high', data: { ...alert, step: 2, unackedMinutes: 15 } });
  assert.equal(en.subject, '[Vigil][HIGH][Escalation 2] Cổng TTĐT Sở Y tế không truy cập được');
  assert.match(en.text, /not acknowledged within 15 minutes and has been escalated to step 2/);
});

test('lines whose fields are all empty are dropped (no dangling "Xác nhận đã nhận:")', () => {
  const r = renderMessage({ key: 'alert.triggered', locale: 'vi', severity: 'high', data: { title: 'X', occurredAt: OCCURRED } });
  assert.doesNotMatch(r.text, /Xác nhận đã nhận/);
  assert.doesNotMatch(r.text, /Kính gửi/);
  assert.match(r.text, /^Hệ thống Vigil ghi nhận cảnh báo mới:/);
  const rc = renderMessage({ key: 'rollcall.test', locale: 'vi', severity: 'info', data: { rollCallName: 'Diễn tập quý I', sentAt: OCCURRED, respondBy: new Date(OCCURRED.getTime() + 30 * 60_000), ackLink: 'https://v/ack/x' } });
  assert.match(rc.text, /gửi lúc 05\/03\/2026 00:05\.\nĐề nghị đồng chí xác nhận đã nhận trước 05\/03\/2026 00:35\./);
});

test('HTML, script and Telegram markup in values from monitored pages are escaped per target', () => {
  const hostile = { ...alert, title: '<img src=x onerror=alert(1)> & "q"', summary: '<script>alert("x")</script>\nline2' };
  const r = renderMessage({ key: 'alert.triggered', locale: 'vi', severity: 'high', data: hostile });
  assert.ok(!r.html.includes('<script>') && !r.html.includes('<img'));
  assert.match(r.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<br>line2/);
  assert.ok(!r.telegramHtml.includes('<script>') && !r.telegramHtml.includes('<img'));
  assert.match(r.telegramHtml, /&lt;img src=x onerror=alert\(1\)&gt; &amp; "q"/);
  assert.match(r.text, /<script>alert\("x"\)<\/script>\nline2/); // plain text stays literal (never interpreted)
  // A link field that is not http(s) is shown as text, never as a link.
  const js = renderMessage({ key: 'alert.triggered', locale: 'en', severity: 'high', data: { ...alert, ackLink: 'javascript:alert(1)' } });
  assert.ok(!js.html.includes('href="javascript'));
  assert.ok(!js.telegramHtml.includes('href="javascript'));
  assert.match(js.html, /Acknowledge: javascript:alert\(1\)<br>/);
});

test('CR/LF and control characters: subjects stay one line, bidi overrides and NULs are stripped', () => {
  const r = renderMessage({ key: 'alert.triggered', locale: 'vi', severity: 'low', data: { ...alert, title: 'Sự cố\r\nBcc: x@evil.example\u0000\u202Egnp.exe' } });
  assert.equal(r.subject, '[Vigil][THẤP] Sự cố Bcc: x@evil.examplegnp.exe');
  assert.ok(!/[\r\u0000\u202e]/.test(r.text + r.html + r.sms + r.telegramHtml));
  assert.ok(!r.sms.includes('\n'));
});

test('injection attempts in templates render empty and are refused at validation', () => {
  const allowed = TEMPLATE_FIELDS['alert.triggered'];
  const values = Object.assign(Object.create(null) as Record<string, string>, { title: 'T' });
  for (const src of ["{{constructor.constructor('x')()}}", '{{__proto__}}', '{{constructor}}', '{{toString}}', '{{ title.length }}', '{{#each x}}', '{{{title}}}']) {
    const out = renderTemplateString(`a ${src} b`, values, allowed, 'text');
    assert.ok(!/function|object|\[native/i.test(out), `${src} → ${out}`);
    const issues = validateTemplate('alert.triggered', { subject: 'S', body: `a ${src} b`, sms: 'x' });
    assert.ok(issues.some((i) => i.field === 'body'), `${src} should be refused`);
  }
  // Even if a caller passes a hostile data object, only own whitelisted string fields are used.
  const proto = JSON.parse('{"__proto__": {"title": "polluted"}, "constructor": "c", "agencyName": "A"}') as Record<string, string>;
  assert.equal(renderTemplateString('[{{title}}][{{constructor}}][{{agencyName}}]', proto, allowed, 'text'), '[][][A]');
  assert.equal(({} as Record<string, unknown>).title, undefined);
});

test('custom template validation gives field-level messages', () => {
  const issues = validateTemplate('duty.reminder', { subject: 'Ca {{shiftName}}\n{{title}}', body: 'x {{ unknownThing }} {{shiftEnd', sms: '' });
  assert.deepEqual(issues, [
    { field: 'subject', message: `unknown field {{title}}; allowed: ${TEMPLATE_FIELDS['duty.reminder'].join(', ')}` },
    { field: 'subject', message: 'must be one line' },
    { field: 'body', message: `unknown field {{unknownThing}}; allowed: ${TEMPLATE_FIELDS['duty.reminder'].join(', ')}` },
    { field: 'body', message: 'has an unclosed or nested {{ }} placeholder' },
    { field: 'sms', message: 'is required' },
  ]);
  assert.deepEqual(validateTemplate('alert.triggered', { subject: 'x', body: 'y'.repeat(LIMITS.bodyTemplate + 1), sms: 'z' }), [{ field: 'body', message: `is longer than ${LIMITS.bodyTemplate} characters` }]);
});

test('output is bounded even with huge values', () => {
  const huge = 'Đ<'.repeat(50_000);
  const r = renderMessage({ key: 'alert.escalated', locale: 'vi', severity: 'critical', data: Object.fromEntries(TEMPLATE_FIELDS['alert.escalated'].map((f) => [f, huge])) });
  assert.ok(r.subject.length <= LIMITS.subject);
  assert.ok(r.text.length <= LIMITS.text);
  assert.ok(r.html.length <= LIMITS.html);
  assert.ok(r.telegramHtml.length <= LIMITS.telegram);
  assert.ok(r.sms.length <= LIMITS.sms);
});

test('outboundFor picks the rendering each channel needs', () => {
  const r = renderMessage({ key: 'duty.reminder', locale: 'vi', severity: 'info', data: { shiftName: 'Ca đêm', shiftStart: new Date('2026-03-05T15:00:00Z'), shiftEnd: new Date('2026-03-05T23:00:00Z') } });
  assert.equal(r.subject, '[Vigil] Nhắc lịch trực: Ca đêm (05/03/2026 22:00)');
  const sms = outboundFor('sms', r, { id: 'd', to: '+84903123456', severity: 'info' });
  assert.equal(sms.text, '[Vigil] Nhắc lịch trực Ca đêm: 05/03/2026 22:00 - 06/03/2026 06:00.');
  assert.equal(outboundFor('email', r, { id: 'd', to: 'a@b.vn', severity: 'info' }).html, r.html);
  assert.equal(outboundFor('telegram', r, { id: 'd', to: '1', severity: 'info' }).telegramHtml, r.telegramHtml);
});

test('vulnerability warning: [CBLH] subject, official body with counts, deadline and both links, ASCII SMS', () => {
  const data = {
    recipientName: 'đồng chí Trần Thị Bình', organization: 'Sở Thông tin và Truyền thông', agencyName: 'Sở Y tế',
    warningNumber: 'CB-2023-7', title: 'Lỗ hổng Microsoft tháng 7/2023', cveCount: 3, systemCount: 2, openCount: 1,
    deadline: new Date('2023-07-28T10:00:00Z'), ackLink: 'https://vigil.example.gov.vn/ack/v1.w7', viewLink: 'https://vigil.example.gov.vn/warnings/w7',
  };
  const r = renderMessage({ key: 'warning.issued', locale: 'vi', severity: 'high', data });
  assert.equal(r.subject, '[CBLH] Cảnh báo lỗ hổng số CB-2023-7: Lỗ hổng Microsoft tháng 7/2023');
  assert.match(r.text, /^Kính gửi đồng chí Trần Thị Bình \(Sở Y tế\),\n\nSở Thông tin và Truyền thông gửi cảnh báo lỗ hổng bảo mật số CB-2023-7: Lỗ hổng Microsoft tháng 7\/2023\./);
  assert.match(r.text, /- Số lỗ hổng được cảnh báo: 3\n- Số hệ thống của đơn vị bị ảnh hưởng hoặc có thể bị ảnh hưởng: 2\n- Hạn cập nhật tình trạng xử lý: 28\/07\/2023 17:00\n/);
  assert.match(r.text, /gửi kèm thư này/);
  assert.match(r.text, /\nXác nhận đã nhận: https:\/\/vigil\.example\.gov\.vn\/ack\/v1\.w7\nCập nhật tình trạng: https:\/\/vigil\.example\.gov\.vn\/warnings\/w7\n/);
  assert.match(r.html, /<a href="https:\/\/vigil\.example\.gov\.vn\/warnings\/w7">/);
  assert.equal(r.sms, '[CBLH] Canh bao lo hong CB-2023-7: 2 he thong can kiem tra, han 28/07/2023 17:00. Xac nhan: https://vigil.example.gov.vn/ack/v1.w7');

  const rem = renderMessage({ key: 'warning.reminder', locale: 'vi', severity: 'medium', data });
  assert.match(rem.text, /- Số hệ thống chưa xử lý xong: 1\/2\n- Hạn cập nhật tình trạng xử lý: 28\/07\/2023 17:00\n/);
  assert.equal(rem.sms, '[CBLH] Nhac han canh bao CB-2023-7: 1 he thong chua xu ly xong, han 28/07/2023 17:00.');
  const en = renderMessage({ key: 'warning.reminder', locale: 'en', severity: 'medium', data });
  assert.match(en.text, /Systems not yet resolved: 1\/2/);
  for (const locale of LOCALES) for (const key of ['warning.issued', 'warning.reminder'] as const) {
    assert.match(DEFAULT_TEMPLATES[locale][key].sms, /^[\x20-\x7e]*$/, `${locale} ${key} SMS is ASCII`);
  }
  // No deadline set: the deadline line is dropped, not left dangling.
  assert.doesNotMatch(renderMessage({ key: 'warning.issued', locale: 'vi', severity: 'high', data: { ...data, deadline: null } }).text, /Hạn cập nhật/);
});
