import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import type { AlertRow } from '../../server/src/repositories/alert.repository.ts';
import type { TestContext } from '../helpers/test-app.ts';
import { emailConfig } from '../notifications/outbox/helpers.ts';

/**
 * A province with one agency, an on-duty officer and a supervisor, an e-mail channel to a
 * loopback SMTP server, a roster covering the test clock, and a policy: the officer on duty,
 * wait 5 minutes, the supervisor; repeated once.
 */
export async function seedEscalation(ctx: TestContext, smtpPort: number, o: { repeat?: number; groupBy?: 'none' | 'hosting' } = {}) {
  const province = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'DNA', name: 'Tỉnh Đồng Nai', kind: 'province' });
  const agency = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: 'SYT', name: 'Sở Y tế', kind: 'department' });
  const mk = async (username: string, email: string, role: 'coordinator' | 'agency_member' = 'agency_member') =>
    (await ctx.users.create(SYSTEM_ACTOR, { username, displayName: username === 'officer' ? 'Trần Trực Ban' : 'Lê Giám Sát', email, role, agencyId: role === 'coordinator' ? null : agency.id, password: 'correct horse battery' })).user;
  const officer = await mk('officer', 'truc.ban@soyte.gov.vn');
  const supervisor = await mk('supervisor', 'giam.sat@stttt.gov.vn', 'coordinator');
  const channelId = randomUUID();
  await ctx.repos.notificationOutbox.insertChannel(ctx.database.db, { id: channelId, name: 'SMTP tỉnh', kind: 'email', config: emailConfig(smtpPort) });
  const period = await ctx.duty.createPeriod(SYSTEM_ACTOR, { name: 'Quốc khánh 2/9/2026', start: '2026-08-29T18:00', end: '2026-09-03T08:00' });
  const roster = await ctx.duty.createRoster(SYSTEM_ACTOR, period.id, { name: 'Trực Sở Y tế', agencyId: agency.id, members: [officer.id], rotation: { shiftHours: 24, handoverTime: '08:00' } });
  const policy = await ctx.alerting.escalationPolicies.createPolicy(SYSTEM_ACTOR, {
    name: 'Trực ban → Giám sát',
    steps: [{ type: 'notify_on_duty', rosterId: roster.id }, { type: 'wait', minutes: 5 }, { type: 'notify_users', userIds: [supervisor.id] }, { type: 'wait', minutes: 10 }],
    repeat: o.repeat ?? 0,
  });
  await ctx.alerting.escalationPolicies.createRule(SYSTEM_ACTOR, { name: 'Tất cả', match: {}, policyId: policy.id, groupBy: o.groupBy ?? 'hosting', groupWindowSeconds: 600 });
  const system = await ctx.systems.create(SYSTEM_ACTOR, { name: 'Cổng TTĐT Sở Y tế', ownerAgencyId: agency.id, securityLevel: 3, urls: ['https://soyte.example.gov.vn/'], hostingProvider: 'VNPT IDC' });
  return { province, agency, officer, supervisor, channelId, period, roster, policy, system };
}

export function alertRow(o: { key?: string; agencyId: string | null; systemId?: string | null; at: Date; severity?: string; summary?: string }): AlertRow {
  return {
    id: randomUUID(), dedup_key: o.key ?? `test:${randomUUID()}`, monitor_id: null, system_id: o.systemId ?? null, agency_id: o.agencyId,
    kind: 'monitor.down', severity: o.severity ?? 'high', status: 'open', opened_at: o.at, resolved_at: null,
    summary: o.summary ?? 'Cổng TTĐT Sở Y tế không truy cập được', details: {},
  };
}

/** Opens alerts through the intake, in one transaction, as the result writer does. */
export function openAlerts(ctx: TestContext, rows: AlertRow[]) {
  return ctx.database.db.transaction().execute((trx) => ctx.alerting.alertIntake.openMany(trx, rows));
}

export function resolveAlerts(ctx: TestContext, keys: string[], at: Date) {
  return ctx.database.db.transaction().execute((trx) => ctx.alerting.alertIntake.resolveKeys(trx, keys.map((key) => ({ key, at }))));
}

export function outboxRows(ctx: TestContext) {
  return ctx.database.db.selectFrom('notification_outbox').selectAll().orderBy('created_at').orderBy('recipient').execute();
}
