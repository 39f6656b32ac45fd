import type { LightMyRequestResponse } from 'fastify';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import type { Role } from '../../server/src/domain/roles.ts';
import { buildApp } from '../../server/src/http/app.ts';
import type { App } from '../../server/src/http/routes/route-types.ts';
import type { Clock } from '../../server/src/io/clock.ts';
import { createTestContext } from './test-db.ts';

export const PASSWORD = 'correct horse battery';

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** The real Fastify app over a fresh database, driven in-process with inject(). */
export async function createTestApp(opts: { clock?: Clock; config?: Partial<import('../../server/src/config/config.ts').Config> } = {}) {
  const ctx = await createTestContext(opts);
  const app = await buildApp(ctx, { logger: false, webDir: null });
  await app.ready();
  await ctx.users.create(SYSTEM_ACTOR, { username: 'admin', displayName: 'Admin', role: 'admin', password: PASSWORD });
  return {
    ctx,
    app,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function login(app: App, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('vigil_session='))!;
  const cookie = setCookie.split(';')[0]!;
  const csrf = res.json().csrfToken as string;
  return {
    username,
    cookie,
    csrf,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...headers },
        ...(body !== undefined && { payload: body as object }),
      }),
  };
}

export interface Tree {
  province: string;
  d1: string;
  u1: string;
  d2: string;
}

/** Province → (D1 → U1), D2: the smallest tree where "own" and "other" subtrees both exist. */
export async function seedTree(ctx: TestContext): Promise<Tree> {
  const a = ctx.agencies;
  const province = await a.create(SYSTEM_ACTOR, { parentId: null, code: 'DNA', name: 'Tỉnh Đồng Nai', kind: 'province' });
  const d1 = await a.create(SYSTEM_ACTOR, { parentId: province.id, code: 'STTTT', name: 'Sở Thông tin và Truyền thông', kind: 'department' });
  const u1 = await a.create(SYSTEM_ACTOR, { parentId: d1.id, code: 'TTCNTT', name: 'Trung tâm CNTT', kind: 'unit' });
  const d2 = await a.create(SYSTEM_ACTOR, { parentId: province.id, code: 'SYT', name: 'Sở Y tế', kind: 'department' });
  return { province: province.id, d1: d1.id, u1: u1.id, d2: d2.id };
}

export async function createUser(ctx: TestContext, username: string, role: Role, agencyId: string | null) {
  const r = await ctx.users.create(SYSTEM_ACTOR, { username, displayName: username, role, agencyId, password: PASSWORD });
  return r.user;
}
