import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import type { Role } from '../../server/src/domain/roles.ts';
import { createTestApp, createUser, login, seedTree, type Session, type TestContext, type Tree } from '../helpers/test-app.ts';
import { MATRIX_ENDPOINTS, type Endpoint, type Target } from './authorization-matrix.endpoints.ts';

/**
 * Every endpoint × every role × an object of the actor's own agency subtree and one of another
 * agency: the status must be exactly what the access policy says. A new endpoint that is not
 * listed in authorization-matrix.endpoints.ts fails the coverage test.
 */

type Outcome = 'ok' | 403 | 404 | 400 | 422;

interface Persona {
  username: string;
  role: Role;
  /** Sees the whole tree. */
  treeWide: boolean;
}

const PERSONAS: Persona[] = [
  { username: 'm-admin', role: 'admin', treeWide: true },
  { username: 'm-coord', role: 'coordinator', treeWide: true },
  { username: 'm-aadmin', role: 'agency_admin', treeWide: false },
  { username: 'm-member', role: 'agency_member', treeWide: false },
  { username: 'm-viewer', role: 'viewer', treeWide: true },
  { username: 'm-viewer-d1', role: 'viewer', treeWide: false },
];

const REGISTRY_WRITERS: Role[] = ['admin', 'coordinator', 'agency_admin', 'agency_member'];
const AGENCY_WRITERS: Role[] = ['admin', 'coordinator', 'agency_admin'];
const USER_MANAGERS: Role[] = ['admin', 'coordinator', 'agency_admin'];

/** What the policy promises, written independently of the code under test. */
export function expected(ep: Endpoint, p: Persona, target: Target): Outcome {
  const visible = p.treeWide || target === 'own';
  switch (ep.access) {
    case 'self':
      return 'ok';
    case 'read':
      return ep.objectScoped && !visible ? 404 : 'ok';
    case 'registry-write':
    case 'agency-write': {
      const writers = ep.access === 'agency-write' ? AGENCY_WRITERS : REGISTRY_WRITERS;
      if (ep.objectScoped && !visible) return 404;
      if (!writers.includes(p.role)) return 403;
      // Creating under an agency outside your subtree: the agency "does not exist" for you.
      if (ep.creates && !visible) return ep.invisibleCreateStatus ?? 400;
      return 'ok';
    }
    case 'user-admin': {
      if (!USER_MANAGERS.includes(p.role)) return 403;
      if (ep.objectScoped && !visible) return 404;
      if (ep.creates && !visible) return 400;
      return 'ok';
    }
    case 'personal':
      return target === 'own' ? 'ok' : 404;
    case 'audit-read':
      return USER_MANAGERS.includes(p.role) ? 'ok' : 403;
    case 'admin-only':
      return p.role === 'admin' ? 'ok' : 403;
    case 'coordinate':
      // The coordinating unit's acts (escalation configuration, classifying incidents): administrators
      // and coordinators; on an object others cannot see, not found comes first.
      if (ep.objectScoped && !visible) return 404;
      return p.role === 'admin' || p.role === 'coordinator' ? 'ok' : 403;
  }
}

describe('authorization matrix', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let baseUrl = '';
  const sessions = new Map<string, Session>();

  before(async () => {
    t = await createTestApp();
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    tree = await seedTree(t.ctx);
    for (const p of PERSONAS) {
      const agency = p.role === 'admin' || p.role === 'coordinator' || p.username === 'm-viewer' ? null : tree.d1;
      await createUser(t.ctx, p.username, p.role, agency);
      sessions.set(p.username, await login(t.app, p.username));
    }
  });
  after(() => t.close());

  test('every API route is in the matrix', () => {
    const listed = new Set(MATRIX_ENDPOINTS.map((e) => `${e.method} ${e.url}`));
    const missing = t.app.routeList
      .filter((r) => r.url.startsWith('/api/v1/') && !r.public)
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !listed.has(k));
    assert.deepEqual(missing, [], 'add these routes to authorization-matrix.endpoints.ts');
  });

  for (const ep of MATRIX_ENDPOINTS) {
    test(`${ep.method} ${ep.url}`, async () => {
      const rows: string[] = [];
      for (const p of PERSONAS) {
        for (const target of ['own', 'other'] as Target[]) {
          const s = sessions.get(p.username)!;
          const req = await ep.prepare({ ctx: t.ctx, tree, target, actorUsername: p.username, session: s });
          const res = ep.stream ? await streamStatus(baseUrl, s, req.url) : await s.request(ep.method, req.url, req.body, req.headers);
          const want = expected(ep, p, target);
          const ok = want === 'ok' ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === want;
          if (!ok) rows.push(`${p.username} ${target}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          // Lists and exports may answer 200 to everyone but must never include another subtree's data.
          if (ok && ep.leakCheck && !p.treeWide) {
            const leak = ep.leakCheck(res.body, tree);
            if (leak) rows.push(`${p.username} ${target}: leaked ${leak}`);
          }
        }
      }
      assert.deepEqual(rows, []);
    });
  }
});

/** Opens an event stream over a real socket, takes its status, and hangs up. */
async function streamStatus(baseUrl: string, s: Session, url: string): Promise<{ statusCode: number; body: string }> {
  const ac = new AbortController();
  const res = await fetch(baseUrl + url, { headers: { cookie: s.cookie }, signal: ac.signal });
  const body = res.status === 200 ? '' : await res.text();
  ac.abort();
  return { statusCode: res.status, body };
}

export type { Persona, TestContext };
export { SYSTEM_ACTOR };
