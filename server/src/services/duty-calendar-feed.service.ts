import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { calendarFeedUrl, signCalendarToken, verifyCalendarToken } from '../duty/calendar-feed-token.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import { actorFromUser } from './auth.service.ts';
import type { DutyRosterService } from './duty-roster.service.ts';
import type { SigningKeys } from './signing-keys.service.ts';

export interface CalendarLink {
  url: string;
}

/**
 * Subscribe-by-URL calendar feeds (duty/calendar-feed-token.ts). A link is handed out only for
 * a roster the caller can see, or for the caller's own shifts; the feed is then rendered as the
 * user who asked for it, through the same service methods as the authenticated .ics routes,
 * so the body is identical and access follows that user's current rights.
 */
export class DutyCalendarFeedService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UserRepository,
    private readonly duty: DutyRosterService,
    private readonly keys: SigningKeys,
    private readonly publicUrl: string,
  ) {}

  async rosterLink(actor: Actor, rosterId: string): Promise<CalendarLink> {
    await this.duty.getRoster(actor, rosterId);
    return this.link({ kind: 'roster', id: rosterId, issuedBy: actor.userId });
  }

  async personalLink(actor: Actor): Promise<CalendarLink> {
    return this.link({ kind: 'user', id: actor.userId, issuedBy: actor.userId });
  }

  private async link(ref: Parameters<typeof signCalendarToken>[0]): Promise<CalendarLink> {
    const token = signCalendarToken(ref, await this.keys.key('calendar'));
    return { url: calendarFeedUrl(this.publicUrl, token) };
  }

  /** The feed a token names; any failure is the same 404, so a probe learns nothing. */
  async feed(token: string): Promise<{ ics: string; kind: 'roster' | 'user' }> {
    const ref = verifyCalendarToken(token, await this.keys.key('calendar'));
    if (!ref) throw new NotFoundError('Calendar feed');
    const issuer = await this.users.findById(this.db, ref.issuedBy);
    if (!issuer || issuer.disabled) throw new NotFoundError('Calendar feed');
    const actor = actorFromUser(issuer, 'token');
    try {
      if (ref.kind === 'roster') return { ics: await this.duty.rosterCalendar(actor, ref.id), kind: 'roster' };
      if (ref.id !== ref.issuedBy) throw new NotFoundError('Calendar feed');
      return { ics: await this.duty.personalCalendar(actor), kind: 'user' };
    } catch (e) {
      if (e instanceof DomainError) throw new NotFoundError('Calendar feed');
      throw e;
    }
  }
}
