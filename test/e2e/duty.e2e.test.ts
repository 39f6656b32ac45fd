import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';

/**
 * Duty planning as a provincial coordinator does it, in a real browser: an alert period for
 * the Sở, a roster that only staffs day shifts (a deliberate gap over the night), the gap seen
 * in local time before the period starts, a field error from the server shown at its input,
 * the gap closed with an override (trực thay), "no gaps"; then the daily report, a signed
 * calendar feed any calendar app can read, and the same pages at phone width.
 */
test('duty rosters: a coordinator plans a period, sees the gap, fixes it with an override', { skip: NO_CHROMIUM, timeout: 180_000 }, async (t) => {
  const server = await startTestServer();
  let browser: Browser | undefined;
  try {
    const ctx = server.ctx;
    const agency = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'STTTT-E2E', name: 'Sở Thông tin và Truyền thông E2E', kind: 'department' });
    for (const [username, displayName] of [['an.nv', 'Nguyễn Văn An'], ['binh.tt', 'Trần Thị Bình']] as const) {
      await ctx.users.create(SYSTEM_ACTOR, { username, displayName, role: 'agency_member', agencyId: agency.id, password: PASSWORD });
    }
    await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', role: 'coordinator', password: PASSWORD });

    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    await login(page, server.url, 'dieuphoi', PASSWORD);
    let periodUrl = '';
    let rosterUrl = '';

    await t.test('the coordinator creates an alert period for the Sở', async () => {
      await page.getByRole('link', { name: 'Lịch trực' }).click();
      await page.getByTestId('period-create').click();
      const form = page.getByTestId('period-form');
      await form.getByTestId('period-name').fill('Quốc khánh 2/9/2030');
      await form.getByTestId('period-start').fill('01/09/2030 08:00');
      await form.getByTestId('period-end').fill('02/09/2030 08:00');
      await form.getByTestId('period-scope-agency').check();
      await form.getByTestId('period-agency').locator(`option[value="${agency.id}"]`).waitFor({ state: 'attached' });
      await form.getByTestId('period-agency').selectOption(agency.id);
      await form.getByTestId('period-submit').click();
      const row = page.getByTestId('period-row').filter({ hasText: 'Quốc khánh 2/9/2030' });
      await row.waitFor();
      assert.match(await row.innerText(), /01\/09\/2030 08:00/);
      assert.match(await row.innerText(), /Sắp diễn ra/);
      await row.getByRole('link').click();
      await page.getByTestId('period-detail').waitFor();
      periodUrl = page.url();
      await page.getByTestId('coverage-panel').getByText('Chưa có lịch trực để kiểm tra.').waitFor();
    });

    await t.test('a day-shifts-only roster: the night is a gap, listed in local time', async () => {
      await page.getByTestId('roster-create').click();
      const form = page.getByTestId('roster-form');
      await form.getByTestId('roster-name').fill('Tổ trực Sở TT&TT');
      await form.getByTestId('roster-agency').selectOption(agency.id);
      for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
        await form.getByTestId('roster-member-pick').locator('option', { hasText: name }).waitFor({ state: 'attached' });
        await form.getByTestId('roster-member-pick').selectOption({ label: `${name} — Sở Thông tin và Truyền thông E2E` });
        await form.getByTestId('roster-member-add').click();
      }
      assert.equal(await form.getByTestId('roster-member').count(), 2);
      await form.getByTestId('roster-shift-hours').fill('12');
      await form.getByTestId('roster-handover').fill('08:00');
      await form.getByTestId('roster-start-times').fill('08:00');
      await form.getByTestId('roster-submit').click();
      await page.getByTestId('roster-page').waitFor();
      rosterUrl = page.url();
      const shifts = page.getByTestId('schedule-shift');
      assert.equal(await shifts.count(), 1);
      assert.match(await shifts.first().innerText(), /08:00 – 20:00\s+Nguyễn Văn An/);

      await page.goto(periodUrl);
      const gap = page.getByTestId('coverage-gap');
      await gap.first().waitFor();
      assert.equal(await gap.count(), 1);
      const text = await gap.first().innerText();
      assert.match(text, /Tổ trực Sở TT&TT: không có người trực/);
      assert.match(text, /từ 01\/09\/2030 20:00 đến 02\/09\/2030 08:00 \(12 giờ\)/, text);
      await page.getByText(/Đợt bắt đầu lúc 01\/09\/2030 08:00/).waitFor();
      assert.equal(await page.getByTestId('coverage-ok').count(), 0);
      if (shots) await page.screenshot({ path: `${shots}/duty-gap.png`, fullPage: true });
    });

    await t.test('an override past the period end is refused at its field; the right one closes the gap', async () => {
      await page.goto(rosterUrl);
      await page.getByTestId('roster-edit').click();
      const form = page.getByTestId('roster-form');
      await form.getByTestId('override-add').click();
      const o = form.getByTestId('roster-override');
      await o.getByTestId('override-person').selectOption({ label: 'Trần Thị Bình' });
      await o.getByTestId('override-from').fill('01/09/2030 20:00');
      await o.getByTestId('override-to').fill('02/09/2030 09:00');
      await form.getByTestId('roster-submit').click();
      await o.getByText('Sau thời điểm kết thúc đợt.').waitFor();
      await o.getByTestId('override-to').fill('02/09/2030 08:00');
      await form.getByTestId('roster-submit').click();
      await page.getByTestId('roster-dialog').waitFor({ state: 'detached' });
      const shifts = page.getByTestId('schedule-shift');
      await shifts.nth(1).waitFor();
      assert.match(await shifts.nth(1).innerText(), /20:00 – 08:00 \(02\/09\)\s+Trần Thị Bình\s+Trực thay/);

      await page.goto(periodUrl);
      await page.getByTestId('coverage-ok').waitFor();
      assert.equal(await page.getByTestId('coverage-gap').count(), 0);
    });

    await t.test('a hand-over note, the daily report and its DOCX', async () => {
      await page.goto(rosterUrl);
      await page.getByTestId('handover-text').fill('Cổng tỉnh phản hồi chậm lúc 19h, đã báo nhà cung cấp.');
      await page.getByTestId('handover-submit').click();
      await page.getByTestId('handover-note').waitFor();
      await page.goto(periodUrl);
      await page.getByTestId('period-report-link').click();
      await page.getByTestId('report-body').waitFor();
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Báo cáo tình hình trực ngày 01\/09\/2030/);
      assert.match(await page.getByTestId('report-shifts').innerText(), /Trần Thị Bình/);
      await page.getByText('Cổng tỉnh phản hồi chậm lúc 19h, đã báo nhà cung cấp.').waitFor();
      const href = await page.getByTestId('report-docx').getAttribute('href');
      const docx = await page.request.get(`${server.url}${href}`);
      assert.equal(docx.status(), 200);
      assert.equal(docx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.equal((await docx.body()).subarray(0, 2).toString(), 'PK');
    });

    await t.test('the roster\'s signed calendar URL works without a session', async () => {
      await page.goto(periodUrl);
      await page.getByTestId('roster-calendar-link').first().click();
      const url = await page.getByTestId('calendar-link-url').innerText();
      const res = await fetch(url.replace(/^https?:\/\/[^/]+/, server.url));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
      assert.match(await res.text(), /SUMMARY:Trực ban: Tổ trực Sở TT&TT — Trần Thị Bình/);
    });

    await t.test('at phone width (360 px) the pages fit the screen', async () => {
      const phone = await browser!.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, 'dieuphoi', PASSWORD);
      for (const [url, ready] of [[periodUrl, 'coverage-ok'], [rosterUrl, 'roster-schedule'], [`${periodUrl}/report`, 'report-body'], [`${server.url}/duty`, 'period-row']] as const) {
        await phone.goto(url);
        await phone.getByTestId(ready).first().waitFor();
        const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(width <= 360, `${url}: nothing scrolls sideways (page is ${width} px wide)`);
        if (shots) await phone.screenshot({ path: `${shots}/duty-phone-${ready}.png`, fullPage: true });
      }
      await phone.goto(rosterUrl);
      await phone.getByTestId('roster-edit').click();
      await phone.getByTestId('roster-form').waitFor();
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= 360, `the roster builder fits (page is ${width} px wide)`);
      if (shots) await phone.screenshot({ path: `${shots}/duty-phone-builder.png` });
      await phone.close();
    });
  } finally {
    await browser?.close();
    await server.close();
  }
});
