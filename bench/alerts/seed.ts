import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../server/src/context.ts';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';

/**
 * The province of the alert bench: 50 agencies, `monitors` portals of which every one sits at
 * the hosting provider that fails, an on-duty officer (e-mail on the loopback SMTP server) on a
 * roster covering now, a Teams-like chat room on a slow webhook, and a policy: the officer and
 * the room at once, a supervisor after 10 minutes.
 */
export async function seedProvince(ctx: AppContext, o: { monitors: number; smtpPort: number; hookUrl: string; groupBy: 'hosting' | 'none' }) {
  const db = ctx.database.db;
  const province = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'BENCH', name: 'Tỉnh Bench', kind: 'province' });
  const agencies: { id: string }[] = [];
  for (let i = 0; i < 50; i++) agencies.push(await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: `S${i}`, name: `Sở ${i}`, kind: 'department' }));
  const now = new Date();
  const systems = Array.from({ length: o.monitors }, (_, i) => ({
    id: randomUUID(), name: `Cổng TTĐT ${i}`, description: null, owner_agency_id: agencies[i % 50]!.id, operator_agency_id: null, security_level: 2, critical_national: false,
    urls: JSON.stringify([`https://p${i}.bench.gov.vn/`]), domains: '[]', ip_addresses: '[]', hosting_provider: 'Trung tâm dữ liệu A', tags: '[]', created_at: now, updated_at: now,
  }));
  for (let i = 0; i < systems.length; i += 500) await db.insertInto('information_systems').values(systems.slice(i, i + 500)).execute();
  const officer = (await ctx.users.create(SYSTEM_ACTOR, { username: 'officer', displayName: 'Trực ban', email: 'truc.ban@bench.gov.vn', role: 'coordinator', password: 'bench password 123' })).user;
  const supervisor = (await ctx.users.create(SYSTEM_ACTOR, { username: 'supervisor', displayName: 'Giám sát', email: 'giam.sat@bench.gov.vn', role: 'coordinator', password: 'bench password 123' })).user;
  const emailId = randomUUID();
  await ctx.repos.notificationOutbox.insertChannel(db, { id: emailId, name: 'SMTP', kind: 'email', config: { host: '127.0.0.1', port: o.smtpPort, secure: false, starttls: 'never', from: 'Vigil <canhbao@bench.gov.vn>' } });
  const roomId = randomUUID();
  await ctx.repos.notificationOutbox.insertChannel(db, { id: roomId, name: 'Phòng trực (chậm)', kind: 'teams', config: { url: o.hookUrl } });
  const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
  const period = await ctx.duty.createPeriod(SYSTEM_ACTOR, { name: 'Bench', start: local(new Date(now.getTime() - 3_600_000)), end: local(new Date(now.getTime() + 86_400_000)) });
  const roster = await ctx.duty.createRoster(SYSTEM_ACTOR, period.id, { name: 'Trực tỉnh', agencyId: province.id, members: [officer.id], rotation: { shiftHours: 24, handoverTime: '08:00' } });
  const policy = await ctx.alerting.escalationPolicies.createPolicy(SYSTEM_ACTOR, {
    name: 'Bench', steps: [{ type: 'notify_on_duty', rosterId: roster.id }, { type: 'notify_channel', channelId: roomId }, { type: 'wait', minutes: 10 }, { type: 'notify_users', userIds: [supervisor.id] }], repeat: 0,
  });
  await ctx.alerting.escalationPolicies.createRule(SYSTEM_ACTOR, { name: 'Tất cả', match: {}, policyId: policy.id, groupBy: o.groupBy, groupWindowSeconds: 3600 });
  return { systems, emailId, roomId };
}
