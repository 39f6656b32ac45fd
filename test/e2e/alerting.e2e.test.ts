import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { alertRow, openAlerts } from '../alerting/helpers.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { emailConfig, makeDispatcher, startSmtp, waitFor } from '../notifications/outbox/helpers.ts';

/** `YYYY-MM-DDTHH:mm` wall-clock in Vietnam (UTC+7, no daylight saving), `days` from today at 08:00. */
function vnLocal(days: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T08:00`;
}

/**
 * Alerting as a provincial coordinator works it, in Chromium against the real server: a hosting
 * outage arrives as one grouped alert whose timeline shows the e-mail to the officer on duty;
 * the coordinator acknowledges, assigns, comments, snoozes and un-snoozes; builds an escalation
 * policy (after the server refuses a repeat without a wait step, at its field) and a routing
 * rule; runs a roll call whose e-mail reaches a loopback SMTP server, answers it from the link
 * in that e-mail, and sees the board and the agency's verification change. Then the alert page
 * at phone width.
 */
test('alerting: grouped alert, timeline, actions, escalation editor, roll call answered from the e-mail', { skip: NO_CHROMIUM, timeout: 120_000 }, async (t) => {
  const server = await startTestServer();
  const smtp = await startSmtp();
  const ctx = server.ctx;
  const dispatcher = makeDispatcher(ctx.database.db, ctx.repos.notificationOutbox);
  let browser: Browser | undefined;
  try {
    // ---- seed: a Sở with an officer on duty now, a coordinator, an e-mail channel, a policy and a rule
    const province = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'DNA', name: 'Tỉnh Đồng Nai', kind: 'province' });
    const syt = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: 'SYT', name: 'Sở Y tế', kind: 'department' });
    const sgd = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: 'SGD', name: 'Sở Giáo dục và Đào tạo', kind: 'department' });
    const officer = (await ctx.users.create(SYSTEM_ACTOR, { username: 'officer', displayName: 'Trần Trực Ban', email: 'truc.ban@soyte.gov.vn', role: 'agency_member', agencyId: syt.id, password: PASSWORD })).user;
    await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', email: 'dieu.phoi@stttt.gov.vn', role: 'coordinator', password: PASSWORD });
    await ctx.repos.notificationOutbox.insertChannel(ctx.database.db, { id: randomUUID(), name: 'SMTP tỉnh', kind: 'email', config: emailConfig(smtp.port) });
    const period = await ctx.duty.createPeriod(SYSTEM_ACTOR, { name: 'Trực cao điểm E2E', start: vnLocal(-1), end: vnLocal(2) });
    const roster = await ctx.duty.createRoster(SYSTEM_ACTOR, period.id, { name: 'Trực Sở Y tế', agencyId: syt.id, members: [officer.id], rotation: { shiftHours: 24, handoverTime: '08:00' } });
    const policy = await ctx.alerting.escalationPolicies.createPolicy(SYSTEM_ACTOR, { name: 'Trực ban Sở Y tế', steps: [{ type: 'notify_on_duty', rosterId: roster.id }, { type: 'wait', minutes: 30 }], repeat: 0 });
    await ctx.alerting.escalationPolicies.createRule(SYSTEM_ACTOR, { name: 'Tất cả cảnh báo', match: {}, policyId: policy.id, groupBy: 'hosting', groupWindowSeconds: 600 });
    const systems = [];
    for (const [i, name] of ['Cổng TTĐT Sở Y tế', 'Hệ thống khám bệnh trực tuyến', 'Cổng dịch vụ công y tế'].entries()) {
      systems.push(await ctx.systems.create(SYSTEM_ACTOR, { name, ownerAgencyId: syt.id, securityLevel: 2, urls: [`https://he-thong-${i}.soyte.example.gov.vn/`], hostingProvider: 'VNPT IDC' }));
    }
    const now = new Date();
    await openAlerts(ctx, systems.map((s) => alertRow({ agencyId: syt.id, systemId: s.id, at: now, summary: `${s.name} không truy cập được` })));
    for (const [name, email] of [['Nguyễn Đầu Mối', 'dau.moi@sogd.gov.vn'], ['Lê Không Địa Chỉ', null]] as const) {
      await ctx.contacts.create(SYSTEM_ACTOR, { agencyId: sgd.id, priority: 'primary', availability: 'out_of_hours', name, email, phone: email ? null : '02513822222' });
    }
    dispatcher.start();

    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    await login(page, server.url, 'dieuphoi', PASSWORD);
    let alertUrl = '';
    let boardUrl = '';

    await t.test('the alerts page is the landing page and shows the outage as one grouped alert', async () => {
      await page.waitForURL(/\/alerts$/);
      const row = page.getByTestId('alert-row');
      await row.first().waitFor();
      assert.equal(await row.count(), 1, 'three portals of one hosting provider are one group');
      assert.match(await row.getByTestId('alert-row-count').innerText(), /^3 cảnh báo$/);
      assert.equal(await row.getByTestId('alert-status').innerText(), 'Chưa xác nhận');
      if (shots) await page.screenshot({ path: `${shots}/alerts-list.png`, fullPage: true });
      await row.getByTestId('alert-link').click();
      await page.getByTestId('alert-detail').waitFor();
      alertUrl = page.url();
    });

    await t.test('the timeline tells the officer on duty was notified, and the mail went out', async () => {
      const notified = page.locator('[data-testid="timeline-event"][data-type="notified"]');
      await notified.waitFor();
      assert.match(await notified.innerText(), /Đã thông báo — người trực của Trực Sở Y tế/);
      assert.match(await notified.getByTestId('timeline-recipients').innerText(), /Trần Trực Ban · email · truc\.ban@soyte\.gov\.vn/);
      assert.match(await page.getByTestId('alert-escalation-state').innerText(), /^Chuyển cấp tiếp theo lúc (\d\d\/\d\d\/\d{4} )?\d\d:\d\d\.$/);
      assert.equal(await page.getByTestId('alert-member').count(), 3);
      // The dispatcher delivers the mail; the poll shows it in the delivery log.
      await page.locator('[data-testid="alert-delivery"][data-status="sent"]').waitFor({ timeout: 15_000 });
      assert.match(await page.getByTestId('alert-deliveries').innerText(), /truc\.ban@soyte\.gov\.vn/);
    });

    await t.test('acknowledge, assign, comment, snooze and un-snooze', async () => {
      await page.getByTestId('alert-ack').click();
      await page.locator('[data-testid="alert-detail"][data-status="acknowledged"]').waitFor();
      assert.match(await page.getByTestId('alert-escalation-state').innerText(), /Đã dừng chuyển cấp: Điều phối viên đã xác nhận lúc/);
      await page.locator('[data-testid="timeline-event"][data-type="acknowledged"]', { hasText: 'Điều phối viên đã xác nhận trên giao diện' }).waitFor();

      await page.getByTestId('alert-assign').click();
      const assign = page.getByTestId('alert-assign-dialog');
      await assign.getByTestId('alert-assign-user').locator('option', { hasText: 'Trần Trực Ban' }).waitFor({ state: 'attached' });
      await assign.getByTestId('alert-assign-user').selectOption({ label: 'Trần Trực Ban — Sở Y tế' });
      await assign.getByTestId('alert-assign-submit').click();
      await assign.waitFor({ state: 'detached' });
      await page.getByTestId('alert-assignee').getByText('Trần Trực Ban').waitFor();
      await page.locator('[data-testid="timeline-event"][data-type="assigned"]', { hasText: 'Điều phối viên giao cho Trần Trực Ban' }).waitFor();

      await page.getByTestId('alert-comment-text').fill('Đã gọi VNPT IDC, đang khắc phục sự cố nguồn điện.');
      await page.getByTestId('alert-comment-send').click();
      await page.locator('[data-testid="timeline-event"][data-type="comment"]', { hasText: 'Đã gọi VNPT IDC, đang khắc phục sự cố nguồn điện.' }).waitFor();
      assert.equal(await page.getByTestId('alert-comment-text').inputValue(), '');

      // Snoozing is for an alert nobody has taken yet: un-acknowledge first.
      await page.getByTestId('alert-unack').click();
      await page.locator('[data-testid="alert-detail"][data-status="triggered"]').waitFor();
      await page.getByTestId('alert-snooze').click();
      const snooze = page.getByTestId('alert-snooze-dialog');
      await snooze.getByTestId('alert-snooze-minutes').fill('45');
      await snooze.getByTestId('alert-snooze-submit').click();
      await snooze.waitFor({ state: 'detached' });
      await page.getByTestId('alert-escalation-state').getByText(/^Đang tạm hoãn đến (\d\d\/\d\d\/\d{4} )?\d\d:\d\d/).waitFor();
      assert.equal(await page.getByTestId('alert-status').innerText(), 'Tạm hoãn');
      await page.getByTestId('alert-unsnooze').click();
      await page.locator('[data-testid="timeline-event"][data-type="unsnoozed"]').waitFor();
      await page.getByTestId('alert-snooze').waitFor();
      if (shots) await page.screenshot({ path: `${shots}/alert-detail.png`, fullPage: true });
    });

    await t.test('an escalation policy with a wait step; a repeat without one is refused at its field', async () => {
      await page.getByRole('link', { name: 'Chuyển cấp cảnh báo' }).click();
      await page.getByTestId('policy-create').click();
      const form = page.getByTestId('policy-form');
      await form.getByTestId('policy-name').fill('Đầu mối → Lãnh đạo');
      const steps = form.getByTestId('policy-step');
      // The editor starts with "notify on duty" and "wait": make it notify the agency's contacts, then remove the wait.
      await steps.nth(0).getByTestId('step-type').selectOption('notify_agency_contacts');
      await steps.nth(1).getByTestId('step-remove').click();
      assert.equal(await steps.count(), 1);
      await form.getByTestId('policy-repeat').fill('2');
      await form.getByTestId('policy-submit').click();
      await form.locator('.field__error', { hasText: 'Muốn lặp lại thì chính sách cần có bước chờ' }).waitFor();
      if (shots) await page.screenshot({ path: `${shots}/policy-error.png` });

      await form.getByTestId('step-add-wait').click();
      await steps.nth(1).getByTestId('step-minutes').fill('10');
      await form.getByTestId('step-add').click();
      await steps.nth(2).getByTestId('step-type').selectOption('notify_users');
      await steps.nth(2).getByLabel('Điều phối viên', { exact: true }).check();
      // Order: wait first by mistake, then moved below the contacts step (it already is); move the people step up and back.
      await steps.nth(2).getByTestId('step-up').click();
      assert.equal(await steps.nth(1).getAttribute('data-type'), 'notify_users');
      await steps.nth(1).getByTestId('step-down').click();
      assert.equal(await steps.nth(2).getAttribute('data-type'), 'notify_users');
      await form.getByTestId('policy-submit').click();
      await page.getByTestId('policy-dialog').waitFor({ state: 'detached' });
      const card = page.locator('[data-testid="policy-card"][data-name="Đầu mối → Lãnh đạo"]');
      assert.match(await card.innerText(), /Báo tất cả đầu mối 24\/7 của đơn vị\s+Chờ 10 phút\s+Báo: Điều phối viên\s+Lặp lại tối đa 2 lần/);

      await page.getByTestId('rule-create').click();
      const rule = page.getByTestId('rule-form');
      await rule.getByTestId('rule-name').fill('Nghiêm trọng của Sở Y tế');
      await rule.getByTestId('rule-agencies-pick').selectOption(syt.id);
      await rule.getByTestId('rule-severity-critical').check();
      await rule.getByTestId('rule-kinds').fill('monitor., content.');
      await rule.getByTestId('rule-policy').selectOption({ label: 'Đầu mối → Lãnh đạo' });
      await rule.getByTestId('rule-group-by').selectOption('agency');
      if (shots) await page.screenshot({ path: `${shots}/rule-form.png` });
      await rule.getByTestId('rule-submit').click();
      await page.getByTestId('rule-dialog').waitFor({ state: 'detached' });
      const rows = page.getByTestId('rule-row');
      await rows.nth(1).waitFor();
      assert.equal(await rows.nth(1).getAttribute('data-name'), 'Nghiêm trọng của Sở Y tế');
      // A specific rule belongs above the catch-all one.
      await rows.nth(1).getByTestId('rule-up').click();
      await page.locator('[data-testid="rule-row"]').first().and(page.locator('[data-name="Nghiêm trọng của Sở Y tế"]')).waitFor();
      const rules = await ctx.alerting.escalationPolicies.listRules();
      assert.deepEqual(rules.map((r) => r.name), ['Nghiêm trọng của Sở Y tế', 'Tất cả cảnh báo']);
      assert.deepEqual(rules[0]!.match, { agencyIds: [syt.id], includeSubAgencies: true, severities: ['critical'], kinds: ['monitor.', 'content.'] });
      if (shots) await page.screenshot({ path: `${shots}/escalation.png`, fullPage: true });
    });

    await t.test('a roll call: the e-mailed contact answers from the link, the one without an address is unreachable', async () => {
      await page.getByRole('link', { name: 'Điểm danh đầu mối' }).click();
      await page.getByTestId('roll-call-start').click();
      const form = page.getByTestId('roll-call-form');
      await form.getByTestId('roll-call-title').fill('Điểm danh trước Quốc khánh');
      await form.getByTestId('roll-call-agencies-pick').selectOption(sgd.id);
      await form.getByTestId('roll-call-deadline').fill('60');
      await form.getByTestId('roll-call-submit').click();
      await page.getByTestId('roll-call-board').waitFor();
      boardUrl = page.url();
      const target = (name: string, state = '') => page.locator(`[data-testid="roll-call-target"][data-contact="${name}"]${state && `[data-state="${state}"]`}`);
      await target('Lê Không Địa Chỉ', 'unreachable').waitFor();
      assert.equal(await target('Lê Không Địa Chỉ').getByTestId('target-state').innerText(), 'Không liên lạc được');
      assert.equal(await target('Nguyễn Đầu Mối').getByTestId('target-state').innerText(), 'Đang chờ');
      assert.equal(await page.getByTestId('count-unreachable').getAttribute('data-count'), '1');

      await waitFor(() => smtp.accepted.some((m) => (parseMail(m.raw).headers.get('to') ?? '').includes('dau.moi@sogd.gov.vn')), 15_000);
      const mail = parseMail(smtp.accepted.find((m) => (parseMail(m.raw).headers.get('to') ?? '').includes('dau.moi@sogd.gov.vn'))!.raw);
      const link = /https?:\/\/[^\s"<>]+(\/answer\/[A-Za-z0-9._%~-]+)/.exec(mail.text)?.[1];
      assert.ok(link, 'the mail carries an answer link');
      const answer = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'vi-VN' });
      await answer.goto(`${server.url}${link}`);
      await answer.getByRole('button', { name: 'Xác nhận tôi đã nhận được' }).click();
      await answer.getByText('Đã ghi nhận. Cảm ơn đồng chí.').waitFor();
      await answer.close();

      // The board polls: the answer shows without a reload.
      await target('Nguyễn Đầu Mối', 'answered').waitFor();
      assert.equal(await target('Nguyễn Đầu Mối').getByTestId('target-state').innerText(), 'Đã trả lời');
      assert.equal(await page.getByTestId('count-answered').getAttribute('data-count'), '1');
      if (shots) await page.screenshot({ path: `${shots}/roll-call-board.png`, fullPage: true });

      await page.getByRole('link', { name: 'Điểm danh đầu mối' }).first().click();
      const verified = page.locator('[data-testid="verification-row"][data-agency="Sở Giáo dục và Đào tạo"]');
      const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
      await verified.getByTestId('verification-last').getByText(today).waitFor();
      assert.match(await verified.innerText(), /1\/2/);
      const never = page.locator('[data-testid="verification-row"][data-agency="Sở Y tế"]');
      assert.match(await never.innerText(), /Chưa có đầu mối/);
      if (shots) await page.screenshot({ path: `${shots}/roll-calls.png`, fullPage: true });
    });

    await t.test('at phone width (360 px) the pages fit the screen', async () => {
      const phone = await browser!.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, 'dieuphoi', PASSWORD);
      for (const [url, ready, name] of [[alertUrl, 'alert-timeline', 'alert'], [`${server.url}/escalation`, 'rule-row', 'escalation'], [boardUrl, 'roll-call-target', 'board'], [`${server.url}/roll-calls`, 'verification-row', 'roll-calls']] as const) {
        await phone.goto(url);
        await phone.getByTestId(ready).first().waitFor();
        const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(width <= 360, `${url}: nothing scrolls sideways (page is ${width} px wide)`);
        if (shots) await phone.screenshot({ path: `${shots}/phone-${name}.png`, fullPage: true });
      }
      await phone.goto(`${server.url}/escalation`);
      await phone.getByTestId('policy-create').click();
      await phone.getByTestId('policy-step').first().waitFor();
      if (shots) await phone.screenshot({ path: `${shots}/phone-policy-form.png` });
      await phone.close();
    });

    await t.test('at phone width (390 px) the alert page fits and the officer can acknowledge', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, 'officer', PASSWORD);
      await phone.goto(alertUrl);
      await phone.getByTestId('alert-timeline').waitFor();
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= 390, `the alert page scrolls sideways (${width} px wide)`);
      if (shots) await phone.screenshot({ path: `${shots}/alert-detail-phone.png`, fullPage: true });
      await phone.getByTestId('alert-ack').click();
      await phone.locator('[data-testid="alert-detail"][data-status="acknowledged"]').waitFor();
      await phone.goto(`${server.url}/alerts`);
      await phone.getByTestId('alert-row').first().waitFor();
      const listWidth = await phone.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(listWidth <= 390, `the alert list scrolls sideways (${listWidth} px wide)`);
      if (shots) await phone.screenshot({ path: `${shots}/alerts-phone.png`, fullPage: true });
      await phone.close();
    });
  } finally {
    await browser?.close();
    await dispatcher.stop();
    await smtp.close();
    await server.close();
  }
});
