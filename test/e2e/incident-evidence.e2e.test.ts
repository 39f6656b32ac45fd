import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { docxToPdf } from '../../server/src/incidents/documents/to-pdf.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { emailConfig, makeDispatcher, startSmtp, waitFor, type SmtpReceiver } from '../notifications/outbox/helpers.ts';

async function noSideScroll(page: Page, width: number, what: string) {
  const w = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(w <= width, `${what}: nothing scrolls sideways (page is ${w} px wide)`);
}

/** The text of a DOCX's pages: converted with LibreOffice, read with pdftotext; null without LibreOffice. */
async function pagesOf(docx: Buffer, dir: string, name: string): Promise<string | null> {
  const pdf = await docxToPdf(docx);
  if (!pdf) return null;
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/**
 * The incident's evidence and documents in a real browser: the coordinator pastes defanged text
 * and sees the correlation with a second incident; uploads an HTML file that only ever comes back
 * as a download; exports STIX 2.1 (bundle structure checked); the deadline reminder e-mail reaches
 * a loopback SMTP server; the Mẫu 03 and Mẫu 04 DOCX downloaded from the page open (converted to
 * PDF, their pages read); and the evidence section fits a 390 px phone.
 */
test('incident evidence, exchange, reminder mail and the official documents', { skip: NO_CHROMIUM, timeout: 120_000 }, async (t) => {
  const server = await startTestServer();
  const smtp: SmtpReceiver = await startSmtp();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-docs-'));
  let browser: Browser | undefined;
  try {
    const ctx = server.ctx;
    const agency = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'STTTT-EV', name: 'Sở TT&TT tỉnh E2E', kind: 'department', intakeEmail: 'sotttt@e2e.gov.vn' });
    const coord = (await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', email: 'dieu.phoi@e2e.gov.vn', role: 'coordinator', password: PASSWORD })).user;
    await ctx.notificationChannels.create(SYSTEM_ACTOR, { name: 'SMTP tỉnh', kind: 'email', config: emailConfig(smtp.port) } as never);
    const base = { agencyId: agency.id, reporterEmail: 'sotttt@e2e.gov.vn', contactName: 'Trần Thị Bình', contactPhone: '0903 000 111', operator: 'Sở TT&TT tỉnh E2E', handled: false, detectionMethod: 'log_review' as const, alreadyNotified: [] };
    // The earlier incident: its report names the C2 address, so it is an observable already.
    const earlier = await ctx.incidents.report.report(SYSTEM_ACTOR, { ...base, title: 'Máy chủ thư bị cài mã độc', description: 'Máy chủ thư kết nối tới C2 203.0.113.7 qua cổng 443.', detectedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
    await ctx.incidents.evidence.extractFromReport(earlier.id); // as POST /incidents does
    // This one was detected 4.5 days ago: the 5-day notice deadline is 12 h away.
    const current = await ctx.incidents.report.report(SYSTEM_ACTOR, { ...base, title: 'Cổng dịch vụ công bị truy cập trái phép', description: 'Phát hiện tài khoản quản trị lạ.', detectedAt: new Date(Date.now() - 4.5 * 86_400_000).toISOString() });
    await ctx.incidents.workflow.classify(SYSTEM_ACTOR, current.id, { type: 'intrusion', assigneeId: coord.id });
    // The earlier one is closed with a Mẫu 04 citing its Mẫu 03.
    for (const transition of ['verify', 'handle'] as const) await ctx.incidents.workflow.transition(SYSTEM_ACTOR, earlier.id, { transition });
    for (const phase of ['eradicate', 'recover', 'check'] as const) await ctx.incidents.workflow.transition(SYSTEM_ACTOR, earlier.id, { transition: 'phase', phase });
    await ctx.incidents.workflow.transition(SYSTEM_ACTOR, earlier.id, { transition: 'close', closingReport: { result: 'Đã gỡ mã độc, đổi mật khẩu, chặn địa chỉ C2.', responseEndedAt: new Date(Date.now() - 86_400_000).toISOString() } as never });

    browser = await launchChromium();
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    await login(page, server.url, 'dieuphoi', PASSWORD);
    const evidence = page.getByTestId('incident-evidence');

    await t.test('pasted defanged text becomes observables, correlated with the earlier incident', async () => {
      await page.goto(`${server.url}/incidents/${current.id}`);
      await evidence.getByTestId('observables-empty').waitFor();
      await evidence.getByTestId('observable-extract').click();
      const dialog = page.getByTestId('observable-extract-dialog');
      await dialog.getByTestId('observable-extract-text').fill('Nhật ký tường lửa: 10:02 kết nối ra 203.0.113[.]7:443; tải tệp từ hxxp://evil-c2[.]example[.]com/gate.php; thư từ attacker[@]evil-c2[.]example[.]com.');
      await dialog.getByTestId('observable-extract-submit').click();
      await dialog.waitFor({ state: 'detached' });
      assert.match(await evidence.getByTestId('observable-extracted').innerText(), /^Đã thêm [3-9] chỉ dấu mới\.$/);
      const ip = evidence.locator('[data-testid="observable"][data-type="ipv4"]');
      assert.equal(await ip.getAttribute('data-value'), '203.0.113.7');
      await evidence.locator('[data-testid="observable"][data-type="url"][data-value="http://evil-c2.example.com/gate.php"]').waitFor();
      const badge = ip.getByTestId('observable-correlation');
      assert.match(await badge.innerText(), /^Xuất hiện ở 1 sự cố khác/);
      assert.equal(await evidence.locator('[data-testid="observable"][data-type="url"]').getByTestId('observable-correlation').count(), 0);
      await badge.click();
      const link = ip.getByTestId('observable-related-incident').getByRole('link');
      assert.match(await link.innerText(), new RegExp(`^${earlier.number} Máy chủ thư bị cài mã độc`));
      // A value added by hand that the server refuses: the message sits on its row.
      await evidence.getByTestId('observable-add').click();
      const add = page.getByTestId('observable-add-dialog');
      await add.getByTestId('observable-add-value').fill('300.1.1.1');
      await add.getByTestId('observable-add-submit').click();
      await add.locator('.field--invalid').getByTestId('observable-add-value').waitFor();
      await add.getByTestId('observable-add-type').selectOption('domain');
      await add.getByTestId('observable-add-value').fill('Update-Portal[.]example[.]net');
      await add.getByTestId('observable-add-tlp').selectOption('red');
      await add.getByTestId('observable-add-submit').click();
      await add.waitFor({ state: 'detached' });
      const domain = evidence.locator('[data-testid="observable"][data-value="update-portal.example.net"]');
      assert.equal(await domain.getByTestId('incident-tlp').innerText(), 'TLP:RED');
      await link.click();
      await page.locator(`[data-testid="incident-detail"]`).getByText(earlier.number).first().waitFor();
      assert.ok(page.url().endsWith(`/incidents/${earlier.id}`));
    });

    await t.test('an uploaded HTML page only ever comes back as a download', async () => {
      await page.goto(`${server.url}/incidents/${current.id}`);
      await evidence.getByTestId('attachments-empty').waitFor();
      await evidence.getByTestId('attachment-input').setInputFiles({ name: 'trang-bi-sua.html', mimeType: 'text/html', buffer: Buffer.from('<html><body><script>alert(document.cookie)</script>Liên hệ 198.51.100.23</body></html>') });
      await evidence.getByTestId('attachment-uploaded').waitFor();
      const row = evidence.locator('[data-testid="attachment"][data-name="trang-bi-sua.html"]');
      assert.match(await row.innerText(), /SHA-256 [0-9a-f]{12}…/);
      assert.equal(await evidence.locator('iframe, img, object, embed').count(), 0, 'nothing of an attachment is rendered');
      const href = await row.getByTestId('attachment-download').getAttribute('href');
      const res = await page.request.get(`${server.url}${href}`);
      assert.equal(res.status(), 200);
      const h = res.headers();
      assert.match(h['content-disposition'] ?? '', /^attachment;/);
      assert.equal(h['content-type'], 'application/octet-stream');
      assert.equal(h['x-content-type-options'], 'nosniff');
      assert.match(h['content-security-policy'] ?? '', /sandbox/);
      // The address in the page was found and added.
      await evidence.locator('[data-testid="observable"][data-value="198.51.100.23"]').waitFor();
    });

    await t.test('the STIX 2.1 export is a bundle whose references resolve', async () => {
      const href = await evidence.getByTestId('export-stix').getAttribute('href');
      const res = await page.request.get(`${server.url}${href}`);
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment;/);
      const bundle = (await res.json()) as { type: string; id: string; objects: Record<string, unknown>[] };
      assert.equal(bundle.type, 'bundle');
      assert.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
      const incidents = bundle.objects.filter((o) => o.type === 'incident');
      assert.equal(incidents.length, 1);
      assert.equal(incidents[0]!.spec_version, '2.1');
      const indicators = bundle.objects.filter((o) => o.type === 'indicator');
      assert.ok(indicators.length >= 4);
      for (const i of indicators) {
        assert.equal(i.pattern_type, 'stix');
        assert.match(String(i.pattern), /^\[[a-z0-9-]+:[a-z0-9_.'-]+ = '.+'\]$/i);
      }
      assert.ok(indicators.some((i) => String(i.pattern).includes("'203.0.113.7'")));
      const ids = new Set(bundle.objects.map((o) => o.id as string));
      const rels = bundle.objects.filter((o) => o.type === 'relationship');
      assert.ok(rels.length >= indicators.length);
      for (const r of rels) {
        assert.ok(ids.has(r.source_ref as string), `source_ref ${String(r.source_ref)}`);
        assert.ok(ids.has(r.target_ref as string), `target_ref ${String(r.target_ref)}`);
      }
      for (const o of bundle.objects) assert.match(String(o.id), new RegExp(`^${String(o.type)}--[0-9a-f-]{36}$`));
    });

    await t.test('the deadline reminder reaches the assignee on the loopback SMTP server', async () => {
      const run = await ctx.incidents.deadlines.run();
      assert.ok(run.reminded >= 1, JSON.stringify(run));
      const dispatcher = makeDispatcher(ctx.database.db, ctx.repos.notificationOutbox);
      dispatcher.start();
      const reminder = () => smtp.accepted.map((m) => parseMail(m.raw)).find((m) => (m.headers.get('subject') ?? '').startsWith('[TBSC] Nhắc hạn'));
      try {
        await waitFor(() => !!reminder(), 15_000);
      } finally {
        await dispatcher.stop();
      }
      const mail = reminder()!;
      assert.match(mail.headers.get('to') ?? '', /dieu\.phoi@e2e\.gov\.vn/);
      assert.match(mail.headers.get('subject') ?? '', new RegExp(current.number));
      assert.match(mail.text, new RegExp(`/incidents/${current.id}`));
      // The reminder is on the timeline.
      await page.goto(`${server.url}/incidents/${current.id}`);
      await page.locator('[data-testid="incident-event"][data-type="deadline_reminder"]').waitFor();
    });

    await t.test('the Mẫu 03 and Mẫu 04 downloaded from the page open, and Mẫu 04 cites Mẫu 03', async () => {
      await page.goto(`${server.url}/incidents/${earlier.id}`);
      const files: Record<string, Buffer> = {};
      for (const form of ['mau03', 'mau04'] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`incident-doc-${form}`).click()]);
        assert.match(download.suggestedFilename(), new RegExp(`^Mau0${form.at(-1)}-${earlier.number}\\.docx$`));
        const path = join(dir, `${form}.docx`);
        await download.saveAs(path);
        files[form] = readFileSync(path);
        assert.equal(files[form]!.subarray(0, 2).toString(), 'PK', 'a DOCX is a zip');
      }
      const mau03 = await pagesOf(files.mau03!, dir, 'mau03');
      if (mau03 === null) return t.diagnostic('LibreOffice is not installed: the pages were not checked');
      const mau04 = (await pagesOf(files.mau04!, dir, 'mau04'))!;
      const flat = (s: string) => s.replace(/\s+/g, ' ');
      assert.match(flat(mau03), /BÁO CÁO BAN ĐẦU SỰ CỐ/);
      assert.match(flat(mau03), /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      assert.match(flat(mau04), /BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ/);
      assert.match(flat(mau04), new RegExp(`Căn cứ Báo cáo ban đầu số ${earlier.number}`));
    });

    await t.test('at 390 px the evidence section does not scroll sideways', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, 'dieuphoi', PASSWORD);
      await phone.goto(`${server.url}/incidents/${current.id}`);
      await phone.getByTestId('incident-evidence').locator('[data-testid="observable"]').first().waitFor();
      await phone.getByTestId('incident-evidence').getByTestId('attachment').first().waitFor();
      await noSideScroll(phone, 390, 'incident page with evidence');
      if (shots) await phone.getByTestId('incident-evidence').screenshot({ path: `${shots}/incident-evidence-phone.png` });
      await phone.getByTestId('incident-notice-sent').click();
      await phone.getByTestId('incident-notice-dialog').waitFor();
      await noSideScroll(phone, 390, 'notice dialog');
      if (shots) await phone.screenshot({ path: `${shots}/incident-notice-phone.png` });
      await phone.goto(`${server.url}/incidents/stats`);
      await phone.getByTestId('stat-total').waitFor();
      await noSideScroll(phone, 390, 'statistics');
      if (shots) await phone.getByTestId('incident-stats').screenshot({ path: `${shots}/incident-stats-phone.png` });
      await phone.close();
    });

    await t.test('the notice goes out by e-mail with the [TBSC] prefix; the dashboard counts the incidents', async () => {
      await page.goto(`${server.url}/incidents/${current.id}`);
      if (shots) await evidence.screenshot({ path: `${shots}/incident-evidence.png` });
      await page.getByTestId('incident-notice-sent').click();
      const dialog = page.getByTestId('incident-notice-dialog');
      await dialog.getByTestId('incident-notice-recipient').fill('khong-phai-email');
      await dialog.getByTestId('incident-notice-submit').click();
      await dialog.getByText('Địa chỉ email không hợp lệ.').waitFor();
      await dialog.getByTestId('incident-notice-recipient').fill('ung.cuu@vncert.example.vn');
      if (shots) await page.screenshot({ path: `${shots}/incident-notice.png` });
      await dialog.getByTestId('incident-notice-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('[data-testid="incident-deadline"][data-key="notice"][data-state="met"]').waitFor();
      const notice = await ctx.database.db.selectFrom('notification_outbox').select(['recipient']).where('template', '=', 'incident.notice').execute();
      assert.deepEqual(notice.map((r) => r.recipient), ['ung.cuu@vncert.example.vn']);
      await page.getByRole('link', { name: 'Sự cố', exact: true }).first().click();
      await page.getByTestId('incident-stats-link').click();
      await page.getByTestId('stat-total').waitFor();
      assert.equal(await page.getByTestId('stat-total-value').innerText(), '2');
      assert.equal(await page.getByTestId('stat-by-type').locator('[data-key="intrusion"]').getAttribute('data-value'), '1');
      await page.getByTestId('incident-mau05-docx').waitFor();
      if (shots) await page.getByTestId('incident-stats').screenshot({ path: `${shots}/incident-stats.png` });
    });

    await t.test('an administrator edits a playbook (errors at their task) and sees the deadline rules and document texts', async () => {
      const admin = await browser!.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
      admin.setDefaultTimeout(10_000);
      await login(admin, server.url, 'admin', PASSWORD);
      await admin.goto(`${server.url}/incidents`);
      await admin.getByTestId('incident-settings-link').click();
      const form = admin.getByTestId('playbook-form');
      await form.waitFor();
      await admin.getByTestId('playbook-type').selectOption('defacement');
      await admin.locator('[data-testid="playbook-form"][data-type="defacement"]').waitFor();
      await form.getByTestId('playbook-phase').first().getByTestId('playbook-task-add').click();
      await form.getByTestId('playbook-save').click();
      const title = form.getByTestId('playbook-phase').first().getByTestId('playbook-task').last().locator('.field--invalid');
      await title.getByTestId('playbook-task-title').waitFor();
      await title.getByTestId('playbook-task-title').fill('Chụp ảnh màn hình trang bị thay đổi');
      await form.getByTestId('playbook-save').click();
      await form.getByTestId('playbook-saved').waitFor();
      await admin.locator('[data-testid="playbook-form"][data-custom="true"]').waitFor();
      if (shots) await admin.getByTestId('incident-settings').screenshot({ path: `${shots}/incident-settings-playbook.png` });
      await admin.getByTestId('incident-settings-tab-deadlines').click();
      await admin.locator('[data-testid="jurisdiction"][data-national="true"]').waitFor();
      if (shots) await admin.getByTestId('incident-settings').screenshot({ path: `${shots}/incident-settings-deadlines.png` });
      await admin.getByTestId('incident-settings-tab-documents').click();
      await admin.getByTestId('doc-placeName').fill('Biên Hòa');
      await admin.getByTestId('document-settings-save').click();
      await admin.getByTestId('document-settings-saved').waitFor();
      assert.equal((await ctx.incidents.documents.settings()).placeName, 'Biên Hòa');
      if (shots) await admin.getByTestId('incident-settings').screenshot({ path: `${shots}/incident-settings-documents.png` });
      await admin.close();
    });
  } finally {
    await browser?.close();
    await server.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
