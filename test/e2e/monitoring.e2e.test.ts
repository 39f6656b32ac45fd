import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startBackground, type Background } from '../../server/src/jobs/background.ts';
import { silentLogger } from '../../server/src/monitoring/types.ts';
import { apiClient, CHROMIUM, launchChromium, login } from '../helpers/browser.ts';
import { startTestServer } from '../helpers/test-server.ts';

/**
 * Monitoring as a duty officer meets it, in a real browser against the real server and its
 * in-process monitor worker: a loopback web site stands in for a provincial portal; the
 * administrator marks its system internal (loopback is refused otherwise), creates a monitor
 * through the dialog, watches it come up and then go down live (server-sent events, no
 * reload), and finds the state change in the monitor page's history.
 */

const ROUTES = new URL('../../server/src/http/routes/monitors.routes.ts', import.meta.url);
const SKIP = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) to run the browser test`
  : !existsSync(ROUTES)
    ? 'the monitoring API (server/src/http/routes/monitors.routes.ts) is not there yet'
    : false;

/** Up to one 10 s interval (the API's minimum) plus scheduling jitter, with room to spare. */
const CHECK_WAIT_MS = 40_000;

/** The "provincial portal": answers 200 with a keyword until told to fail, then 503. */
async function startSite() {
  let failing = false;
  const server: Server = createServer((req, res) => {
    res.writeHead(failing ? 503 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(failing ? '<h1>Bảo trì</h1>' : '<h1>Cổng dịch vụ công E2E</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    fail() {
      failing = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('monitoring: create a monitor, see it go up and down live, read its history', { skip: SKIP, timeout: 150_000 }, async (t) => {
  const server = await startTestServer();
  // The monitor engine runs in-process, as under `vigil serve`. The helper may start it
  // itself (then it exposes `background`); otherwise this test starts it on the same context.
  const own: Background | null = (server as { background?: unknown }).background ? null : await startBackground(server.ctx, { log: silentLogger });
  const site = await startSite();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    let systemId = '';
    let monitorId = '';
    const shots = process.env.VIGIL_E2E_SCREENSHOTS;

    await t.test('the administrator registers the portal as an internal system', async () => {
      await login(page, server.url, server.admin.username, server.admin.password);
      const api = await apiClient(page, server.url);
      const agency = await api.post<{ id: string }>('/agencies', { parentId: null, code: 'MON-E2E', name: 'Sở Giám sát E2E', kind: 'department' });
      const system = await api.post<{ id: string }>('/systems', { name: 'Cổng dịch vụ công E2E', ownerAgencyId: agency.id, securityLevel: 3, urls: [site.url] });
      systemId = system.id;
      // Loopback is a private address: only an internal system's monitors may reach it.
      await api.patch(`/systems/${systemId}`, { internal: true });
      await page.goto(`${server.url}/systems/${systemId}`);
      await page.getByTestId('system-internal-badge').waitFor();
    });

    await t.test('creates a monitor through the dialog, the target offered from the registry', async () => {
      await page.getByTestId('nav-monitors').click();
      await page.getByRole('heading', { level: 1, name: 'Giám sát' }).waitFor();
      await page.getByTestId('monitor-create').click();
      const form = page.getByTestId('monitor-form');
      await form.getByTestId('monitor-system').locator(`option[value="${systemId}"]`).waitFor({ state: 'attached' });
      await form.getByTestId('monitor-system').selectOption(systemId);
      await form.getByTestId('monitor-kind').selectOption('http');
      assert.equal(await form.getByTestId('monitor-target').inputValue(), site.url, 'the system URL is proposed as the target');
      await form.getByTestId('monitor-name').fill('Cổng DVC E2E (HTTP)');
      await form.getByTestId('monitor-interval').fill('10');
      await form.getByTestId('monitor-threshold').fill('1');
      await form.getByTestId('monitor-keyword').fill('Cổng dịch vụ công');
      await form.getByTestId('monitor-submit').click();
      await page.getByTestId('monitor-detail').waitFor();
      monitorId = /\/monitors\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
      assert.ok(monitorId, `expected to land on the new monitor's page, got ${page.url()}`);
    });

    await t.test('the list shows it and it comes up', async () => {
      await page.getByTestId('nav-monitors').click();
      const row = page.locator(`[data-testid=monitor-row][data-id="${monitorId}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /Cổng DVC E2E \(HTTP\)/);
      assert.match(await row.innerText(), /Cổng dịch vụ công E2E/, 'the system is named in the row');
      await page.locator('[data-testid=live-indicator][data-status=open]').waitFor({ timeout: 15_000 });
      await row.locator('[data-testid=monitor-state][data-state=up]').waitFor({ timeout: CHECK_WAIT_MS });
    });

    await t.test('when the portal starts failing, the row turns down without reloading the list', async () => {
      // The list is fetched with pageSize=50; the summary strip's counts use pageSize=1.
      let listFetches = 0;
      page.on('request', (r) => {
        if (/\/api\/v1\/monitors\?/.test(r.url()) && /pageSize=50/.test(r.url())) listFetches++;
      });
      site.fail();
      const row = page.locator(`[data-testid=monitor-row][data-id="${monitorId}"]`);
      await row.locator('[data-testid=monitor-state][data-state=down]').waitFor({ timeout: CHECK_WAIT_MS });
      assert.equal(listFetches, 0, 'the state arrived over the event stream, not by fetching the list again');
      assert.match(await row.innerText(), /503/, 'the reason is shown under the name');
      await page.getByTestId('summary-down').locator('.summary__count', { hasText: /^1$/ }).waitFor();
      if (shots) await page.screenshot({ path: `${shots}/monitors-list.png`, fullPage: true });
    });

    await t.test('the monitor page shows the state, the reason and the history', async () => {
      await page.locator(`[data-testid=monitor-row][data-id="${monitorId}"]`).getByTestId('monitor-link').click();
      await page.getByTestId('monitor-detail').waitFor();
      await page.getByTestId('monitor-header-state').locator('[data-state=down]').waitFor();
      assert.match(await page.getByTestId('monitor-reason').innerText(), /503/);
      await page.locator('[data-testid=event-row][data-to=down]').waitFor();
      await page.locator('[data-testid=event-row][data-to=up]').waitFor();
      assert.match(await page.getByTestId('monitor-events').innerText(), /Gián đoạn/);
      await page.getByTestId('latency-chart').waitFor();
      await page.getByTestId('last-result').waitFor();
      if (shots) await page.screenshot({ path: `${shots}/monitor-detail.png`, fullPage: true });
    });

    await t.test('on a phone the list is a set of cards', async () => {
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      phone.setDefaultTimeout(10_000);
      await login(phone, server.url, server.admin.username, server.admin.password);
      await phone.goto(`${server.url}/monitors`);
      const row = phone.locator(`[data-testid=monitor-row][data-id="${monitorId}"]`);
      await row.waitFor();
      assert.equal(await row.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).display), 'block', 'rows become cards below 760 px');
      const width = await row.evaluate((el) => el.ownerDocument.documentElement.scrollWidth);
      assert.ok(width <= 390, `nothing scrolls sideways (page is ${width} px wide)`);
      if (shots) await phone.screenshot({ path: `${shots}/monitors-phone.png`, fullPage: true });
      await phone.close();
    });
  } finally {
    await browser?.close();
    await own?.stop();
    await site.close();
    await server.close();
  }
});
