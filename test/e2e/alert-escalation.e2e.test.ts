import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { startBackground, type Background } from '../../server/src/jobs/background.ts';
import { silentLogger } from '../../server/src/monitoring/types.ts';
import { apiClient, launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { emailConfig, startSmtp, waitFor, type SmtpReceiver } from '../notifications/outbox/helpers.ts';

/**
 * The "done when", on real parts: a coordinator builds a roster for an alert period that
 * is on now and sees its gaps; a monitored portal (loopback) goes down under the real engine; the
 * on-duty officer gets an e-mail on a loopback SMTP server; nobody acknowledges, so the escalation
 * job tells the supervisor; the officer opens the link from the e-mail in the browser and
 * acknowledges; the escalation stops.
 *
 * The policy waits one minute before the next step; the test moves that group's next step to
 * "now" in the database instead of sleeping, and the real job does the rest.
 */
const pad = (n: number) => String(n).padStart(2, '0');
/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh (UTC+7, no DST), as the period form takes it. */
function vnLocal(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
}

async function startPortal() {
  let failing = false;
  const server: Server = createServer((_req, res) => {
    res.writeHead(failing ? 503 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(failing ? '<h1>Lỗi</h1>' : '<h1>Cổng TTĐT Sở Y tế</h1>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, fail: () => void (failing = true), close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('alerts: roster with gaps, site down, the on-duty officer is mailed, escalation, acknowledged from the link', { skip: NO_CHROMIUM, timeout: 180_000 }, async (t) => {
  const server = await startTestServer();
  const smtp: SmtpReceiver = await startSmtp();
  const portal = await startPortal();
  let background: Background | null = null;
  let browser: Browser | undefined;
  try {
    const ctx = server.ctx;
    const agency = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'SYT-E2E', name: 'Sở Y tế E2E', kind: 'department' });
    const officer = (await ctx.users.create(SYSTEM_ACTOR, { username: 'trucban', displayName: 'Trần Trực Ban', email: 'truc.ban@soyte.gov.vn', role: 'agency_member', agencyId: agency.id, password: PASSWORD })).user;
    const supervisor = (await ctx.users.create(SYSTEM_ACTOR, { username: 'giamsat', displayName: 'Lê Giám Sát', email: 'giam.sat@stttt.gov.vn', role: 'coordinator', password: PASSWORD })).user;
    await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', role: 'coordinator', password: PASSWORD });
    await ctx.notificationChannels.create(SYSTEM_ACTOR, { name: 'SMTP tỉnh', kind: 'email', config: emailConfig(smtp.port) } as never);
    background = await startBackground(ctx, { log: silentLogger });

    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(15_000);
    await login(page, server.url, 'dieuphoi', PASSWORD);
    const api = await apiClient(page, server.url);
    const now = new Date();
    let periodUrl = '';

    await t.test('the coordinator builds a roster for the alert period that is on now and sees its gaps', async () => {
      await page.getByRole('link', { name: 'Lịch trực' }).click();
      await page.getByTestId('period-create').click();
      const form = page.getByTestId('period-form');
      await form.getByTestId('period-name').fill('Đợt cao điểm E2E');
      await form.getByTestId('period-start').fill(vnLocal(new Date(now.getTime() - 2 * 3_600_000)).replace(/\d\d$/, '00'));
      await form.getByTestId('period-end').fill(vnLocal(new Date(now.getTime() + 48 * 3_600_000)).replace(/\d\d$/, '00'));
      await form.getByTestId('period-submit').click();
      const row = page.getByTestId('period-row').filter({ hasText: 'Đợt cao điểm E2E' });
      await row.getByRole('link').click();
      await page.getByTestId('period-detail').waitFor();
      periodUrl = page.url();

      await page.getByTestId('roster-create').click();
      const rf = page.getByTestId('roster-form');
      await rf.getByTestId('roster-name').fill('Trực Sở Y tế');
      await rf.getByTestId('roster-agency').selectOption(agency.id);
      await rf.getByTestId('roster-member-pick').locator('option', { hasText: 'Trần Trực Ban' }).waitFor({ state: 'attached' });
      await rf.getByTestId('roster-member-pick').selectOption({ label: 'Trần Trực Ban — Sở Y tế E2E' });
      await rf.getByTestId('roster-member-add').click();
      // One 12-hour shift a day starting an hour ago: on duty now, nobody for the other 12 hours.
      const start = vnLocal(new Date(now.getTime() - 3_600_000)).slice(11, 13) + ':00';
      await rf.getByTestId('roster-shift-hours').fill('12');
      await rf.getByTestId('roster-handover').fill(start);
      await rf.getByTestId('roster-start-times').fill(start);
      await rf.getByTestId('roster-submit').click();
      await page.getByTestId('roster-page').waitFor();

      await page.goto(periodUrl);
      await page.getByTestId('coverage-gap').first().waitFor();
      assert.ok((await page.getByTestId('coverage-gap').count()) >= 2, 'the nights are gaps');
      assert.match(await page.getByTestId('coverage-gap').first().innerText(), /Trực Sở Y tế: không có người trực/);
      await page.getByText('Trần Trực Ban').first().waitFor();
    });

    let groupId = '';
    await t.test('the portal goes down: the on-duty officer receives the e-mail', async () => {
      const period = (await api.get<{ items: { id: string; name: string }[] }>('/duty/periods')).items.find((p) => p.name === 'Đợt cao điểm E2E')!;
      const roster = (await api.get<{ rosters: { id: string }[] }>(`/duty/periods/${period.id}`)).rosters[0]!;
      const policy = await api.post<{ id: string }>('/escalation-policies', {
        name: 'Trực ban → Giám sát', repeat: 0,
        steps: [{ type: 'notify_on_duty', rosterId: roster.id }, { type: 'wait', minutes: 1 }, { type: 'notify_users', userIds: [supervisor.id] }, { type: 'wait', minutes: 30 }],
      });
      await api.post('/routing-rules', { name: 'Sở Y tế', match: { agencyIds: [agency.id] }, policyId: policy.id, groupBy: 'hosting' });
      const system = await api.post<{ id: string }>('/systems', { name: 'Cổng TTĐT Sở Y tế', ownerAgencyId: agency.id, securityLevel: 3, urls: [portal.url] });
      // Loopback is a private address: only an administrator may mark the system internal.
      await ctx.systems.update(SYSTEM_ACTOR, system.id, { internal: true } as never);
      await api.post('/monitors', { systemId: system.id, kind: 'http', name: 'Cổng TTĐT (HTTP)', target: portal.url, intervalSeconds: 10, failureThreshold: 1 });
      portal.fail();
      await waitFor(() => smtp.accepted.some((m) => /truc\.ban@/.test(parseMail(m.raw).headers.get('to') ?? '')), 60_000);
      const mail = parseMail(smtp.accepted.find((m) => /truc\.ban@/.test(parseMail(m.raw).headers.get('to') ?? ''))!.raw);
      assert.match(mail.headers.get('subject') ?? '', /Cổng TTĐT \(HTTP\)/);
      const groups = await api.get<{ items: { id: string; status: string }[] }>('/alerts?status=active');
      groupId = groups.items[0]!.id;
      assert.equal(groups.items[0]!.status, 'triggered');
      assert.ok(officer.id);
    });

    await t.test('nobody acknowledges: the escalation reaches the supervisor', async () => {
      await sql`update alert_groups set next_escalation_at = now() where id = ${groupId}`.execute(server.ctx.database.db);
      await waitFor(() => smtp.accepted.some((m) => /giam\.sat@/.test(parseMail(m.raw).headers.get('to') ?? '')), 30_000);
      const mail = parseMail(smtp.accepted.find((m) => /giam\.sat@/.test(parseMail(m.raw).headers.get('to') ?? ''))!.raw);
      assert.match(mail.headers.get('subject') ?? '', /Chuyển cấp 2/);
    });

    await t.test('the officer acknowledges from the link in the e-mail; escalation stops', async () => {
      const mail = parseMail(smtp.accepted.find((m) => /truc\.ban@/.test(parseMail(m.raw).headers.get('to') ?? ''))!.raw);
      const link = /(https?:\/\/\S+\/ack\/[A-Za-z0-9._%-]+)/.exec(mail.text)?.[1];
      assert.ok(link, 'the mail has an acknowledgement link');
      const phone = await browser!.newPage({ viewport: { width: 390, height: 800 }, locale: 'vi-VN' });
      await phone.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
      await phone.getByRole('heading', { name: 'Xác nhận đã nhận cảnh báo' }).waitFor();
      await phone.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
      await phone.getByRole('heading', { name: 'Đã xác nhận. Cảm ơn đồng chí.' }).waitFor();
      const detail = await api.get<{ group: { status: string; acknowledgedBy: string; nextEscalationAt: string | null } }>(`/alerts/${groupId}`);
      assert.equal(detail.group.status, 'acknowledged');
      assert.equal(detail.group.acknowledgedBy, 'Trần Trực Ban');
      assert.equal(detail.group.nextEscalationAt, null);
      // Even if its time comes, an acknowledged group is not escalated again.
      const before = smtp.accepted.length;
      await sql`update alert_groups set next_escalation_at = now() where id = ${groupId}`.execute(server.ctx.database.db);
      await new Promise((r) => setTimeout(r, 7_000));
      assert.equal(smtp.accepted.length, before, 'no message after the acknowledgement');
      await page.goto(`${server.url}/alerts/${groupId}`);
      await page.getByText('Trần Trực Ban').first().waitFor();
    });
  } finally {
    await browser?.close();
    await background?.stop();
    await portal.close();
    await smtp.close();
    await server.close();
  }
});
