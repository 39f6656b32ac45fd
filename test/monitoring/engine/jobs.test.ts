import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { ForbiddenError } from '../../../server/src/domain/errors.ts';
import { JobRunner } from '../../../server/src/jobs/job-runner.ts';
import type { Job } from '../../../server/src/jobs/job.ts';
import { silentLogger } from '../../../server/src/monitoring/types.ts';
import { engineContext, sleep, waitFor, type EngineContext } from './helpers.ts';

describe('background job runner', () => {
  let ctx: EngineContext;
  const runners: JobRunner[] = [];

  before(async () => {
    ctx = await engineContext();
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.stop(1000)));
    await ctx.close();
  });

  const runner = (owner: string, jobs: Job[], registry = new Registry()) => {
    const r = new JobRunner({ db: ctx.database.db, repo: ctx.repos.jobs, clock: ctx.clock, log: silentLogger, owner, registry, tickMs: 50 });
    for (const j of jobs) r.register(j);
    runners.push(r);
    return r;
  };
  const row = async (name: string) => (await ctx.jobs.listJobs(SYSTEM_ACTOR)).find((j) => j.name === name)!;

  test('a job runs in one process at a time, however many runners tick', async () => {
    let runs = 0;
    let concurrent = 0;
    let peak = 0;
    const job: Job = {
      name: 'exclusive', intervalMs: 60_000, lock: 'lease',
      async run() {
        runs++;
        peak = Math.max(peak, ++concurrent);
        await sleep(200);
        concurrent--;
        return { did: 'work' };
      },
    };
    const rs = [runner('r1', [job]), runner('r2', [job]), runner('r3', [job])];
    await Promise.all(rs.map((r) => r.start()));
    await waitFor(async () => (await row('exclusive')).lastStatus === 'ok', 5_000, 'run recorded');
    await sleep(300);
    assert.equal(runs, 1, 'ran once: the interval has not passed');
    assert.equal(peak, 1);
    const r = await row('exclusive');
    assert.equal(r.runs, 1);
    assert.deepEqual(r.details, { did: 'work' });
    assert.ok(r.lastDurationMs! >= 150);
    assert.ok(r.nextRunAt && new Date(r.nextRunAt).getTime() > Date.now() + 50_000);
    await Promise.all(rs.map((x) => x.stop()));
  });

  test('a failure is recorded with its error, counted in metrics, and retried at the next interval', async () => {
    let n = 0;
    const registry = new Registry();
    const job: Job = {
      name: 'flaky', intervalMs: 300, lock: 'lease',
      async run() {
        if (++n === 1) throw new Error('disk full');
        return { attempt: n };
      },
    };
    const r = runner('r1', [job], registry);
    await r.start();
    await waitFor(async () => (await row('flaky')).failures === 1, 5_000, 'failure recorded');
    const failed = await row('flaky');
    assert.equal(failed.lastStatus, 'error');
    assert.equal(failed.lastError, 'disk full');
    await waitFor(async () => (await row('flaky')).lastStatus === 'ok', 5_000, 'retried');
    const ok = await row('flaky');
    assert.ok(ok.lastSuccessAt);
    assert.equal(ok.failures, 1);
    const text = await registry.metrics();
    assert.match(text, /vigil_job_runs_total\{job="flaky",status="error"\} 1/);
    assert.match(text, /vigil_job_runs_total\{job="flaky",status="ok"\} [1-9]/);
    assert.match(text, /vigil_job_last_success_timestamp_seconds\{job="flaky"\} \d+/);
    await r.stop();
  });

  test('a job whose process died is taken over when its lease runs out', async () => {
    let ranBy = '';
    const mk = (owner: string): Job => ({ name: 'orphan', intervalMs: 60_000, lock: 'lease', leaseMs: 60_000, run: async () => void (ranBy = owner) });
    await ctx.repos.jobs.ensure(ctx.database.db, 'orphan', 60_000, 'lease');
    // A process took it and died mid-run.
    assert.ok(await ctx.repos.jobs.claim(ctx.database.db, 'orphan', 'dead', 60_000));
    const r = runner('alive', [mk('alive')]);
    await r.start();
    await sleep(200);
    assert.equal(ranBy, '', 'lease still held');
    await sql`update jobs set lease_until = now() - interval '1 second' where name = 'orphan'`.execute(ctx.database.db);
    await waitFor(() => ranBy === 'alive', 5_000, 'takeover');
    await r.stop();
  });

  test('loops report a status row; the jobs list is for administrators only', async () => {
    const r = runner('loop-owner', []);
    r.registerLoop({ name: 'a-loop', intervalMs: 100, lock: 'none', status: () => ({ ok: true, error: null, details: { inFlight: 3 } }) });
    await r.start();
    await waitFor(async () => (await row('a-loop'))?.lastStatus === 'ok', 5_000, 'heartbeat');
    const s = await row('a-loop');
    assert.equal(s.lock, 'none');
    assert.equal(s.running, true);
    assert.deepEqual(s.details, { inFlight: 3 });
    await r.stop();
    const coordinator = { ...SYSTEM_ACTOR, role: 'coordinator' as const, via: 'session' as const };
    await assert.rejects(ctx.jobs.listJobs(coordinator), ForbiddenError);
  });
});
