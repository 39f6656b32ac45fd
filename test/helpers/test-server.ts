import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { WEB_DIST, buildApp } from '../../server/src/http/app.ts';
import { systemClock } from '../../server/src/io/clock.ts';
import { PASSWORD } from './test-app.ts';
import { createTestContext } from './test-db.ts';

/**
 * The whole product on a loopback port, for browser tests: real HTTP, a fresh database, the
 * built web UI, and an administrator whose password needs no change.
 */
export async function startTestServer() {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const root = join(WEB_DIST, '..', '..');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) throw new Error('building the web UI failed');
  }
  const ctx = await createTestContext({ clock: systemClock });
  const app = await buildApp(ctx, { logger: false });
  await ctx.users.create(SYSTEM_ACTOR, { username: 'admin', displayName: 'Quản trị viên', role: 'admin', password: PASSWORD });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    admin: { username: 'admin', password: PASSWORD },
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}
