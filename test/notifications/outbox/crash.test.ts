import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPGlite, type Database } from '../../../server/src/db/database.ts';
import { migrate } from '../../../server/src/db/migrator.ts';
import { NotificationOutboxRepository } from '../../../server/src/repositories/notification-outbox.repository.ts';
import { createTestDatabase } from '../../helpers/test-db.ts';
import { makeDispatcher, startSmtp, waitFor } from './helpers.ts';

/**
 * A process commits an alert with its e-mail delivery and is SIGKILLed — before any
 * dispatcher ran, or in the middle of the SMTP conversation with the lease held. Another
 * dispatcher then delivers the message exactly once (one accepted mail with that Message-ID),
 * and in the second case only after the dead process's lease has expired.
 * On PGlite the killed process and the survivor use the same data directory one after the other.
 */
const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;

async function crashScenario(mode: 'commit' | 'mid-send') {
  const pg = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;
  const dir = pg ? null : mkdtempSync(join(tmpdir(), 'vigil-outbox-crash-'));
  let expected = '';
  let held = 0;
  let child: ReturnType<typeof spawn> | null = null;
  const exited = () => new Promise<void>((r) => (child!.exitCode !== null || child!.signalCode ? r() : child!.once('exit', () => r())));
  const smtp = await startSmtp({
    // The first DATA of our message is never answered: the sender dies while waiting for "250".
    hold: (mid) => mode === 'mid-send' && mid === expected && held++ === 0,
    onData: (mid) => {
      if (mode === 'mid-send' && mid === expected && held === 0) child?.kill('SIGKILL');
    },
  });
  let database: Database | null = null;
  let out = '';
  try {
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, CRASH_DB_URL: pg?.url ?? '', CRASH_DATA_DIR: dir ?? '', CRASH_SMTP_PORT: String(smtp.port), CRASH_MODE: mode },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('"committed"'), 60_000, `child commit\n${out}`);
    const { id, alertId } = JSON.parse(out.split('\n').find((l) => l.includes('"committed"'))!) as { id: string; alertId: string };
    expected = `<${id}.vigil@vigil.gov.vn>`;
    if (mode === 'commit') child.kill('SIGKILL');
    await waitFor(() => child!.exitCode !== null || child!.signalCode !== null, 20_000, `child killed\n${out}`);
    await exited();
    assert.equal(child.signalCode, 'SIGKILL');

    database = pg ? pg.database : await openPGlite(dir!);
    if (!pg) await migrate(database);
    const repo = new NotificationOutboxRepository();
    const before = (await repo.get(database.db, id))!;
    if (mode === 'mid-send') {
      assert.equal(held, 1, 'the killed process had sent the DATA');
      assert.equal(before.status, 'sending');
      assert.equal(before.lease_owner, 'doomed');
    } else {
      assert.equal(before.status, 'pending');
    }

    const d = makeDispatcher(database.db, repo, { workerId: 'survivor' });
    d.start();
    try {
      await waitFor(async () => (await repo.get(database!.db, id))!.status === 'sent', 20_000, 'delivered by the survivor');
    } finally {
      await d.stop();
    }
    const mine = smtp.accepted.filter((m) => m.messageId === expected);
    assert.equal(mine.length, 1, 'exactly one accepted mail with that Message-ID');
    const after = (await repo.get(database.db, id))!;
    const log = (await repo.listForAlert(database.db, alertId))[0]!.attempt_log;
    if (mode === 'mid-send') {
      // The re-send waited for the lease (same machine, so the clocks agree to a few ms).
      assert.ok(mine[0]!.at >= before.lease_until!.getTime() - 50, `re-sent ${before.lease_until!.getTime() - mine[0]!.at} ms before the lease expired`);
      assert.equal(after.attempts, 2, 'the interrupted attempt counts');
    } else {
      assert.equal(after.attempts, 1);
    }
    assert.deepEqual(log.map((a) => [a.worker, a.ok]), [['survivor', true]]);
  } finally {
    if (child && child.exitCode === null && !child.signalCode) child.kill('SIGKILL');
    if (!pg) await database?.close().catch(() => {});
    if (pg) await pg.close();
    await smtp.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

test('a process killed after committing an alert and its delivery: another dispatcher delivers it exactly once', async () => {
  await crashScenario('commit');
});

test('a process killed mid-send with the lease held: re-sent after the lease expires, with the same Message-ID, accepted once', async () => {
  await crashScenario('mid-send');
});
