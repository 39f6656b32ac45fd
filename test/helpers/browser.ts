import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** What every browser test needs: the Debian Chromium, a login, and API calls with the page's own session. */

export const CHROMIUM = process.env.VIGIL_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The `skip` option of a browser test: a reason when Chromium is missing, else false. */
export const NO_CHROMIUM: string | false = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) to run the browser test`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
}

/** JSON API calls with the browser's own session cookie and CSRF token. */
export async function apiClient(page: Page, base: string) {
  const me = await page.request.get(`${base}/api/v1/auth/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> => {
    const res = await page.request.fetch(`${base}/api/v1${path}`, { method, ...(body !== undefined && { data: body }), headers: { 'X-CSRF-Token': csrfToken } });
    assert.ok(res.ok(), `${method} ${path} → ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as T;
  };
  return {
    get: <T>(p: string) => call<T>('GET', p),
    post: <T>(p: string, b: unknown) => call<T>('POST', p, b),
    patch: <T>(p: string, b: unknown) => call<T>('PATCH', p, b),
  };
}
