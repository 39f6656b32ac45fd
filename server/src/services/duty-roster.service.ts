import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditRegistry, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { checkCoverage, type CoverageReport } from '../duty/coverage.ts';
import { personCalendar, rosterCalendar } from '../duty/icalendar.ts';
import { nextHandover, whoIsOnDuty } from '../duty/on-duty.ts';
import { periodBounds, validatePeriod, validateRoster } from '../duty/roster-validation.ts';
import { DEFAULT_DUTY_TIME_ZONE, periodTimeZone, type Override, type Rotation, type Roster, type Shift, type Swap } from '../duty/roster.ts';
import { expandSchedule } from '../duty/schedule.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertPeriodRepository, AlertPeriodWithPath } from '../repositories/alert-period.repository.ts';
import type { DutyRosterRepository, DutyRosterWithAgency } from '../repositories/duty-roster.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import type { AuditService } from './audit.service.ts';
import {
  toNote, toNoteDto, toPeriod, toPeriodDto, toRoster, toRosterDto, toShiftView,
  type AlertPeriodDto, type DutyRosterDto, type HandoverNoteDto, type ShiftView,
} from './duty-roster-dto.ts';

export interface AlertPeriodInput {
  name: string;
  start: string;
  end: string;
  timeZone?: string;
  /** Null: the whole province (coordinators and administrators only). */
  agencyId?: string | null;
}

export interface DutyRosterInput {
  name: string;
  /** The agency whose people staff it; the actor's (or the period's) agency when absent. */
  agencyId?: string;
  timeZone?: string;
  members: string[];
  rotation: Rotation;
  /** Ids are given to overrides and swaps that arrive without one. */
  overrides?: (Omit<Override, 'id'> & { id?: string })[];
  swaps?: (Omit<Swap, 'id'> & { id?: string })[];
}

export interface ScheduleView {
  period: AlertPeriodDto;
  rosters: DutyRosterDto[];
  shifts: ShiftView[];
  handoverNotes: HandoverNoteDto[];
}

export interface AgencyCoverage {
  agencyId: string;
  agencyName: string;
  rosterIds: string[];
  report: CoverageReport;
}

export interface OnDutyRoster {
  roster: DutyRosterDto;
  period: AlertPeriodDto;
  onDuty: ShiftView[];
  nextHandover: { at: string; outgoing: ShiftView[]; incoming: ShiftView[] } | null;
}

/** A personal feed shows shifts of periods that ended at most this long ago. */
const CALENDAR_HISTORY_MS = 90 * 86_400_000;
/** One person working longer than this in a row is flagged (a warning, not a failure). */
const MAX_CONSECUTIVE_HOURS = 24;

/**
 * Alert periods and the duty rosters agencies plan over them. Scoped like the registry: a
 * roster belongs to an agency and is seen by that agency's subtree (coordinators and
 * administrators see all); a period is either an agency's or province-wide (seen by everyone,
 * changed only by coordinators and administrators). Planning rules are the duty domain's.
 */
export class DutyRosterService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { periods: AlertPeriodRepository; rosters: DutyRosterRepository; agencies: AgencyRepository; users: UserRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---- scoping

  private async visiblePeriod(ex: Executor, actor: Actor, id: string): Promise<AlertPeriodWithPath> {
    const p = await this.repos.periods.findById(ex, id);
    if (!p || (p.agency_path !== null && !inScope(readScope(actor), p.agency_path))) throw new NotFoundError('Alert period');
    return p;
  }

  private async visibleRoster(ex: Executor, actor: Actor, id: string): Promise<DutyRosterWithAgency> {
    const r = await this.repos.rosters.findById(ex, id);
    if (!r || !inScope(readScope(actor), r.agency_path)) throw new NotFoundError('Duty roster');
    return r;
  }

  private assertCanEditPeriod(actor: Actor, agencyPath: string | null): void {
    assertCanEditRegistry(actor);
    if (agencyPath === null && !readScope(actor).all) throw new ForbiddenError('Only coordinators and administrators can change province-wide alert periods');
  }

  /** An agency the actor can see, or a 400 on `field` (an invisible agency "does not exist"). */
  private async visibleAgency(ex: Executor, actor: Actor, id: string, field: string) {
    const a = await this.repos.agencies.findById(ex, id);
    if (!a || !inScope(readScope(actor), a.path)) throw new ValidationError('Agency not found', [{ field, message: 'no such agency' }]);
    return a;
  }

  // ---- alert periods

  async listPeriods(actor: Actor): Promise<AlertPeriodDto[]> {
    return (await this.repos.periods.list(this.db, { scope: readScope(actor) })).map(toPeriodDto);
  }

  async getPeriod(actor: Actor, id: string): Promise<AlertPeriodDto> {
    return toPeriodDto(await this.visiblePeriod(this.db, actor, id));
  }

  /** Validated period fields as stored, or a ValidationError with every issue. */
  private periodFields(input: AlertPeriodInput) {
    const period = { name: input.name, start: input.start, end: input.end, timeZone: input.timeZone ?? DEFAULT_DUTY_TIME_ZONE };
    const issues = validatePeriod(period);
    if (issues.length) throw new ValidationError('The alert period is not valid', issues);
    const bounds = periodBounds(period)!;
    return { name: input.name.trim(), start_local: period.start, end_local: period.end, time_zone: period.timeZone, starts_at: bounds.start, ends_at: bounds.end };
  }

  async createPeriod(actor: Actor, input: AlertPeriodInput): Promise<AlertPeriodDto> {
    assertCanEditRegistry(actor);
    const fields = this.periodFields(input);
    return this.db.transaction().execute(async (trx) => {
      // Agency-bound people plan for their own agency unless they say otherwise.
      const agencyId = input.agencyId === undefined ? (readScope(actor).all ? null : actor.agencyId) : input.agencyId;
      const agency = agencyId ? await this.visibleAgency(trx, actor, agencyId, '/agencyId') : null;
      this.assertCanEditPeriod(actor, agency ? agency.path : null);
      const now = this.clock.now();
      const id = randomUUID();
      await this.repos.periods.insert(trx, { id, ...fields, agency_id: agency?.id ?? null, created_at: now, updated_at: now });
      const dto = toPeriodDto((await this.repos.periods.findById(trx, id))!);
      await this.audit.record(trx, actor, { action: 'duty.period.create', entityType: 'alert_period', entityId: id, agencyId: dto.agencyId, summary: dto.name, after: dto });
      return dto;
    });
  }

  async updatePeriod(actor: Actor, id: string, patch: Partial<AlertPeriodInput>): Promise<AlertPeriodDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.visiblePeriod(trx, actor, id);
      this.assertCanEditPeriod(actor, before.agency_path);
      const beforeDto = toPeriodDto(before);
      const merged: AlertPeriodInput = { name: before.name, start: before.start_local, end: before.end_local, timeZone: before.time_zone, agencyId: before.agency_id, ...patch };
      const fields = this.periodFields(merged);
      const agency = merged.agencyId ? await this.visibleAgency(trx, actor, merged.agencyId, '/agencyId') : null;
      this.assertCanEditPeriod(actor, agency ? agency.path : null);
      // The rosters already planned must still fit the changed period.
      const rosters = await this.repos.rosters.listByPeriods(trx, [id], { scope: { all: true } });
      const period = { name: fields.name, start: fields.start_local, end: fields.end_local, timeZone: fields.time_zone };
      const issues: FieldIssue[] = rosters.flatMap((r) => validateRoster(toRoster(r), period, `/rosters/${r.id}`));
      for (const r of rosters) {
        if (agency && !r.agency_path.startsWith(agency.path)) issues.push({ field: '/agencyId', message: `roster "${r.name}" belongs to an agency outside this one` });
      }
      if (issues.length) throw new ValidationError('The rosters of this period would no longer be valid', issues);
      await this.repos.periods.update(trx, id, { ...fields, agency_id: agency?.id ?? null, updated_at: this.clock.now() });
      const after = toPeriodDto((await this.repos.periods.findById(trx, id))!);
      await this.audit.record(trx, actor, { action: 'duty.period.update', entityType: 'alert_period', entityId: id, agencyId: after.agencyId, summary: after.name, before: beforeDto, after });
      return after;
    });
  }

  async deletePeriod(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.visiblePeriod(trx, actor, id);
      this.assertCanEditPeriod(actor, before.agency_path);
      // Cascades to rosters the actor may not see (a province-wide period): only tree-wide editors get here.
      await this.repos.periods.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'duty.period.delete', entityType: 'alert_period', entityId: id, agencyId: before.agency_id, summary: before.name, before: toPeriodDto(before) });
    });
  }

  // ---- rosters

  async getRoster(actor: Actor, id: string): Promise<DutyRosterDto> {
    return toRosterDto(await this.visibleRoster(this.db, actor, id));
  }

  async listRosters(actor: Actor, periodId: string): Promise<DutyRosterDto[]> {
    await this.visiblePeriod(this.db, actor, periodId);
    return (await this.repos.rosters.listByPeriods(this.db, [periodId], { scope: readScope(actor) })).map(toRosterDto);
  }

  /**
   * The roster as stored, after the domain's checks and the checks only the database can do
   * (agency in scope and inside the period's agency, people who exist and the actor can see).
   */
  private async rosterFields(ex: Executor, actor: Actor, id: string, period: AlertPeriodWithPath, input: DutyRosterInput) {
    const agencyId = input.agencyId ?? actor.agencyId ?? period.agency_id;
    if (!agencyId) throw new ValidationError('The duty roster is not valid', [{ field: '/agencyId', message: 'must name the agency whose people staff the roster' }]);
    const agency = await this.visibleAgency(ex, actor, agencyId, '/agencyId');
    const issues: FieldIssue[] = [];
    if (period.agency_path !== null && !agency.path.startsWith(period.agency_path)) {
      issues.push({ field: '/agencyId', message: 'must be the alert period\'s agency or one under it' });
    }
    const roster: Roster = {
      id, name: input.name?.trim() ?? '', agencyId: agency.id, timeZone: input.timeZone ?? periodTimeZone(toPeriod(period)),
      members: input.members, rotation: input.rotation,
      overrides: (input.overrides ?? []).map((o) => ({ ...o, id: o.id ?? randomUUID() })),
      swaps: (input.swaps ?? []).map((s) => ({ ...s, id: s.id ?? randomUUID() })),
    };
    issues.push(...validateRoster(roster, toPeriod(period)));
    const scope = readScope(actor);
    const known = new Map<string, boolean>();
    const person = async (personId: string, field: string) => {
      if (!known.has(personId)) {
        const u = await this.repos.users.findById(ex, personId);
        known.set(personId, !!u && !u.disabled && (u.agency_path ? inScope(scope, u.agency_path) : scope.all));
      }
      if (!known.get(personId)) issues.push({ field, message: `no such user "${personId}"` });
    };
    for (const [i, m] of roster.members.entries()) await person(m, `/members/${i}`);
    for (const [i, o] of roster.overrides!.entries()) if (o.personId) await person(o.personId, `/overrides/${i}/personId`);
    if (issues.length) throw new ValidationError('The duty roster is not valid', issues);
    return { roster, agency };
  }

  async createRoster(actor: Actor, periodId: string, input: DutyRosterInput): Promise<DutyRosterDto> {
    return this.db.transaction().execute(async (trx) => {
      const period = await this.visiblePeriod(trx, actor, periodId);
      assertCanEditRegistry(actor);
      const id = randomUUID();
      const { roster } = await this.rosterFields(trx, actor, id, period, input);
      const now = this.clock.now();
      await this.repos.rosters.insert(trx, {
        id, period_id: period.id, agency_id: roster.agencyId, name: roster.name, time_zone: roster.timeZone!,
        members: roster.members, rotation: roster.rotation, overrides: roster.overrides!, swaps: roster.swaps!, created_at: now, updated_at: now,
      });
      const dto = toRosterDto((await this.repos.rosters.findById(trx, id))!);
      await this.audit.record(trx, actor, { action: 'duty.roster.create', entityType: 'duty_roster', entityId: id, agencyId: dto.agencyId, summary: dto.name, after: dto });
      return dto;
    });
  }

  async updateRoster(actor: Actor, id: string, patch: Partial<DutyRosterInput>): Promise<DutyRosterDto> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.visibleRoster(trx, actor, id);
      assertCanEditRegistry(actor);
      const beforeDto = toRosterDto(before);
      const period = (await this.repos.periods.findById(trx, before.period_id))!;
      const { roster } = await this.rosterFields(trx, actor, id, period, { ...beforeDto, ...patch });
      await this.repos.rosters.update(trx, id, {
        agency_id: roster.agencyId, name: roster.name, time_zone: roster.timeZone!, members: roster.members,
        rotation: roster.rotation, overrides: roster.overrides!, swaps: roster.swaps!, updated_at: this.clock.now(),
      });
      const after = toRosterDto((await this.repos.rosters.findById(trx, id))!);
      await this.audit.record(trx, actor, { action: 'duty.roster.update', entityType: 'duty_roster', entityId: id, agencyId: after.agencyId, summary: after.name, before: beforeDto, after });
      return after;
    });
  }

  async deleteRoster(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.visibleRoster(trx, actor, id);
      assertCanEditRegistry(actor);
      await this.repos.rosters.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'duty.roster.delete', entityType: 'duty_roster', entityId: id, agencyId: before.agency_id, summary: before.name, before: toRosterDto(before) });
    });
  }

  // ---- schedules, coverage, who is on duty

  private async displayNames(ex: Executor, ids: Iterable<string>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      const u = await this.repos.users.findById(ex, id);
      if (u) names.set(id, u.display_name);
    }
    return names;
  }

  private expand(rosters: DutyRosterWithAgency[], periods: ReadonlyMap<string, AlertPeriodWithPath>): Map<string, Shift[]> {
    return new Map(rosters.map((r) => [r.id, expandSchedule(toRoster(r), toPeriod(periods.get(r.period_id)!))]));
  }

  /** Expanded shifts with people's names: of one roster, or of every visible roster of a period. */
  async schedule(actor: Actor, ref: { rosterId: string } | { periodId: string }): Promise<ScheduleView> {
    const ex = this.db;
    let period: AlertPeriodWithPath;
    let rosters: DutyRosterWithAgency[];
    if ('rosterId' in ref) {
      const r = await this.visibleRoster(ex, actor, ref.rosterId);
      period = (await this.repos.periods.findById(ex, r.period_id))!;
      rosters = [r];
    } else {
      period = await this.visiblePeriod(ex, actor, ref.periodId);
      rosters = await this.repos.rosters.listByPeriods(ex, [period.id], { scope: readScope(actor) });
    }
    const shifts = [...this.expand(rosters, new Map([[period.id, period]])).values()].flat().sort((a, b) => a.start.getTime() - b.start.getTime() || a.rosterId.localeCompare(b.rosterId));
    const people = await this.displayNames(ex, shifts.map((s) => s.personId));
    const rosterNames = new Map(rosters.map((r) => [r.id, r.name]));
    const notes = await this.repos.rosters.listNotes(ex, rosters.map((r) => r.id));
    return { period: toPeriodDto(period), rosters: rosters.map(toRosterDto), shifts: shifts.map((s) => toShiftView(s, people, rosterNames)), handoverNotes: notes.map(toNoteDto) };
  }

  /** The pre-period check over every visible roster of the period, one report per agency. */
  async coverage(actor: Actor, periodId: string): Promise<{ period: AlertPeriodDto; ok: boolean; agencies: AgencyCoverage[] }> {
    const period = await this.visiblePeriod(this.db, actor, periodId);
    const rosters = await this.repos.rosters.listByPeriods(this.db, [period.id], { scope: readScope(actor) });
    const shifts = this.expand(rosters, new Map([[period.id, period]]));
    const people = await this.displayNames(this.db, [...shifts.values()].flat().map((s) => s.personId));
    const byAgency = new Map<string, DutyRosterWithAgency[]>();
    for (const r of rosters) byAgency.set(r.agency_id, [...(byAgency.get(r.agency_id) ?? []), r]);
    const agencies = [...byAgency.values()].map((list): AgencyCoverage => {
      const report = checkCoverage({
        period: periodBounds(toPeriod(period))!, timeZone: period.time_zone, maxConsecutiveHours: MAX_CONSECUTIVE_HOURS,
        schedules: list.map((r) => ({ rosterId: r.id, rosterName: r.name, shifts: shifts.get(r.id)! })),
      });
      // The domain speaks person ids; people read names.
      const named = (message: string, personId: string) => message.split(personId).join(people.get(personId) ?? personId);
      for (const d of report.doubleBookings) d.message = named(d.message, d.personId);
      for (const w of report.warnings) w.message = named(w.message, w.personId);
      return { agencyId: list[0]!.agency_id, agencyName: list[0]!.agency_name, rosterIds: list.map((r) => r.id), report };
    });
    return { period: toPeriodDto(period), ok: agencies.every((a) => a.report.ok), agencies };
  }

  /** Who is on duty at `at` (now by default) in every visible roster of the periods covering it. */
  async onDuty(actor: Actor, q: { at?: Date; agencyId?: string }): Promise<{ at: string; rosters: OnDutyRoster[] }> {
    const at = q.at ?? this.clock.now();
    const scope = readScope(actor);
    let underPath: string | undefined;
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      // A filter on an agency the actor cannot see simply matches nothing.
      if (!a || !inScope(scope, a.path)) return { at: at.toISOString(), rosters: [] };
      underPath = a.path;
    }
    const periods = await this.repos.periods.list(this.db, { scope: { all: true }, coveringAt: at });
    const rosters = await this.repos.rosters.listByPeriods(this.db, periods.map((p) => p.id), { scope, underPath });
    const periodById = new Map(periods.map((p) => [p.id, p]));
    const shifts = this.expand(rosters, periodById);
    const people = await this.displayNames(this.db, [...shifts.values()].flat().map((s) => s.personId));
    const rosterNames = new Map(rosters.map((r) => [r.id, r.name]));
    const view = (s: Shift) => toShiftView(s, people, rosterNames);
    return {
      at: at.toISOString(),
      rosters: rosters.map((r) => {
        const list = shifts.get(r.id)!;
        const next = nextHandover(list, at);
        return {
          roster: toRosterDto(r), period: toPeriodDto(periodById.get(r.period_id)!), onDuty: whoIsOnDuty(list, at).map(view),
          nextHandover: next && { at: next.at.toISOString(), outgoing: next.outgoing.map(view), incoming: next.incoming.map(view) },
        };
      }),
    };
  }

  /** A note for the person taking over at `at`, which must be a shift start of the roster. */
  async addHandoverNote(actor: Actor, rosterId: string, input: { at: Date; text: string }): Promise<HandoverNoteDto> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.visibleRoster(trx, actor, rosterId);
      assertCanEditRegistry(actor);
      const period = (await this.repos.periods.findById(trx, r.period_id))!;
      const starts = new Set(expandSchedule(toRoster(r), toPeriod(period)).map((s) => s.start.getTime()));
      if (!starts.has(input.at.getTime())) throw new ValidationError('The hand-over note is not valid', [{ field: '/at', message: 'must be the start of a shift of this roster' }]);
      if (!input.text.trim()) throw new ValidationError('The hand-over note is not valid', [{ field: '/text', message: 'must not be empty' }]);
      const row = { id: randomUUID(), roster_id: r.id, at: input.at, author_id: actor.via === 'system' ? null : actor.userId, text: input.text, created_at: this.clock.now() };
      await this.repos.rosters.insertNote(trx, row);
      const dto = toNoteDto(row);
      await this.audit.record(trx, actor, { action: 'duty.handover_note.create', entityType: 'duty_roster', entityId: r.id, agencyId: r.agency_id, summary: r.name, after: dto });
      return dto;
    });
  }

  // ---- iCalendar feeds

  async rosterCalendar(actor: Actor, rosterId: string): Promise<string> {
    const r = await this.visibleRoster(this.db, actor, rosterId);
    const period = (await this.repos.periods.findById(this.db, r.period_id))!;
    const shifts = expandSchedule(toRoster(r), toPeriod(period));
    const notes = (await this.repos.rosters.listNotes(this.db, [r.id])).map(toNote);
    const people = await this.displayNames(this.db, shifts.map((s) => s.personId));
    return rosterCalendar(r.id, shifts, { now: this.clock.now(), people, rosterNames: new Map([[r.id, r.name]]), notes });
  }

  /** The actor's own shifts across every roster, whichever agency planned them. */
  async personalCalendar(actor: Actor): Promise<string> {
    const now = this.clock.now();
    const rosters = await this.repos.rosters.listForPerson(this.db, actor.userId, new Date(now.getTime() - CALENDAR_HISTORY_MS));
    const periods = new Map<string, AlertPeriodWithPath>();
    for (const r of rosters) if (!periods.has(r.period_id)) periods.set(r.period_id, (await this.repos.periods.findById(this.db, r.period_id))!);
    const shifts = [...this.expand(rosters, periods).values()].flat();
    const notes = (await this.repos.rosters.listNotes(this.db, rosters.map((r) => r.id))).map(toNote);
    const people = await this.displayNames(this.db, [actor.userId]);
    return personCalendar(actor.userId, shifts, { now, people, rosterNames: new Map(rosters.map((r) => [r.id, r.name])), notes });
  }
}
