import Type, { type Static } from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import {
  AlertPeriod, AlertPeriodCreate, AlertPeriodUpdate, Coverage, DutyRoster, DutyRosterCreate, DutyRosterUpdate,
  HandoverNote, HandoverNoteCreate, OnDuty, OnDutyQuery, Schedule,
} from '../../contracts/duty.schema.ts';
import type { DutyRosterInput } from '../../services/duty-roster.service.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/**
 * Duty rosters: alert periods, the rosters planned over them, coverage checks, who is on duty,
 * hand-over notes and iCalendar feeds.
 *
 * The .ics feeds are authenticated like the rest of the API: calendar clients that can send a
 * header use a Bearer API token. Plain calendar apps (subscribe-by-URL) cannot; they get a
 * signed feed URL from duty-report.routes.ts (…/calendar-link), served by calendar-feed.routes.ts.
 */
export const dutyRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['duty'];

  app.get('/duty/periods', { schema: { tags, summary: 'Alert periods (province-wide and of agencies in scope)', response: { 200: Type.Object({ items: Type.Array(AlertPeriod) }) } } }, async (req) => ({
    items: await ctx.duty.listPeriods(requireActor(req)),
  }));

  app.post('/duty/periods', { schema: { tags, body: AlertPeriodCreate, response: { 201: AlertPeriod } } }, async (req, reply) => {
    const p = await ctx.duty.createPeriod(requireActor(req), req.body);
    return reply.status(201).send(p);
  });

  app.get('/duty/periods/:id', { schema: { tags, params: IdParams, response: { 200: Type.Object({ period: AlertPeriod, rosters: Type.Array(DutyRoster) }) } } }, async (req) => {
    const actor = requireActor(req);
    return { period: await ctx.duty.getPeriod(actor, req.params.id), rosters: await ctx.duty.listRosters(actor, req.params.id) };
  });

  app.patch('/duty/periods/:id', { schema: { tags, params: IdParams, body: AlertPeriodUpdate, response: { 200: AlertPeriod } } }, async (req) =>
    ctx.duty.updatePeriod(requireActor(req), req.params.id, req.body));

  app.delete('/duty/periods/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.duty.deletePeriod(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/duty/periods/:id/coverage', { schema: { tags, summary: 'Gaps and double bookings before the period starts', params: IdParams, response: { 200: Coverage } } }, async (req) =>
    // The domain's report carries Date instants; the response serializer writes them as date-times.
    (await ctx.duty.coverage(requireActor(req), req.params.id)) as unknown as Static<typeof Coverage>);

  app.post('/duty/periods/:id/rosters', { schema: { tags, params: IdParams, body: DutyRosterCreate, response: { 201: DutyRoster } } }, async (req, reply) => {
    const r = await ctx.duty.createRoster(requireActor(req), req.params.id, req.body as DutyRosterInput);
    return reply.status(201).send(r);
  });

  app.get('/duty/rosters/:id', { schema: { tags, params: IdParams, response: { 200: DutyRoster } } }, async (req) => ctx.duty.getRoster(requireActor(req), req.params.id));

  app.patch('/duty/rosters/:id', { schema: { tags, params: IdParams, body: DutyRosterUpdate, response: { 200: DutyRoster } } }, async (req) =>
    ctx.duty.updateRoster(requireActor(req), req.params.id, req.body as Partial<DutyRosterInput>));

  app.delete('/duty/rosters/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.duty.deleteRoster(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/duty/rosters/:id/schedule', { schema: { tags, summary: 'The roster expanded into shifts (swaps and overrides applied)', params: IdParams, response: { 200: Schedule } } }, async (req) =>
    ctx.duty.schedule(requireActor(req), { rosterId: req.params.id }));

  app.post('/duty/rosters/:id/handover-notes', { schema: { tags, params: IdParams, body: HandoverNoteCreate, response: { 201: HandoverNote } } }, async (req, reply) => {
    const n = await ctx.duty.addHandoverNote(requireActor(req), req.params.id, { at: new Date(req.body.at), text: req.body.text });
    return reply.status(201).send(n);
  });

  app.get('/duty/on-duty', { schema: { tags, summary: 'Who is on duty now (or at `at`)', querystring: OnDutyQuery, response: { 200: OnDuty } } }, async (req) =>
    ctx.duty.onDuty(requireActor(req), { at: req.query.at ? new Date(req.query.at) : undefined, agencyId: req.query.agencyId }));

  app.get('/duty/rosters/:id/calendar.ics', { schema: { tags, summary: 'iCalendar feed of a roster (Bearer API token for calendar clients)', params: IdParams } }, async (req, reply) => {
    const ics = await ctx.duty.rosterCalendar(requireActor(req), req.params.id);
    return reply.type(CALENDAR_TYPE).header('content-disposition', 'inline; filename="roster.ics"').send(ics);
  });

  app.get('/duty/my/calendar.ics', { schema: { tags, summary: 'iCalendar feed of your own shifts (Bearer API token for calendar clients)' } }, async (req, reply) => {
    const ics = await ctx.duty.personalCalendar(requireActor(req));
    return reply.type(CALENDAR_TYPE).header('content-disposition', 'inline; filename="my-duty.ics"').send(ics);
  });
};
