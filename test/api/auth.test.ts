import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { PASSWORD, createTestApp, createUser, login, seedTree, type Session } from '../helpers/test-app.ts';

describe('authentication', () => {
  const clock = new ManualClock(new Date('2026-08-29T11:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let agencyId: string;
  before(async () => {
    t = await createTestApp({ clock, config: { loginRateLimitPerMinute: 1000 } });
    agencyId = (await seedTree(t.ctx)).d1;
    admin = await login(t.app, 'admin');
  });
  after(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });

  test('login sets an HttpOnly SameSite session cookie; me returns the user and a CSRF token', async () => {
    const res = await post('/api/v1/auth/login', { username: 'ADMIN', password: PASSWORD });
    assert.equal(res.statusCode, 200);
    const cookie = [res.headers['set-cookie']].flat().join(';');
    assert.match(cookie, /vigil_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const me = await admin.request('GET', '/api/v1/auth/me');
    assert.equal(me.json().user.username, 'admin');
    assert.equal(me.json().csrfToken, admin.csrf);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
  });

  test('wrong password and unknown user get the same 401', async () => {
    const a = await post('/api/v1/auth/login', { username: 'admin', password: 'nope-nope-nope' });
    const b = await post('/api/v1/auth/login', { username: 'ghost', password: 'nope-nope-nope' });
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    assert.equal(a.json().detail, b.json().detail);
  });

  test('five failures lock the account for 15 minutes, even for the right password', async () => {
    await createUser(t.ctx, 'locky', 'agency_member', agencyId);
    for (let i = 0; i < 5; i++) assert.equal((await post('/api/v1/auth/login', { username: 'locky', password: 'wrong-wrong-1' })).statusCode, 401);
    const locked = await post('/api/v1/auth/login', { username: 'locky', password: PASSWORD });
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 800);
    const audit = await admin.request('GET', '/api/v1/audit?action=auth.lockout');
    assert.equal(audit.json().total, 1);
    clock.advance(16 * 60_000);
    assert.equal((await post('/api/v1/auth/login', { username: 'locky', password: PASSWORD })).statusCode, 200);
  });

  test('state changes with a session need the CSRF header', async () => {
    const body = { parentId: agencyId, code: 'CSRF-1', name: 'x', kind: 'unit' };
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: body, headers: { cookie: admin.cookie } });
    assert.equal(none.statusCode, 403);
    assert.equal(none.json().code, 'csrf');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: body, headers: { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await admin.request('POST', '/api/v1/agencies', body)).statusCode, 201);
  });

  test('API tokens: shown once, stored hashed, work without CSRF, stop working when revoked', async () => {
    const created = await admin.request('POST', '/api/v1/tokens', { name: 'CLI', expiresInDays: 30 });
    assert.equal(created.statusCode, 201);
    const token = created.json().token as string;
    assert.match(token, /^vgl_/);
    const rows = await t.ctx.database.db.selectFrom('api_tokens').select('token_hash').execute();
    assert.ok(rows.every((r) => r.token_hash !== token && !r.token_hash.includes(token)));
    const list = await admin.request('GET', '/api/v1/tokens');
    assert.ok(!JSON.stringify(list.json()).includes(token));
    const bearer = { authorization: `Bearer ${token}` };
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode, 200);
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', headers: bearer, payload: { parentId: agencyId, code: 'TOK-1', name: 'by token', kind: 'unit' } });
    assert.equal(write.statusCode, 201);
    assert.equal((await admin.request('DELETE', `/api/v1/tokens/${created.json().apiToken.id}`)).statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode, 401);
  });

  test('TOTP: set up, enable, then login needs the code', async () => {
    await createUser(t.ctx, 'twofa', 'coordinator', null);
    const s = await login(t.app, 'twofa');
    const setup = await s.request('POST', '/api/v1/auth/totp/setup');
    assert.equal(setup.statusCode, 200);
    assert.match(setup.json().qrSvg, /^<svg/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.json().secret) });
    const code = () => totp.generate({ timestamp: clock.now().getTime() });
    assert.equal((await s.request('POST', '/api/v1/auth/totp/enable', { code: '000000' === code() ? '111111' : '000000' })).statusCode, 400);
    assert.equal((await s.request('POST', '/api/v1/auth/totp/enable', { code: code() })).statusCode, 200);
    const noCode = await post('/api/v1/auth/login', { username: 'twofa', password: PASSWORD });
    assert.equal(noCode.statusCode, 401);
    assert.equal(noCode.json().code, 'totp_required');
    const bad = await post('/api/v1/auth/login', { username: 'twofa', password: PASSWORD, totp: code() === '123456' ? '654321' : '123456' });
    assert.equal(bad.statusCode, 401);
    const good = await post('/api/v1/auth/login', { username: 'twofa', password: PASSWORD, totp: code() });
    assert.equal(good.statusCode, 200);
  });

  test('a created user gets a one-time password that must be changed; admin reset ends sessions', async () => {
    const created = await admin.request('POST', '/api/v1/users', { username: 'newbie', displayName: 'Nguyễn Văn A', role: 'agency_member', agencyId });
    assert.equal(created.statusCode, 201);
    const otp = created.json().oneTimePassword as string;
    const s = await login(t.app, 'newbie', otp);
    assert.equal((await s.request('GET', '/api/v1/auth/me')).json().user.mustChangePassword, true);
    const blocked = await s.request('GET', '/api/v1/systems');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'password_change_required');
    const weak = await s.request('POST', '/api/v1/auth/password', { currentPassword: otp, newPassword: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.equal((await s.request('POST', '/api/v1/auth/password', { currentPassword: otp, newPassword: 'a much better passphrase' })).statusCode, 200);
    assert.equal((await s.request('GET', '/api/v1/auth/me')).json().user.mustChangePassword, false);
    assert.equal((await s.request('GET', '/api/v1/systems')).statusCode, 200);

    const reset = await admin.request('POST', `/api/v1/users/${created.json().user.id}/reset-password`);
    assert.equal(reset.statusCode, 200);
    assert.equal((await s.request('GET', '/api/v1/auth/me')).statusCode, 401);
    await login(t.app, 'newbie', reset.json().oneTimePassword);
  });

  test('disabling a user ends their session at once; logout ends a session', async () => {
    const u = await createUser(t.ctx, 'leaver', 'agency_member', agencyId);
    const s = await login(t.app, 'leaver');
    assert.equal((await admin.request('PATCH', `/api/v1/users/${u.id}`, { disabled: true })).statusCode, 200);
    assert.equal((await s.request('GET', '/api/v1/auth/me')).statusCode, 401);
    assert.equal((await post('/api/v1/auth/login', { username: 'leaver', password: PASSWORD })).statusCode, 401);
    const a2 = await login(t.app, 'admin');
    await a2.request('POST', '/api/v1/auth/logout');
    assert.equal((await a2.request('GET', '/api/v1/auth/me')).statusCode, 401);
  });

  test('sessions expire', async () => {
    const s = await login(t.app, 'admin');
    clock.advance(13 * 3600_000);
    assert.equal((await s.request('GET', '/api/v1/auth/me')).statusCode, 401);
  });

  test('a coordinator cannot create administrators or touch them', async () => {
    await t.ctx.users.create(SYSTEM_ACTOR, { username: 'coord', displayName: 'C', role: 'coordinator', password: PASSWORD });
    const c = await login(t.app, 'coord');
    const r = await c.request('POST', '/api/v1/users', { username: 'evil', displayName: 'E', role: 'admin' });
    assert.equal(r.statusCode, 403);
    const fresh = await login(t.app, 'admin');
    const adminUser = (await fresh.request('GET', '/api/v1/users?role=admin')).json().items[0];
    assert.equal((await c.request('POST', `/api/v1/users/${adminUser.id}/reset-password`)).statusCode, 403);
  });
});

describe('login rate limit per address', () => {
  test('the 4th attempt in a minute from one address is refused with 429', async () => {
    const t = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) {
        codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `u${i}`, password: 'x' } })).statusCode);
      }
      assert.deepEqual(codes, [401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});
