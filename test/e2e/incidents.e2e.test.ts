import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';

/** `YYYY-MM-DDTHH:mm` and `dd/mm/yyyy HH:mm` of an instant in Vietnam time (UTC+7, no DST). */
function vn(ms: number): { local: string; shown: string } {
  const s = new Date(ms + 7 * 3_600_000).toISOString();
  return { local: s.slice(0, 16), shown: `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}` };
}

async function noSideScroll(page: Page, width: number, what: string) {
  const w = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(w <= width, `${what}: nothing scrolls sideways (page is ${w} px wide)`);
}

/**
 * Incident reporting under Circular 20/2017, in a real browser: an agency member reports from a
 * phone-sized window (Mẫu 03; the server's own check shown at its field) and sees the automatic
 * acknowledgement of receipt; the provincial coordinator classifies it (the defacement playbook's
 * tasks appear, the notice deadline shows its due time), ticks a task, walks the response
 * workflow and closes it with a Mẫu 04 that cites the initial report.
 */
test('incidents: reported from a phone, classified, worked through the phases, closed with Mẫu 04', { skip: NO_CHROMIUM, timeout: 120_000 }, async (t) => {
  const server = await startTestServer();
  let browser: Browser | undefined;
  try {
    const ctx = server.ctx;
    const agency = await ctx.agencies.create(SYSTEM_ACTOR, {
      parentId: null, code: 'TTCNTT-E2E', name: 'Trung tâm CNTT tỉnh E2E', kind: 'unit', address: '12 Lê Lợi, TP. Biên Hòa', intakeEmail: 'ttcntt@e2e.gov.vn', intakePhone: '0251 3822 000',
    });
    await ctx.systems.create(SYSTEM_ACTOR, { name: 'Cổng thông tin điện tử tỉnh', ownerAgencyId: agency.id, securityLevel: 4, urls: ['https://portal.e2e.gov.vn/'] });
    await ctx.users.create(SYSTEM_ACTOR, { username: 'an.nv', displayName: 'Nguyễn Văn An', role: 'agency_member', agencyId: agency.id, password: PASSWORD });
    await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', role: 'coordinator', password: PASSWORD });
    // An older report whose 5-day notice deadline has passed: the overdue board's content.
    const late = await ctx.incidents.report.report(SYSTEM_ACTOR, {
      agencyId: agency.id, title: 'Máy chủ thư điện tử bị mã hóa dữ liệu', reporterEmail: 'ttcntt@e2e.gov.vn', contactName: 'Trần Thị Bình', contactPhone: '0903 000 111', operator: 'Trung tâm CNTT tỉnh E2E',
      description: 'Các hộp thư không mở được, xuất hiện tệp đòi tiền chuộc.', detectedAt: new Date(Date.now() - 6 * 86_400_000).toISOString(), handled: false, detectionMethod: 'log_review', alreadyNotified: [],
    });
    const detected = vn(Date.now() - 2 * 3_600_000);
    const noticeDue = vn(new Date(`${detected.local}:00+07:00`).getTime() + 5 * 86_400_000);

    browser = await launchChromium();
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    phone.setDefaultTimeout(10_000);
    let number = '';
    let incidentUrl = '';

    await t.test('an agency member reports from a phone and sees the acknowledgement of receipt', async () => {
      await login(phone, server.url, 'an.nv', PASSWORD);
      await phone.goto(`${server.url}/incidents`);
      await phone.getByTestId('incident-report-link').click();
      const form = phone.getByTestId('incident-report-form');
      await form.waitFor();
      // Mandatory fields are checked before anything is sent.
      await form.getByTestId('inc-submit').click();
      await form.getByTestId('inc-form-missing').waitFor();
      assert.ok((await form.locator('.field__error').count()) >= 4);
      // The agency's own details fill in from the registry.
      assert.equal(await form.getByTestId('inc-reporterEmail').inputValue(), 'ttcntt@e2e.gov.vn');
      assert.equal(await form.getByTestId('inc-contactName').inputValue(), 'Nguyễn Văn An');
      await form.getByTestId('inc-contactPhone').fill('0903 123 456');
      await form.getByTestId('inc-system').first().check();
      await form.getByTestId('inc-title').fill('Cổng thông tin bị thay đổi giao diện');
      await form.getByTestId('inc-description').fill('Trang chủ hiển thị nội dung lạ và liên kết tới trang cờ bạc.');
      await form.getByTestId('inc-detectedAt').fill(detected.local);
      await form.getByTestId('inc-method-notified').check();
      await form.getByTestId('inc-handled-no').check();
      await form.getByTestId('inc-notified-isp').check();
      await noSideScroll(phone, 390, 'report form');
      if (shots) await phone.screenshot({ path: `${shots}/incident-form-phone.png`, fullPage: true });
      // "Notified by" without saying who: the server's rule, shown at its field.
      await form.getByTestId('inc-submit').click();
      const detail = form.locator('.field', { has: phone.getByTestId('inc-detectionDetail') });
      await detail.getByText('Hãy ghi ai đã thông báo cho đơn vị.').waitFor();
      await form.getByTestId('inc-detectionDetail').fill('Người dân phản ánh qua đường dây nóng');
      await form.getByTestId('inc-submit').click();
      const receipt = phone.getByTestId('incident-receipt');
      await receipt.waitFor();
      const text = await phone.getByTestId('incident-receipt-text').innerText();
      const m = /^Đã tiếp nhận báo cáo số (SC-\d{4}-\d{4}) lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\.$/.exec(text);
      assert.ok(m, text);
      number = m[1]!;
      await noSideScroll(phone, 390, 'receipt');
      if (shots) await phone.screenshot({ path: `${shots}/incident-receipt-phone.png`, fullPage: true });
      await phone.getByTestId('incident-receipt-link').click();
      await phone.getByTestId('incident-detail').waitFor();
      incidentUrl = phone.url();
    });

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    const incident = page.getByTestId('incident-detail');
    const deadline = (key: string) => page.locator(`[data-testid="incident-deadline"][data-key="${key}"]`);

    await t.test('the coordinator opens it from the list and classifies it: the playbook tasks and the notice deadline', async () => {
      await login(page, server.url, 'dieuphoi', PASSWORD);
      await page.getByRole('link', { name: 'Sự cố', exact: true }).click();
      const row = page.locator(`[data-testid="incident-row"][data-number="${number}"]`);
      await row.waitFor();
      if (shots) await page.screenshot({ path: `${shots}/incident-list.png`, fullPage: true });
      // The overdue board: only the late report, its notice deadline in red.
      await page.getByTestId('incident-tab-overdue').click();
      const lateRow = page.locator(`[data-testid="incident-row"][data-number="${late.number}"]`);
      await lateRow.waitFor();
      await row.waitFor({ state: 'detached' });
      assert.equal(await lateRow.getByTestId('deadline-state').getAttribute('data-state'), 'overdue');
      assert.match(await lateRow.getAttribute('class') ?? '', /row--failed/);
      if (shots) await page.screenshot({ path: `${shots}/incident-overdue.png`, fullPage: true });
      await page.getByTestId('incident-tab-all').click();
      await row.waitFor();
      assert.match(await row.getByTestId('incident-next-deadline').innerText(), new RegExp(noticeDue.shown));
      await row.getByTestId('incident-link').click();
      await incident.waitFor();
      assert.equal(await page.getByTestId('incident-tasks-empty').count(), 1);
      const cls = page.getByTestId('incident-classification');
      await cls.getByTestId('incident-cls-type').selectOption({ label: 'Thay đổi giao diện' });
      await cls.getByTestId('incident-cls-cause').selectOption('attack');
      await cls.getByTestId('incident-cls-priority').selectOption('high');
      await cls.getByTestId('incident-cls-tlp').selectOption('amber');
      await cls.getByTestId('incident-cls-serviceInterruption').check();
      await cls.getByTestId('incident-cls-beyondOwnerCapacity').check();
      await cls.getByTestId('incident-cls-save').click();
      await cls.getByTestId('incident-cls-saved').waitFor();
      await page.getByTestId('incident-badges').getByTestId('incident-serious').waitFor();
      assert.equal(await page.getByTestId('incident-serious-result').getAttribute('data-serious'), 'true');
      assert.equal(await page.getByTestId('incident-badges').getByTestId('incident-tlp').innerText(), 'TLP:AMBER');
      assert.equal(await page.getByTestId('incident-type').innerText(), 'Thay đổi giao diện');
      const tasks = page.getByTestId('incident-task');
      await tasks.first().waitFor();
      assert.ok((await tasks.count()) >= 5, 'the defacement playbook brings its tasks');
      await page.getByTestId('incident-tasks').getByText(/web shell/).waitFor();
      await page.locator('[data-testid="incident-event"][data-type="playbook_applied"]').waitFor();
      assert.match(await deadline('notice').innerText(), new RegExp(`Hạn: ${noticeDue.shown}`));
      assert.equal(await deadline('notice').getAttribute('data-state'), 'open');
      if (shots) await page.screenshot({ path: `${shots}/incident-classified.png`, fullPage: true });
    });

    await t.test('a task is ticked, the notice recorded, the workflow walked to "check"', async () => {
      const first = page.getByTestId('incident-task').first();
      await first.getByTestId('incident-task-check').click(); // a controlled box: it turns checked when the server has recorded it
      await page.locator('[data-testid="incident-task"][data-done="true"]').first().waitFor();
      await page.locator('[data-testid="incident-event"][data-type="task_done"]').waitFor();
      await page.getByTestId('incident-notice-sent').click();
      // No recipients: only recorded as sent another way.
      await page.getByTestId('incident-notice-submit').click();
      await page.locator('[data-testid="incident-deadline"][data-key="notice"][data-state="met"]').waitFor();
      for (const [move, status, phase] of [['verify', 'verifying', ''], ['handle', 'handling', 'contain'], ['eradicate', 'handling', 'eradicate'], ['recover', 'handling', 'recover'], ['check', 'handling', 'check']] as const) {
        await page.getByTestId(`incident-move-${move}`).click();
        await page.locator(`[data-testid="incident-detail"][data-status="${status}"][data-phase="${phase}"]`).waitFor();
      }
      assert.match(await page.getByTestId('incident-status').first().innerText(), /Đang xử lý · Kiểm tra/);
      // From "check" an unstable system goes back to containment.
      assert.equal(await page.getByTestId('incident-move-contain').innerText(), 'Quay lại ngăn chặn');
    });

    await t.test('closing needs the Mẫu 04, which cites the initial report', async () => {
      await page.getByTestId('incident-move-close').click();
      const dialog = page.getByTestId('incident-close-dialog');
      await dialog.waitFor();
      const received = await page.getByTestId('incident-received-at').innerText();
      assert.equal(await dialog.getByTestId('incident-close-citation').innerText(), `Căn cứ Báo cáo ban đầu số ${number} ngày ${received.slice(0, 16)}`);
      await dialog.getByTestId('incident-close-submit').click();
      await dialog.locator('.field', { has: page.getByTestId('incident-close-result') }).getByText('Bắt buộc nhập.').waitFor();
      assert.equal(await incident.getAttribute('data-status'), 'handling');
      await dialog.getByTestId('incident-close-result').fill('Đã gỡ mã chèn, khôi phục từ bản sao lưu sạch, vá lỗ hổng plugin.');
      await dialog.getByTestId('incident-close-lessons').fill('Cập nhật CMS và plugin định kỳ; giám sát nội dung trang chủ.');
      if (shots) await page.screenshot({ path: `${shots}/incident-close-dialog.png` });
      await dialog.getByTestId('incident-close-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('[data-testid="incident-detail"][data-status="closed"]').waitFor();
      assert.equal(await page.getByTestId('incident-status').first().innerText(), 'Đã đóng');
      await page.locator('[data-testid="incident-deadline"][data-key="closing_report"][data-state="met"]').waitFor();
      assert.match(await page.getByTestId('incident-form04-citation').innerText(), new RegExp(`Căn cứ Báo cáo ban đầu số ${number} ngày`));
      await page.getByTestId('incident-move-reopen').waitFor();
      if (shots) await page.screenshot({ path: `${shots}/incident-closed.png`, fullPage: true });
    });

    await t.test('at phone width the list and the incident page fit the screen', async () => {
      for (const [url, ready] of [[`${server.url}/incidents?status=all`, 'incident-row'], [incidentUrl, 'incident-timeline']] as const) {
        await phone.goto(url);
        await phone.getByTestId(ready).first().waitFor();
        await noSideScroll(phone, 390, url);
        if (shots) await phone.screenshot({ path: `${shots}/incident-phone-${ready}.png`, fullPage: true });
      }
      await phone.getByTestId('incident-tasks').waitFor();
      assert.equal(await phone.getByTestId('incident-classification').count(), 0, 'agencies do not classify');
    });
  } finally {
    await browser?.close();
    await server.close();
  }
});
