import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { listRulesForUsers } from '../../server/src/repositories/notification-preference.repository.ts';
import { effectiveTemplate } from '../../server/src/services/notification-template.service.ts';
import { TEMPLATE_KEYS } from '../../server/src/notifications/templates/template-fields.ts';
import { createTestApp, createUser, login, type Session } from '../helpers/test-app.ts';
import { alertWithDeliveries, delivery, startSmtp, type SmtpReceiver } from '../notifications/outbox/helpers.ts';

/** Per-user preferences and quiet hours, dead letters and the delivery log, template overrides. */

describe('notification preferences, dead letters, templates', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let member: Session;
  let smtp: SmtpReceiver;
  let emailId = '';
  let smsId = '';
  let slackId = '';
  let offId = '';

  before(async () => {
    t = await createTestApp({ config: { notifyTimeoutMs: 3000 } });
    admin = await login(t.app, 'admin');
    await createUser(t.ctx, 'an.nv', 'viewer', null);
    member = await login(t.app, 'an.nv');
    smtp = await startSmtp();
    const mk = (name: string, kind: string, config: Record<string, unknown>, enabled = true) => t.ctx.notificationChannels.create(SYSTEM_ACTOR, { name, kind, config, enabled });
    emailId = (await mk('Thư điện tử', 'email', { host: '127.0.0.1', port: smtp.port, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>' })).id;
    smsId = (await mk('SMS Viettel', 'sms', { url: 'http://127.0.0.1:9/sms', format: 'json', fields: { to: '{to}', text: '{text}' } })).id;
    slackId = (await mk('Slack SOC', 'slack', { url: 'https://hooks.slack.example/x' })).id;
    offId = (await mk('Telegram cũ', 'telegram', { botToken: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq' }, false)).id;
  });
  after(async () => {
    await smtp.close();
    await t.close();
  });

  const put = (s: Session, body: unknown) => s.request('PUT', '/api/v1/me/notification-preferences', body);
  const fieldsOf = (r: { json(): { errors?: { field: string }[] } }) => (r.json().errors ?? []).map((e) => e.field);

  test('bad input answers 400 with the field: time zone, quiet hours, disabled channel, addresses', async () => {
    const base = { timeZone: 'Asia/Ho_Chi_Minh', quietHours: null, rules: [] };
    assert.deepEqual(fieldsOf(await put(member, { ...base, timeZone: 'Asia/Hanoi_City' })), ['timeZone']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, quietHours: { start: '25:00', end: '06:30' } })), ['quietHours.start']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, quietHours: { start: '22:00', end: '06:30', days: [1, 8] } })), ['quietHours.days']);
    // Above critical does not exist: the schema refuses it.
    assert.equal((await put(member, { ...base, quietHours: { start: '22:00', end: '06:30', bypassFrom: 'emergency' } })).statusCode, 400);
    assert.deepEqual(fieldsOf(await put(member, { ...base, rules: [{ channelId: offId, address: '123456', enabled: true }] })), ['rules.0.channelId']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, rules: [{ channelId: emailId, address: 'an at soyte', enabled: true }] })), ['rules.0.address']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, rules: [{ channelId: smsId, address: '09-abc', enabled: true }] })), ['rules.0.address']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, rules: [{ channelId: slackId, address: 'an@soyte.gov.vn', enabled: true }] })), ['rules.0.address']);
    assert.deepEqual(fieldsOf(await put(member, { ...base, phone: 'gọi tôi' })), ['phone']);
    const missing = await put(member, { ...base, rules: [{ channelId: '00000000-0000-4000-8000-000000000000', address: 'x', enabled: true }] });
    assert.deepEqual(fieldsOf(missing), ['rules.0.channelId']);
    // Nothing was stored by the refused requests.
    assert.deepEqual((await member.request('GET', '/api/v1/me/notification-preferences')).json().rules, []);
  });

  test('round trip: rules in order, quiet hours with defaults, phone normalised; listRulesForUsers joins the channel', async () => {
    const body = {
      timeZone: 'Asia/Bangkok',
      quietHours: { start: '22:00', end: '06:30', days: [5, 1, 2] },
      phone: '+84 903 123 456',
      rules: [
        { channelId: smsId, address: '+84903123456', minSeverity: 'high', enabled: true },
        { channelId: emailId, address: 'an.nv@soyte.gov.vn', enabled: true },
        { channelId: slackId, address: '', enabled: false },
      ],
    };
    const r = await put(member, body);
    assert.equal(r.statusCode, 200, r.body);
    const got = (await member.request('GET', '/api/v1/me/notification-preferences')).json();
    assert.equal(got.timeZone, 'Asia/Bangkok');
    assert.equal(got.phone, '+84903123456');
    assert.deepEqual(got.quietHours, { start: '22:00', end: '06:30', days: [1, 2, 5], mode: 'defer', bypassFrom: 'critical' });
    assert.deepEqual(got.rules.map((x: { channelName: string }) => x.channelName), ['SMS Viettel', 'Thư điện tử', 'Slack SOC']);
    assert.equal(got.rules[0].minSeverity, 'high');

    const user = await t.ctx.repos.users.findByUsername(t.ctx.database.db, 'an.nv');
    const rules = await listRulesForUsers(t.ctx.database.db, [user!.id]);
    assert.deepEqual(rules.map((x) => [x.position, x.channelKind, x.channelEnabled, x.address, x.minSeverity, x.enabled]), [
      [0, 'sms', true, '+84903123456', 'high', true],
      [1, 'email', true, 'an.nv@soyte.gov.vn', null, true],
      [2, 'slack', true, '', null, false],
    ]);
    // Replace-all: a shorter list leaves nothing behind.
    await put(member, { ...body, quietHours: null, rules: [body.rules[1]] });
    assert.equal((await listRulesForUsers(t.ctx.database.db, [user!.id])).length, 1);
  });

  test('"send me a test" sends on each enabled channel and reports each result', async () => {
    await put(member, {
      timeZone: 'Asia/Ho_Chi_Minh', quietHours: { start: '00:00', end: '23:59' },
      rules: [{ channelId: emailId, address: 'an.nv@soyte.gov.vn', enabled: true }, { channelId: smsId, address: '0903123456', enabled: true }],
    });
    const before = smtp.accepted.length;
    const r = await member.request('POST', '/api/v1/me/notification-preferences/test');
    assert.equal(r.statusCode, 200, r.body);
    const results = r.json().results as { channelName: string; ok: boolean; code?: string }[];
    assert.deepEqual(results.map((x) => [x.channelName, x.ok]), [['Thư điện tử', true], ['SMS Viettel', false]]);
    assert.equal(results[1]!.code, 'network');
    assert.equal(smtp.accepted.length, before + 1);
  });

  test('dead letters: listed with error, code, attempts, channel; retry puts one back; the log filters by status and channel', async () => {
    const { ids } = await alertWithDeliveries(t.ctx, [delivery(emailId, 'a@soyte.gov.vn'), delivery(smsId, '0903000111')]);
    await t.ctx.database.db.updateTable('notification_outbox').set({ status: 'dead', attempts: 8, last_code: 'bounced', last_error: 'SMTP 550 5.1.1 mailbox unknown' }).where('id', '=', ids[0]!).execute();
    const dead = await admin.request('GET', '/api/v1/notifications/dead');
    assert.equal(dead.statusCode, 200);
    const d = dead.json().items.find((x: { id: string }) => x.id === ids[0]);
    assert.deepEqual([d.status, d.lastCode, d.lastError, d.attempts, d.channelName, d.recipient], ['dead', 'bounced', 'SMTP 550 5.1.1 mailbox unknown', 8, 'Thư điện tử', 'a@soyte.gov.vn']);
    assert.ok(d.createdAt);
    assert.equal((await member.request('GET', '/api/v1/notifications/dead')).statusCode, 403);

    const bySms = (await admin.request('GET', `/api/v1/notifications?channelId=${smsId}&status=pending`)).json();
    assert.deepEqual(bySms.items.map((x: { id: string }) => x.id), [ids[1]]);
    assert.equal(bySms.total, 1);

    assert.equal((await admin.request('POST', `/api/v1/notifications/${ids[1]}/retry`)).statusCode, 409, 'only dead ones');
    assert.equal((await admin.request('POST', `/api/v1/notifications/${ids[0]}/retry`)).statusCode, 204);
    const row = await t.ctx.repos.notificationOutbox.get(t.ctx.database.db, ids[0]!);
    assert.deepEqual([row!.status, row!.attempts], ['pending', 0]);
    assert.equal((await admin.request('POST', '/api/v1/notifications/00000000-0000-4000-8000-000000000000/retry')).statusCode, 404);
  });

  test('template overrides: injection, unknown fields and over-long text are 400 per field; preview, effectiveTemplate, revert', async () => {
    const url = '/api/v1/notification-templates/alert.triggered/vi';
    const good = { subject: '[Vigil] {{title}}', body: 'Kính gửi {{recipientName}},\n{{summary}}\nXác nhận: {{ackLink}}', sms: '{{title}} {{ackLink}}' };
    for (const [bad, field] of [
      [{ ...good, subject: '{{constructor}}' }, 'subject'],
      [{ ...good, body: '{{#each items}}x{{/each}}' }, 'body'],
      [{ ...good, body: '{{title.constructor}}' }, 'body'],
      [{ ...good, sms: '{{{title}}}' }, 'sms'],
      [{ ...good, subject: '{{password}}' }, 'subject'],
      [{ ...good, body: 'x'.repeat(4001) }, 'body'],
    ] as const) {
      const r = await admin.request('PUT', url, bad);
      assert.equal(r.statusCode, 400, JSON.stringify(bad).slice(0, 80));
      assert.ok(fieldsOf(r).includes(field), `${field}: ${r.body}`);
    }
    assert.equal((await admin.request('PUT', '/api/v1/notification-templates/alert.unknown/vi', good)).statusCode, 400);
    assert.equal((await member.request('PUT', url, good)).statusCode, 403);

    assert.equal((await admin.request('PUT', url, good)).statusCode, 204);
    const list = (await admin.request('GET', '/api/v1/notification-templates')).json().items as { key: string; locale: string; override: unknown; default: { subject: string } }[];
    assert.equal(list.length, TEMPLATE_KEYS.length * 2, "every template in both languages");
    const entry = list.find((x) => x.key === 'alert.triggered' && x.locale === 'vi')!;
    assert.deepEqual(entry.override, good);
    assert.match(entry.default.subject, /severityLabel/);
    assert.deepEqual(await effectiveTemplate(t.ctx.database.db, 'alert.triggered', 'vi'), good);
    assert.equal(await effectiveTemplate(t.ctx.database.db, 'alert.triggered', 'en'), undefined);

    const preview = await admin.request('POST', `${url}/preview`, { template: { ...good, subject: '[Vigil] {{title}} <b>' } });
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.match(p.subject, /Cổng thông tin điện tử tỉnh không truy cập được/);
    assert.match(p.html, /&lt;b&gt;/, 'template text is escaped in HTML');
    assert.ok(p.smsParts >= 1);
    assert.equal((await admin.request('POST', `${url}/preview`, { template: { ...good, body: '{{constructor}}' } })).statusCode, 400);

    assert.equal((await admin.request('DELETE', url)).statusCode, 204);
    assert.equal((await admin.request('DELETE', url)).statusCode, 404);
    assert.equal(await effectiveTemplate(t.ctx.database.db, 'alert.triggered', 'vi'), undefined);
  });
});
