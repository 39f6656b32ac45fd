import { IdParams } from '../../contracts/common.schema.ts';
import { CalendarLink, DutyPeople, DutyPeopleQuery, DutyReport, DutyReportQuery } from '../../contracts/duty-report.schema.ts';
import { renderDutyReportDocx } from '../../services/duty-report-docx.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Duty planning helpers beside duty.routes.ts: the daily duty report (JSON for the page, DOCX
 * to send), signed calendar-feed links for calendar apps that cannot log in, and the people a
 * roster can be staffed with.
 */
export const dutyReportRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['duty'];

  app.get('/duty/periods/:id/report', { schema: { tags, summary: 'Daily duty report of a period: shifts, hand-over notes, alerts, what is still open', params: IdParams, querystring: DutyReportQuery, response: { 200: DutyReport } } }, async (req) =>
    ctx.dutyReports.daily(requireActor(req), req.params.id, req.query.date));

  app.get('/duty/periods/:id/report.docx', { schema: { tags, summary: 'The daily duty report as a Word document', params: IdParams, querystring: DutyReportQuery } }, async (req, reply) => {
    const report = await ctx.dutyReports.daily(requireActor(req), req.params.id, req.query.date);
    const docx = await renderDutyReportDocx(report);
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', `attachment; filename="bao-cao-truc-${report.date}.docx"`)
      .send(docx);
  });

  app.get('/duty/rosters/:id/calendar-link', { schema: { tags, summary: 'A signed iCalendar URL of a roster, for calendar apps that cannot log in', params: IdParams, response: { 200: CalendarLink } } }, async (req) =>
    ctx.dutyCalendarFeeds.rosterLink(requireActor(req), req.params.id));

  app.get('/duty/my/calendar-link', { schema: { tags, summary: 'A signed iCalendar URL of your own shifts', response: { 200: CalendarLink } } }, async (req) =>
    ctx.dutyCalendarFeeds.personalLink(requireActor(req)));

  app.get('/duty/people', { schema: { tags, summary: 'People a roster can be staffed with (names only)', querystring: DutyPeopleQuery, response: { 200: DutyPeople } } }, async (req) => ({
    items: await ctx.dutyPeople.list(requireActor(req), { agencyId: req.query.agencyId }),
  }));
};

