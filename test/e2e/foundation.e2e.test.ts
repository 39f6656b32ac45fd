import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../helpers/test-server.ts';

/**
 * The foundation as a user meets it, in a real browser against the real server: an
 * administrator builds a small agency tree, imports systems through the wizard (a bad file is
 * refused first), creates an agency member, and that member — on a phone-sized screen — sees
 * only their own part of the tree.
 */

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) to run the browser test`;

const MEMBER = { username: 'e2e.member', newPassword: 'Member-Passw0rd-2024' };

// One system per agency; the member of SO-E2E must see the first two and never the third.
const GOOD_CSV = [
  'Name,Owner agency code,Security level,Critical national,URLs,Tags',
  'Cổng dịch vụ công E2E,SO-E2E,3,Có,https://dvc.e2e.example.vn,dịch vụ công',
  'Hệ thống bệnh viện E2E,SUB-E2E,2,Không,https://bv.e2e.example.vn,y tế',
  'Hệ thống đơn vị khác E2E,OTHER-E2E,1,Không,,',
].join('\n');

const BAD_CSV = [
  'Name,Owner agency code,Security level',
  'Hệ thống lỗi cấp độ,SO-E2E,9',
  'Hệ thống lỗi đơn vị,NO-SUCH-AGENCY,2',
].join('\n');

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Creates an agency through the dialog and returns its id from the detail page it lands on. */
async function createAgency(page: Page, opener: string, a: { code: string; name: string; kind: string; parentId?: string }) {
  await page.getByTestId(opener).click();
  const form = page.getByTestId('agency-form');
  if (a.parentId !== undefined) await form.getByTestId('agency-parent').selectOption(a.parentId);
  await form.getByTestId('agency-code').fill(a.code);
  await form.getByTestId('agency-name').fill(a.name);
  await form.getByTestId('agency-kind').selectOption(a.kind);
  await form.getByTestId('agency-submit').click();
  await page.getByRole('heading', { level: 1, name: a.name }).waitFor();
  const id = /\/agencies\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  assert.ok(id, `expected to land on the new agency's page, got ${page.url()}`);
  return id;
}

test('foundation: agencies, import, users and scoped access in the browser', { skip: SKIP, timeout: 90_000 }, async (t) => {
  const server = await startTestServer();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const admin = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    admin.setDefaultTimeout(10_000);
    let soId = '';
    let memberOtp = '';

    await t.test('the administrator logs in (Vietnamese by default)', async () => {
      await login(admin, server.url, server.admin.username, server.admin.password);
      await admin.getByTestId('logout').waitFor();
      assert.equal(await admin.getAttribute('html', 'lang'), 'vi');
      assert.equal((await admin.getByTestId('nav-agencies').innerText()).trim(), 'Cơ quan, đơn vị');
    });

    await t.test('creates an agency, a sub-agency and an unrelated agency', async () => {
      await admin.getByTestId('nav-agencies').click();
      soId = await createAgency(admin, 'agency-create', { code: 'SO-E2E', name: 'Sở Thông tin E2E', kind: 'department', parentId: '' });
      await createAgency(admin, 'agency-add-child', { code: 'SUB-E2E', name: 'Trung tâm E2E', kind: 'unit' });
      await admin.getByTestId('nav-agencies').click();
      await createAgency(admin, 'agency-create', { code: 'OTHER-E2E', name: 'Đơn vị khác E2E', kind: 'other', parentId: '' });
      await admin.getByTestId('nav-agencies').click();
      await admin.getByTestId('agency-search').fill('e2e');
      const codes = await admin.getByTestId('agency-tree-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      assert.deepEqual([...codes].sort(), ['OTHER-E2E', 'SO-E2E', 'SUB-E2E']);
    });

    await t.test('the import wizard refuses a bad file and imports a clean one', async () => {
      await admin.getByTestId('nav-import').click();
      await admin.getByTestId('import-kind-systems').check();
      await admin.getByTestId('import-file').setInputFiles(csv('bad-systems.csv', BAD_CSV));
      await admin.getByTestId('import-check').click();
      await admin.getByTestId('import-report').waitFor();
      assert.ok((await admin.getByTestId('import-error-row').count()) >= 2, 'each bad row is reported');
      const reported = await admin.getByTestId('import-errors').innerText();
      assert.match(reported, /2/, 'row numbers are shown');
      assert.equal(await admin.getByTestId('import-apply').count(), 0, 'no import button while there are errors');

      await admin.getByTestId('import-restart').click();
      await admin.getByTestId('import-kind-systems').check();
      await admin.getByTestId('import-file').setInputFiles(csv('systems.csv', GOOD_CSV));
      await admin.getByTestId('import-check').click();
      await admin.getByTestId('import-report').waitFor();
      assert.equal((await admin.getByTestId('import-error-count').innerText()).trim(), '0');
      assert.equal((await admin.getByTestId('import-valid').innerText()).trim(), '3');
      await admin.getByTestId('import-apply').click();
      await admin.getByTestId('import-done').waitFor();
      assert.equal((await admin.getByTestId('import-created').innerText()).trim(), '3');
    });

    await t.test('the imported systems are listed', async () => {
      await admin.getByTestId('import-view-list').click();
      await admin.getByTestId('systems-table').waitFor();
      const text = await admin.getByTestId('systems-table').innerText();
      for (const name of ['Cổng dịch vụ công E2E', 'Hệ thống bệnh viện E2E', 'Hệ thống đơn vị khác E2E']) assert.ok(text.includes(name), `${name} is listed`);
    });

    await t.test('switching to English changes the labels and <html lang>', async () => {
      await admin.getByTestId('lang-en').click();
      await admin.getByRole('heading', { level: 1, name: 'Information systems' }).waitFor();
      assert.equal((await admin.getByTestId('nav-agencies').innerText()).trim(), 'Agencies');
      assert.equal(await admin.getAttribute('html', 'lang'), 'en');
      await admin.getByTestId('lang-vi').click();
      await admin.getByRole('heading', { level: 1, name: 'Hệ thống thông tin' }).waitFor();
    });

    await t.test('creates an agency member and is shown the one-time password once', async () => {
      await admin.getByTestId('nav-users').click();
      await admin.getByTestId('user-create').click();
      const form = admin.getByTestId('user-form');
      await form.getByTestId('user-username').fill(MEMBER.username);
      await form.getByTestId('user-display-name').fill('Cán bộ E2E');
      await form.getByTestId('user-role').selectOption('agency_member');
      await form.getByTestId('user-agency').selectOption(soId);
      await form.getByTestId('user-submit').click();
      memberOtp = (await admin.getByTestId('secret-value').innerText()).trim();
      assert.ok(memberOtp.length >= 10, 'a one-time password is shown');
      await admin.getByTestId('secret-done').click();
      await admin.locator(`[data-testid=user-row][data-username="${MEMBER.username}"]`).waitFor();
      await admin.getByTestId('logout').click();
      await admin.getByTestId('login-form').waitFor();
    });

    await t.test('the member, on a phone, must change the password and then sees only their agencies', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, MEMBER.username, memberOtp);
      await phone.getByTestId('change-password-page').waitFor();
      await phone.getByTestId('password-current').fill(memberOtp);
      await phone.getByTestId('password-new').fill(MEMBER.newPassword);
      await phone.getByTestId('password-confirm').fill(MEMBER.newPassword);
      await phone.getByTestId('password-submit').click();
      await phone.getByTestId('logout').waitFor();

      await phone.goto(`${server.url}/systems`);
      await phone.getByTestId('systems-table').waitFor();
      const systems = await phone.getByTestId('systems-table').innerText();
      assert.ok(systems.includes('Cổng dịch vụ công E2E'));
      assert.ok(systems.includes('Hệ thống bệnh viện E2E'), 'systems of sub-agencies are visible');
      assert.ok(!systems.includes('Hệ thống đơn vị khác E2E'), 'another agency’s system is not visible');
      assert.equal(await phone.getByTestId('system-row').count(), 2);

      // On a phone the navigation is a drawer behind the menu button.
      assert.equal(await phone.getByTestId('nav-agencies').isVisible(), false);
      await phone.getByTestId('nav-toggle').click();
      assert.equal(await phone.getByTestId('nav-users').count(), 0, 'members do not manage users');
      await phone.getByTestId('nav-agencies').click();
      await phone.getByTestId('agency-tree').waitFor();
      await phone.getByTestId('agency-tree-item').nth(1).waitFor();
      const codes = await phone.getByTestId('agency-tree-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      assert.deepEqual([...codes].sort(), ['SO-E2E', 'SUB-E2E']);
      if (process.env.VIGIL_E2E_SCREENSHOTS) await phone.waitForTimeout(300).then(() => phone.screenshot({ path: `${process.env.VIGIL_E2E_SCREENSHOTS}/member-phone.png`, fullPage: true }));
      await phone.close();
    });
  } finally {
    await browser?.close();
    await server.close();
  }
});
