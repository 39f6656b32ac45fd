import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { launchChromium, login, NO_CHROMIUM } from '../helpers/browser.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { startSmtp } from '../notifications/outbox/helpers.ts';

/**
 * Notifications as an administrator and a duty officer meet them, in Chromium against the real
 * server: the administrator adds an e-mail channel pointing at a loopback SMTP server, sends a
 * test ("Gửi thử") and the server receives it; the password set in the form is never shown
 * again. Then an officer, on a phone-sized screen, picks the channel with their address, sets
 * quiet hours in their time zone, saves, and sends themselves a test.
 */

test('notifications: an admin configures and tests an e-mail channel; an officer sets preferences and quiet hours', { skip: NO_CHROMIUM, timeout: 120_000 }, async () => {
  const server = await startTestServer();
  const smtp = await startSmtp();
  let browser: Browser | undefined;
  const SMTP_PASS = 'e2e-smtp-password-4471';
  try {
    browser = await launchChromium();
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    page.setDefaultTimeout(10_000);
    await login(page, server.url, server.admin.username, server.admin.password);

    // ---- the administrator adds the channel
    await page.getByRole('link', { name: 'Kênh thông báo' }).first().click();
    await page.getByTestId('channel-create').click();
    const form = page.getByTestId('channel-form');
    await form.getByTestId('channel-name').fill('Thư công vụ tỉnh');
    await form.getByTestId('channel-cfg-host').fill('127.0.0.1');
    await form.getByTestId('channel-cfg-port').fill(String(smtp.port));
    await form.getByTestId('channel-cfg-from').fill('Vigil <canhbao@tinh.gov.vn>');
    await form.getByTestId('channel-cfg-starttls').selectOption('never');
    await form.getByTestId('channel-cfg-user').fill('');
    await form.getByTestId('channel-cfg-pass').fill(SMTP_PASS);
    await form.getByTestId('channel-submit').click();
    const row = page.locator('[data-testid="channel-row"][data-name="Thư công vụ tỉnh"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Mật khẩu: đã đặt/);
    assert.ok(!(await page.content()).includes(SMTP_PASS), 'the password is never shown');

    // Editing shows the secret as set, with Replace and Clear, never its value. The loopback
    // server offers no AUTH, so the administrator clears the password again.
    await row.getByTestId('channel-edit').click();
    const dialog = page.getByTestId('channel-dialog');
    await dialog.getByTestId('channel-cfg-pass-set').waitFor();
    assert.ok(!(await page.content()).includes(SMTP_PASS));
    await dialog.getByTestId('channel-cfg-pass').getByRole('button', { name: 'Xoá' }).click();
    await dialog.getByTestId('channel-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="channel-row"][data-name="Thư công vụ tỉnh"]', { hasText: 'Mật khẩu: chưa đặt' }).waitFor();

    // ---- "Gửi thử"
    await row.getByTestId('channel-test').click();
    await page.getByTestId('channel-test-to').fill('truc.ban@soyte.gov.vn');
    await page.getByTestId('channel-test-send').click();
    const outcome = page.getByTestId('send-outcome');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-ok'), 'true', await outcome.innerText());
    assert.equal(smtp.accepted.length, 1);
    const mail = parseMail(smtp.accepted[0]!.raw);
    assert.match(mail.headers.get('subject') ?? '', /Thư thử kênh thông báo "Thư công vụ tỉnh"/);
    await page.keyboard.press('Escape');

    // ---- an officer on a phone sets their preferences
    await server.ctx.users.create(SYSTEM_ACTOR, { username: 'an.nv', displayName: 'Nguyễn Văn An', role: 'viewer', password: server.admin.password });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(10_000);
    await login(phone, server.url, 'an.nv', server.admin.password);
    await phone.goto(`${server.url}/account`);
    const section = phone.getByTestId('account-notifications');
    await section.getByTestId('pref-rule-add').click();
    await section.getByTestId('pref-rule-address').fill('an.nv@soyte.gov.vn');
    await section.getByTestId('pref-rule-severity').selectOption('medium');
    await section.getByTestId('pref-timezone').fill('Asia/Hanoi');
    await section.getByTestId('quiet-enable').check();
    await section.getByTestId('quiet-start').fill('22:30');
    await section.getByTestId('quiet-end').fill('06:00');
    await section.getByTestId('pref-save').click();
    // A zone that does not exist is refused next to its field.
    await section.locator('.field__error').getByText(/Asia\/Hanoi/).waitFor();
    await section.getByTestId('pref-timezone').fill('Asia/Ho_Chi_Minh');
    await section.getByTestId('pref-save').click();
    await section.getByTestId('pref-saved').waitFor();
    // No horizontal scrolling at phone width.
    const overflow = await section.evaluate((el) => el.ownerDocument.documentElement.scrollWidth - el.ownerDocument.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px at 390px`);

    const prefs = await server.ctx.notificationPreferences.get({ ...SYSTEM_ACTOR, userId: (await server.ctx.repos.users.findByUsername(server.ctx.database.db, 'an.nv'))!.id });
    assert.equal(prefs.timeZone, 'Asia/Ho_Chi_Minh');
    assert.deepEqual(prefs.quietHours, { start: '22:30', end: '06:00', mode: 'defer', bypassFrom: 'critical' });
    assert.deepEqual(prefs.rules.map((r) => [r.channelName, r.address, r.minSeverity, r.enabled]), [['Thư công vụ tỉnh', 'an.nv@soyte.gov.vn', 'medium', true]]);

    // "Gửi thử cho tôi" reaches the loopback server too.
    await section.getByTestId('pref-test').click();
    await section.getByTestId('send-outcome').waitFor();
    assert.equal(await section.getByTestId('send-outcome').getAttribute('data-ok'), 'true');
    assert.equal(smtp.accepted.length, 2);
    assert.match(parseMail(smtp.accepted[1]!.raw).headers.get('to') ?? '', /an\.nv@soyte\.gov\.vn/);
  } finally {
    await browser?.close();
    await smtp.close();
    await server.close();
  }
});
