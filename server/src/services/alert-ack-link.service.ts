import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
import type { Clock } from '../io/clock.ts';
import { verifyAckToken, type AckVerifyError } from '../notifications/ack-link.ts';
import type { AlertGroupRepository } from '../repositories/alert-group.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import type { AlertGroupService } from './alert-group.service.ts';
import type { SigningKeys } from './signing-keys.service.ts';

/**
 * One-click acknowledgement from a message. The signed token is the only credential: it names
 * one alert group and one recipient and expires. Opening the link only shows the alert (mail
 * scanners and chat previews fetch links); acknowledging is a POST from that page.
 */
export type AckLinkView =
  | { ok: true; group: { id: string; title: string; severity: string; status: string; openedAt: Date; acknowledgedAt: Date | null; acknowledgedBy: string | null; alertCount: number }; recipient: string }
  | { ok: false; error: AckVerifyError | 'not-found' };

export class AlertAckLinkService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { groups: AlertGroupRepository; users: UserRepository },
    private readonly groups: AlertGroupService,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  private async check(token: string) {
    const v = verifyAckToken(token, await this.keys.key('ack'), this.clock.now());
    if (!v.ok || !v.payload.alertId) return { ok: false as const, error: v.ok ? ('malformed' as const) : v.error };
    const g = await this.repos.groups.findById(this.db, v.payload.alertId);
    if (!g) return { ok: false as const, error: 'not-found' as const };
    const user = await this.repos.users.findById(this.db, v.payload.recipientId);
    return { ok: true as const, g, user, recipientId: v.payload.recipientId };
  }

  async inspect(token: string): Promise<AckLinkView> {
    const c = await this.check(token);
    if (!c.ok) return c;
    const g = c.g;
    return {
      ok: true,
      group: { id: g.id, title: g.title, severity: g.severity, status: g.status, openedAt: g.opened_at, acknowledgedAt: g.acknowledged_at, acknowledgedBy: g.acknowledged_by_name, alertCount: g.alert_count },
      recipient: c.user?.display_name ?? '',
    };
  }

  /** Acknowledges as the link's recipient; the result says what state the alert is in now. */
  async acknowledge(token: string, ip: string | null): Promise<AckLinkView & { changed?: boolean }> {
    const c = await this.check(token);
    if (!c.ok) return c;
    const before = c.g.status;
    if (before === 'triggered') {
      // Acting as the recipient named by the signature; a contact point is not a user.
      const actor: Actor = c.user
        ? { userId: c.user.id, username: c.user.username, role: c.user.role as Actor['role'], agencyId: c.user.agency_id, agencyPath: c.user.agency_path, via: 'system', ip }
        : { ...SYSTEM_ACTOR, username: `ack-link:${c.recipientId}`, ip };
      await this.groups.acknowledge(actor, c.g.id, 'link', c.user?.display_name);
    }
    const view = await this.inspect(token);
    return { ...view, changed: before === 'triggered' };
  }
}
