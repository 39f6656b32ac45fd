import { CalendarFeedParams } from '../../contracts/duty-report.schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { App } from './route-types.ts';
import type { AppContext } from '../../context.ts';

/**
 * Signed iCalendar feeds at /ical/<token>.ics, outside /api: calendar apps subscribe by URL and
 * cannot log in, so the token is the authority (services/duty-calendar-feed.service.ts). Every
 * failure is the same 404. The body is the one the authenticated calendar.ics routes send.
 */
export async function calendarFeedRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  // The .ics suffix is checked here rather than routed as `:token.ics`: the token itself contains dots.
  app.get('/ical/:token', { config: { public: true }, schema: { hide: true, params: CalendarFeedParams } }, async (req, reply) => {
    const file = req.params.token;
    if (!file.endsWith('.ics')) throw new NotFoundError('Calendar feed');
    const { ics, kind } = await ctx.dutyCalendarFeeds.feed(file.slice(0, -'.ics'.length));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${kind === 'roster' ? 'roster' : 'my-duty'}.ics"`)
      // The URL is a credential: keep it out of shared caches and other sites' logs.
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer')
      .send(ics);
  });
}
