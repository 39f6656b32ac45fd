import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { contentRetentionJob } from '../../../server/src/jobs/content-retention.job.ts';
import type { MonitorWorker } from '../../../server/src/monitoring/monitor-worker.ts';
import { createContentProbe, MIN_PROFILE_SAMPLES } from '../../../server/src/monitoring/probes/content.probe.ts';
import { silentLogger } from '../../../server/src/monitoring/types.ts';
import { LOOPBACK_POLICY } from '../../helpers/loopback/probe-context.ts';
import { engineContext, insertMonitors, makeWorker, seedAgency, seedSystem, waitFor, type EngineContext } from '../engine/helpers.ts';
import { GAMBLING_BLOCK, html, portalHtml, startSite, type Site } from './fixtures.ts';

/**
 * A content monitor through the real worker and database: it learns the page, the page gets
 * injected spam, the monitor goes down (confirmed by the quick retry) with a content.injection
 * alert that names a stored analysis with its snapshots; an analyst dismisses it; retention.
 */
describe('content monitors in the engine', () => {
  let ctx: EngineContext;
  let site: Site;
  let worker: MonitorWorker;
  let monitorId = '';
  const db = () => ctx.database.db;
  const monitor = async () => (await ctx.repos.monitors.findById(db(), monitorId))!;
  const analyses = () => sql<{ id: string; alarm: boolean; kind: string | null; snapshot_sha256: string | null; review_status: string; alert_id: string | null }>`
    select id, alarm, kind, snapshot_sha256, review_status, alert_id from page_analyses where monitor_id = ${monitorId} order by at`.execute(db()).then((r) => r.rows);
  const checkNow = () => sql`update monitors set next_due_at = now() where id = ${monitorId} and lease_owner is null`.execute(db());

  before(async () => {
    site = await startSite({ '/': html(portalHtml()), '/tin-tuc/': html(portalHtml({ title: 'Tin tức' })) });
    ctx = await engineContext();
    const agency = await seedAgency(ctx);
    const system = await seedSystem(ctx, { agencyId: agency.id, securityLevel: 3 });
    const [m] = await insertMonitors(ctx, system, 1, { kind: 'content', target: `${site.url}/`, interval_seconds: 1, timeout_ms: 5000, failure_threshold: 2, name: 'Cổng TTĐT' });
    monitorId = m!.id;
    worker = makeWorker(ctx, { probes: { content: createContentProbe() }, addressPolicy: () => LOOPBACK_POLICY, settings: { retrySeconds: 1 } });
    worker.start();
  });
  after(async () => {
    await worker.stop({ graceMs: 200 });
    await site.close();
    await ctx.close();
  });

  test('learns the page: the profile grows in the baseline, one analysis row for an unchanged page', async () => {
    await waitFor(async () => ((await monitor()).baseline as { samples?: number } | null)?.samples! >= MIN_PROFILE_SAMPLES + 1, 20_000, 'profile learned');
    const m = await monitor();
    assert.equal(m.state, 'up');
    assert.match(m.state_reason ?? '', /content normal/);
    const rows = await analyses();
    assert.equal(rows.length, 1, 'identical clean checks are not stored again');
    assert.equal(rows[0]!.alarm, false);
    assert.equal((m.last_result as { details: { analysisId: string } }).details.analysisId, rows[0]!.id);
  });

  test('injected spam: down after the confirming retry, a content.injection alert naming the stored analysis', async () => {
    site.routes['/'] = html(portalHtml({ extra: GAMBLING_BLOCK }));
    await waitFor(async () => (await monitor()).state === 'down', 20_000, 'down');
    const m = await monitor();
    assert.match(m.state_reason ?? '', /possible injection/);
    const [alert] = await ctx.repos.alerts.listForMonitor(db(), monitorId);
    assert.equal(alert!.kind, 'content.injection');
    assert.equal(alert!.status, 'open');
    assert.equal(alert!.dedup_key, `monitor:${monitorId}:down`);
    assert.ok(['low', 'medium', 'high', 'critical'].includes(alert!.severity));
    const alarms = (await analyses()).filter((a) => a.alarm);
    assert.equal(alarms.length, 2, 'the first failure and its confirming retry');
    const linked = alarms.find((a) => a.id === alert!.details.analysisId)!;
    assert.ok(linked, 'the alert names a stored analysis');
    assert.equal(linked.alert_id, alert!.id, 'and the analysis points back at the alert');
    assert.equal(linked.kind, 'injection');
    const blob = await ctx.repos.pageBlobs.get(db(), linked.snapshot_sha256!);
    assert.match(Buffer.from(blob!.bytes).toString('utf8'), /slot gacor hari ini/);
    // The profile learned nothing from the alarms.
    assert.equal((m.baseline as { samples: number }).samples >= MIN_PROFILE_SAMPLES + 1, true);
  });

  test('dismissed as legitimate: the snapshot is learned, the alert resolved, the monitor checked again at once', async () => {
    const before = await monitor();
    const samples = (before.baseline as { samples: number }).samples;
    const [alert] = await ctx.repos.alerts.listForMonitor(db(), monitorId);
    const target = (await analyses()).find((a) => a.id === alert!.details.analysisId)!;
    await ctx.contentAnalysis.dismiss(SYSTEM_ACTOR, target.id, 'quảng cáo hợp lệ của đối tác');
    const after = await monitor();
    assert.equal((after.baseline as { samples: number }).samples, samples + 1);
    assert.deepEqual(after.alert_kinds.filter((k) => k === 'down'), []);
    const [resolved] = await ctx.repos.alerts.listForMonitor(db(), monitorId);
    assert.equal(resolved!.status, 'resolved');
    const rows = await analyses();
    assert.ok(rows.filter((a) => a.alarm).every((a) => a.review_status === 'dismissed'), 'alarms of the same snapshot are dismissed together');
    const audit = await sql<{ action: string }>`select action from audit_log where entity_id = ${target.id}`.execute(db());
    assert.deepEqual(audit.rows.map((r) => r.action), ['detection.dismiss']);
    // Checked again at once (not after the interval): the page, still the same, is now normal.
    const checked = (await monitor()).last_checked_at!.getTime();
    await waitFor(async () => ((await monitor()).last_checked_at?.getTime() ?? 0) > checked, 10_000, 'checked again');
    await waitFor(async () => (await monitor()).state === 'up', 10_000, 'up with the dismissed snapshot learned');
    assert.equal((await ctx.repos.alerts.listForMonitor(db(), monitorId)).filter((a) => a.status === 'open').length, 0, 'no new alert');
  });

  test('the page back to normal: up again, no open alert', async () => {
    site.routes['/'] = html(portalHtml());
    await checkNow();
    await waitFor(async () => (await monitor()).state === 'up', 15_000, 'up');
    await worker.flush();
    const open = (await ctx.repos.alerts.listForMonitor(db(), monitorId)).filter((a) => a.status === 'open');
    assert.deepEqual(open, []);
  });

  test('retention deletes old quiet analyses and unreferenced blobs, keeps alarms', async () => {
    await worker.stop({ graceMs: 200 });
    await sql`update page_analyses set at = now() - interval '40 days' where monitor_id = ${monitorId}`.execute(db());
    await sql`update page_blobs set last_referenced_at = now() - interval '40 days'`.execute(db());
    const counts = async () => (await sql<{ a: number; alarms: number; b: number }>`
      select (select count(*)::int from page_analyses) as a, (select count(*)::int from page_analyses where alarm) as alarms, (select count(*)::int from page_blobs) as b`.execute(db())).rows[0]!;
    const before = await counts();
    const job = contentRetentionJob({ analyses: ctx.repos.pageAnalyses, blobs: ctx.repos.pageBlobs, settings: { days: 30 } });
    const r = await job.run({ db: db(), clock: ctx.clock, log: silentLogger, signal: new AbortController().signal, state: {}, saveState: async () => {} });
    const afterRun = await counts();
    assert.equal(afterRun.alarms, before.alarms, 'alarms are kept');
    assert.equal(afterRun.a, before.alarms, 'only alarms are left');
    assert.ok((r as { blobsDeleted: number }).blobsDeleted > 0);
    // Every blob left is referenced by a kept analysis.
    const orphans = await sql<{ n: number }>`select count(*)::int as n from page_blobs b where not exists (
      select 1 from page_analyses a where a.snapshot_sha256 = b.sha256 or a.fetches @> jsonb_build_array(jsonb_build_object('sha256', b.sha256)))`.execute(db());
    assert.equal(orphans.rows[0]!.n, 0);
  });
});
