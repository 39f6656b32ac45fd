import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { parsePart } from '../notifications/mini-mime.ts';
import { emailConfig, makeDispatcher, startSmtp, waitFor, type SmtpReceiver } from '../notifications/outbox/helpers.ts';

/** The shared vulnerability feeds (MSRC CVRF, CISA KEV), next to the repository. */
const FIXTURES = resolve(new URL('../..', import.meta.url).pathname, '../shared/fixtures/vuln');
const NO_FIXTURES: string | false = existsSync(FIXTURES) ? false : `vulnerability fixtures not found at ${FIXTURES}`;
const MSRC_JULY = join(FIXTURES, 'msrc', 'cvrfDocument-2023-Jul.xml');
const KEV = join(FIXTURES, 'kev', 'known_exploited_vulnerabilities.json');

async function noSideScroll(page: Page, width: number, what: string) {
  const w = await page.evaluate<number>('document.documentElement.scrollWidth');
  assert.ok(w <= width, `${what}: nothing scrolls sideways (page is ${w} px wide)`);
}

interface Leaf {
  type: string;
  disposition: string;
  text: string;
}

/** Every leaf part of a (nested) multipart message, text decoded; attachments keep only their headers. */
function leaves(raw: string): Leaf[] {
  const part = parsePart(raw);
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    const out: Leaf[] = [];
    for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      out.push(...leaves(chunk.replace(/^\r\n/, '')));
    }
    return out;
  }
  const enc = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  let text = part.body;
  if (type.startsWith('text/')) {
    if (enc === 'base64') text = Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (enc === 'quoted-printable') text = Buffer.from(part.body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return [{ type, disposition: part.headers.get('content-disposition') ?? '', text }];
}

/** dd/mm/yyyy of today + n days in Vietnam time. */
function vnDate(days: number): string {
  const s = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** Picks a file through the import panel's own file chooser, as a person would. */
async function importFile(page: Page, file: string) {
  const panel = page.getByTestId('vuln-import');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), panel.locator('.file-picker').click()]);
  await chooser.setFiles(file);
  await panel.getByTestId('vuln-import-mode').selectOption('rest');
  await panel.getByTestId('vuln-import-submit').click();
  const report = panel.getByTestId('vuln-import-report');
  await report.waitFor({ timeout: 90_000 });
  return report;
}

/**
 * Issue 7's "done when", in a real browser: the coordinator imports Microsoft's July 2023 CVRF
 * document and CISA's KEV catalogue through the import panel; the registry's systems (Windows
 * Server 2019 and SharePoint Server 2019 below July's fixed builds, at two agencies) are matched;
 * the coordinator composes "Microsoft high and critical, May–August 2023", previews both agencies,
 * saves and sends it; each agency's contact point receives the [CBLH] mail on a loopback SMTP
 * server (with the letter attached); agency A marks its system fixed with a KB (after the missing
 * evidence is shown at its field), agency B accepts the risk with an approver and an end date;
 * and the coordinator's board shows 1 fixed, 1 risk accepted and the right percentages.
 */
test('vulnerability warnings: import, match, compose, send, agencies update, board', { skip: NO_CHROMIUM || NO_FIXTURES, timeout: 300_000 }, async (t) => {
  const server = await startTestServer();
  const smtp: SmtpReceiver = await startSmtp();
  let browser: Browser | undefined;
  try {
    const ctx = server.ctx;
    const agencyA = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'SYT-E2E', name: 'Sở Y tế E2E', kind: 'department', intakeEmail: 'syt@e2e.gov.vn' });
    const agencyB = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'SGD-E2E', name: 'Sở Giáo dục và Đào tạo E2E', kind: 'department', intakeEmail: 'sgd@e2e.gov.vn' });
    await ctx.contacts.create(SYSTEM_ACTOR, { agencyId: agencyA.id, priority: 'primary', availability: 'office_hours', name: 'Lê Văn Cường', email: 'cuong.lv@syt.e2e.gov.vn' });
    await ctx.contacts.create(SYSTEM_ACTOR, { agencyId: agencyB.id, priority: 'primary', availability: 'office_hours', name: 'Phạm Thị Dung', email: 'dung.pt@sgd.e2e.gov.vn' });
    // Windows Server 2019 at build 4499, below July 2023's fixed build 10.0.17763.4645 (KB5028168).
    await ctx.systems.create(SYSTEM_ACTOR, {
      name: 'Cổng thông tin Sở Y tế', ownerAgencyId: agencyA.id, securityLevel: 3,
      software: [{ vendor: 'Microsoft', product: 'Windows Server 2019', version: '10.0.17763.4499', cpe: null }],
    } as never);
    // SharePoint Server 2019 below July's fixed build 16.0.10400.20008 (KB5002423).
    await ctx.systems.create(SYSTEM_ACTOR, {
      name: 'Cổng SharePoint Sở Giáo dục', ownerAgencyId: agencyB.id, securityLevel: 2,
      software: [{ vendor: 'Microsoft', product: 'Microsoft SharePoint Server 2019', version: '16.0.10399.20005', cpe: null }],
    } as never);
    await ctx.users.create(SYSTEM_ACTOR, { username: 'dieuphoi', displayName: 'Điều phối viên', role: 'coordinator', password: PASSWORD });
    await ctx.users.create(SYSTEM_ACTOR, { username: 'it.syt', displayName: 'Cán bộ CNTT Sở Y tế', role: 'agency_member', agencyId: agencyA.id, password: PASSWORD });
    await ctx.users.create(SYSTEM_ACTOR, { username: 'it.sgd', displayName: 'Cán bộ CNTT Sở Giáo dục', role: 'agency_admin', agencyId: agencyB.id, password: PASSWORD });
    await ctx.notificationChannels.create(SYSTEM_ACTOR, { name: 'SMTP tỉnh', kind: 'email', config: emailConfig(smtp.port) } as never);

    browser = await launchChromium();
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(15_000);
    let warningPath = '';
    /** Where agency A's mail sends its reader (path and query of the link in the mail). */
    let mailLinkA = '';

    await t.test('the coordinator imports the July CVRF and the KEV catalogue through the import panel', async () => {
      await login(page, server.url, 'dieuphoi', PASSWORD);
      await page.getByTestId('nav-vulns').click();
      await page.getByTestId('vulns-page').waitFor();
      await page.getByTestId('vuln-import-toggle').click();
      for (const file of [MSRC_JULY, KEV]) {
        const report = await importFile(page, file);
        assert.match((await report.getAttribute('data-status')) ?? '', /^(imported|partial)$/, `import of ${file}`);
        assert.ok(Number(await report.getByTestId('vuln-import-records').innerText()) > 100, 'many records read');
        if (shots) await page.getByTestId('vuln-import').screenshot({ path: `${shots}/vuln-import-${file.endsWith('.xml') ? 'msrc' : 'kev'}.png` });
      }
      await page.getByTestId('vuln-import-history').getByTestId('vuln-import-run').nth(1).waitFor();
      await page.getByTestId('vuln-rematch').click();
      await page.getByTestId('vuln-rematch-result').waitFor({ timeout: 60_000 });
    });

    await t.test('the catalogue filters to exploited Microsoft flaws; an advisory shows its fix and the matched system with the reason', async () => {
      await page.getByTestId('vuln-filter-vendor').selectOption('Microsoft');
      // A controlled box bound to the address bar: it turns checked once the router has the new query.
      await page.getByTestId('vuln-filter-exploited').click();
      await page.locator('[data-testid="vuln-filter-exploited"]:checked').waitFor();
      await page.waitForURL(/exploited=true/);
      const row = page.locator('[data-testid="vuln-row"][data-cve="CVE-2023-32046"]');
      await row.waitFor();
      await row.getByTestId('kev-badge').waitFor();
      assert.notEqual(await row.getByTestId('vuln-matched').innerText(), '0');
      if (shots) await page.screenshot({ path: `${shots}/vuln-catalogue.png`, fullPage: true });
      await row.getByTestId('vuln-link').click();
      const detail = page.locator('[data-testid="advisory-detail"][data-cve="CVE-2023-32046"]');
      await detail.waitFor();
      await detail.getByTestId('advisory-products').getByText('KB5028168').first().waitFor();
      const match = detail.locator('[data-testid="advisory-match"][data-system="Cổng thông tin Sở Y tế"]');
      await match.waitFor();
      assert.equal(await match.getByTestId('match-status').innerText(), 'Bị ảnh hưởng');
      assert.match(await match.innerText(), /10\.0\.17763\.4499/);
      for (const a of await detail.getByTestId('advisory-references').locator('a').all()) {
        assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
        assert.match((await a.getAttribute('href')) ?? '', /^https?:\/\//);
      }
      if (shots) await page.screenshot({ path: `${shots}/vuln-advisory.png`, fullPage: true });
    });

    await t.test('the coordinator composes "Microsoft May–August 2023", previews both agencies, saves and sends it', async () => {
      await page.getByTestId('nav-warnings').click();
      await page.getByTestId('warning-create').click();
      const form = page.getByTestId('warning-compose');
      await form.waitFor();
      await form.getByTestId('warning-filter-vendor').selectOption('Microsoft');
      await form.getByTestId('warning-filter-severity-high').check();
      await form.getByTestId('warning-filter-severity-critical').check();
      await form.getByTestId('warning-filter-month-from').fill('2023-05');
      await form.getByTestId('warning-filter-month-to').fill('2023-08');
      await form.getByTestId('warning-preview-button').click();
      const preview = form.getByTestId('warning-preview');
      await preview.waitFor();
      assert.equal(await preview.getAttribute('data-agencies'), '2');
      await preview.locator('[data-testid="warning-preview-agency"][data-agency="Sở Y tế E2E"]').waitFor();
      await preview.locator('[data-testid="warning-preview-agency"][data-agency="Sở Giáo dục và Đào tạo E2E"]').waitFor();
      assert.equal(await form.getByTestId('warning-title').inputValue(), 'Cảnh báo lỗ hổng Microsoft mức Cao và Nghiêm trọng tháng 5–8/2023');
      await form.getByTestId('warning-body').fill('Đề nghị các đơn vị cài đặt bản vá tháng 7/2023 của Microsoft và cập nhật tình trạng xử lý.');
      if (shots) await page.screenshot({ path: `${shots}/warning-compose.png`, fullPage: true });
      await form.getByTestId('warning-save').click();
      const detail = page.locator('[data-testid="warning-detail"][data-status="draft"]');
      await detail.waitFor();
      warningPath = new URL(page.url()).pathname;
      assert.match(warningPath, /^\/warnings\/[0-9a-f-]{36}$/);
      // The draft shows whom it would reach; editing it keeps the filter and saves through PATCH.
      assert.equal(await detail.getByTestId('warning-preview').getAttribute('data-agencies'), '2');
      await page.getByTestId('warning-edit').click();
      await form.getByTestId('warning-filter-vendors').getByText('Microsoft').waitFor();
      assert.ok(await form.getByTestId('warning-filter-severity-critical').isChecked());
      await form.getByTestId('warning-remind').fill('48');
      await form.getByTestId('warning-save').click();
      await detail.waitFor();
      assert.equal((await ctx.vulns.warnings.get(SYSTEM_ACTOR, warningPath.split('/')[2]!)).remindBeforeHours, 48);
      await page.getByTestId('warning-send').click();
      await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
      await page.locator('[data-testid="warning-detail"][data-status="sent"]').waitFor();
      assert.equal(await page.getByTestId('warning-totals').getByTestId('total-systems').locator('.warn-tile__value').innerText(), '2');
      await page.getByTestId('targets-table').getByTestId('target-row').nth(1).waitFor();
      if (shots) await page.screenshot({ path: `${shots}/warning-sent.png`, fullPage: true });
    });

    await t.test("each agency's contact point receives the [CBLH] mail on the loopback SMTP server", async () => {
      const dispatcher = makeDispatcher(ctx.database.db, ctx.repos.notificationOutbox);
      dispatcher.start();
      const to = (addr: string) => smtp.accepted.find((m) => (parsePart(m.raw).headers.get('to') ?? '').includes(addr));
      try {
        await waitFor(() => !!to('cuong.lv@syt.e2e.gov.vn') && !!to('dung.pt@sgd.e2e.gov.vn'), 20_000);
      } finally {
        await dispatcher.stop();
      }
      for (const addr of ['cuong.lv@syt.e2e.gov.vn', 'dung.pt@sgd.e2e.gov.vn']) {
        const raw = to(addr)!.raw;
        assert.match(parsePart(raw).headers.get('subject') ?? '', /^\[CBLH\] Cảnh báo lỗ hổng số .+: Cảnh báo lỗ hổng Microsoft/);
        const parts = leaves(raw);
        const text = parts.filter((p) => p.type.startsWith('text/plain')).map((p) => p.text).join('\n');
        assert.match(text, new RegExp(warningPath.replace(/\//g, '\\/')), 'the mail links to the warning');
        const link = new RegExp(`https?://\\S+${warningPath}\\S*`).exec(text)?.[0];
        if (addr.includes('syt') && link) mailLinkA = new URL(link).pathname + new URL(link).search;
        // The agency's own official letter rides as an attachment.
        const attachments = parts.filter((p) => /attachment/i.test(p.disposition));
        const docx = attachments.find((p) => /\.docx/i.test(p.disposition + p.type) || p.type.includes('wordprocessingml'));
        assert.ok(docx, `the attachment to ${addr} is the DOCX letter: ${attachments.map((p) => p.type).join(', ')}`);
        assert.equal(Buffer.from(docx.text.replace(/\s+/g, ''), 'base64').subarray(0, 2).toString(), 'PK', 'a DOCX is a zip');
        t.diagnostic(`${addr}: ${docx.disposition}`);
      }
    });

    await t.test('agency A, on a phone: "fixed" without evidence is refused at the field, then fixed with KB5028168', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(15_000);
      await login(phone, server.url, 'it.syt', PASSWORD);
      // From the link in the mail, as the agency's officer would.
      await phone.goto(`${server.url}${mailLinkA || warningPath}`);
      const rows = phone.getByTestId('targets-table').getByTestId('target-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 1, 'an agency sees only its own systems');
      assert.equal(await rows.first().getAttribute('data-system'), 'Cổng thông tin Sở Y tế');
      await noSideScroll(phone, 390, 'warning page on a phone');
      await rows.first().getByTestId('target-update').click();
      const dialog = phone.getByTestId('target-update-dialog');
      await dialog.getByTestId('target-status-fixed').check();
      await dialog.getByTestId('target-update-submit').click();
      const kbField = dialog.locator('.field', { has: phone.getByTestId('target-kb') });
      await kbField.getByText('Nhập số KB đã cài hoặc phiên bản đang chạy.').waitFor();
      if (shots) await phone.screenshot({ path: `${shots}/warning-target-error-phone.png` });
      await dialog.getByTestId('target-kb').fill('KB5028168');
      await dialog.getByTestId('target-update-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await phone.locator('[data-testid="target-row"][data-status="fixed"]').waitFor();
      assert.match(await rows.first().getByTestId('target-evidence').innerText(), /KB5028168/);
      await rows.first().getByTestId('target-history-toggle').click();
      await phone.locator('[data-testid="target-history-entry"][data-to="fixed"]').waitFor();
      await noSideScroll(phone, 390, 'warning page after the update');
      if (shots) await phone.screenshot({ path: `${shots}/warning-agency-phone.png`, fullPage: true });
      await phone.close();
    });

    await t.test('agency B accepts the risk with an approver and an end date', async () => {
      const b = await browser!.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      b.setDefaultTimeout(15_000);
      await login(b, server.url, 'it.sgd', PASSWORD);
      await b.getByTestId('nav-warnings').click();
      await b.getByTestId('warning-row').first().getByTestId('warning-link').click();
      const rows = b.getByTestId('targets-table').getByTestId('target-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 1);
      await rows.first().getByTestId('target-update').click();
      const dialog = b.getByTestId('target-update-dialog');
      await dialog.getByTestId('target-status-risk_accepted').check();
      await dialog.getByTestId('target-approver').fill('Nguyễn Văn Giám, Giám đốc Sở');
      await dialog.getByTestId('target-expires').fill(vnDate(90));
      await dialog.getByTestId('target-update-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await b.locator('[data-testid="target-row"][data-status="risk_accepted"]').waitFor();
      assert.match(await rows.first().getByTestId('target-evidence').innerText(), new RegExp(`Nguyễn Văn Giám.*${vnDate(90).replace(/\//g, '\\/')}`));
      await b.close();
    });

    await t.test('the coordinator sees 1 fixed and 1 risk accepted on the board, with the percentages', async () => {
      await page.goto(`${server.url}${warningPath}`);
      const board = page.getByTestId('warning-agency-board');
      const rowA = board.locator('[data-testid="board-row"][data-agency="Sở Y tế E2E"]');
      const rowB = board.locator('[data-testid="board-row"][data-agency="Sở Giáo dục và Đào tạo E2E"]');
      await rowA.waitFor();
      assert.equal(await rowA.getByTestId('board-fixed').innerText(), '1');
      assert.equal(await rowA.getByTestId('board-percentFixed').getAttribute('data-value'), '100');
      assert.equal(await rowB.getByTestId('board-riskAccepted').innerText(), '1');
      assert.equal(await rowB.getByTestId('board-percentFixed').getAttribute('data-value'), '0');
      const totals = page.getByTestId('warning-totals');
      assert.equal(await totals.getByTestId('total-fixed').locator('.warn-tile__value').innerText(), '1');
      assert.equal(await totals.getByTestId('total-riskAccepted').locator('.warn-tile__value').innerText(), '1');
      assert.equal(await totals.getByTestId('total-percentFixed').locator('.warn-tile__value').innerText(), '50 %');
      assert.equal(await totals.getByTestId('total-percentResolved').locator('.warn-tile__value').innerText(), '100 %');
      if (shots) await page.screenshot({ path: `${shots}/warning-board.png`, fullPage: true });
      // The board and the letter download from the page as files (XLSX and DOCX are zips).
      for (const id of ['warning-board-xlsx', 'warning-board-docx', 'warning-letter-docx']) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
        assert.match(download.suggestedFilename(), /\.(xlsx|docx)$/);
        const path = await download.path();
        assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', `${id} is a zip`);
      }
      // The list and the cross-warning board agree.
      await page.getByTestId('nav-warnings').click();
      const listRow = page.getByTestId('warning-row').first();
      await listRow.waitFor();
      assert.equal(await listRow.getByTestId('warning-percent-fixed').getAttribute('data-value'), '50');
      await page.getByTestId('warning-board-link').click();
      const across = page.getByTestId('warning-board').locator('[data-testid="board-row"][data-agency="Sở Y tế E2E"]');
      await across.waitFor();
      assert.equal(await across.getByTestId('board-fixed').innerText(), '1');
    });

    await t.test('at 390 px the catalogue, an advisory, the lists and the compose form do not scroll sideways', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(15_000);
      await login(phone, server.url, 'dieuphoi', PASSWORD);
      const pages: [string, string][] = [
        ['/vulns?vendor=Microsoft', 'vuln-row'],
        ['/vulns/CVE-2023-32046', 'advisory-match'],
        ['/warnings', 'warning-row'],
        ['/warnings/board', 'board-row'],
        [warningPath, 'target-row'],
      ];
      for (const [path, row] of pages) {
        await phone.goto(`${server.url}${path}`);
        await phone.getByTestId(row).first().waitFor();
        await noSideScroll(phone, 390, path);
        if (shots) await phone.screenshot({ path: `${shots}/phone-${path.split('?')[0]!.replace(/\//g, '_').slice(1, 40)}.png` });
      }
      await phone.getByTestId('target-select-all').check();
      await phone.getByTestId('target-bulk-bar').waitFor();
      await noSideScroll(phone, 390, 'bulk bar');
      // Bulk update: from "fixed" and "risk accepted" the only common next status is "affected" (a rolled-back patch).
      await phone.getByTestId('target-bulk-update').click();
      const dialog = phone.getByTestId('target-update-dialog');
      assert.equal(await dialog.locator('input[type="radio"]').count(), 1);
      assert.ok(await dialog.getByTestId('target-status-affected').isChecked());
      await dialog.getByTestId('target-note').fill('Bản vá bị gỡ khi khôi phục máy chủ');
      await dialog.getByTestId('target-update-submit').click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await phone.getByTestId('target-updated').innerText(), 'Đã cập nhật 2 hệ thống.');
      await phone.locator('[data-testid="target-row"][data-status="affected"]').nth(1).waitFor();
      await phone.goto(`${server.url}/vulns`);
      await phone.getByTestId('vuln-import-toggle').click();
      await phone.getByTestId('vuln-import-history').waitFor();
      await noSideScroll(phone, 390, 'import panel');
      if (shots) await phone.screenshot({ path: `${shots}/vuln-import-phone.png` });
      await phone.goto(`${server.url}/warnings/new`);
      await phone.getByTestId('warning-filter-vendor').selectOption('Microsoft');
      await phone.getByTestId('warning-preview-button').click();
      await phone.getByTestId('warning-preview').waitFor();
      await noSideScroll(phone, 390, 'compose form with preview');
      if (shots) await phone.screenshot({ path: `${shots}/warning-compose-phone.png`, fullPage: true });
      await phone.close();
    });
  } finally {
    await browser?.close();
    await server.close();
    await smtp.close();
  }
});
