import type { AlertPeriod, HandoverNote, Roster, Shift } from '../duty/roster.ts';
import type { AlertPeriodWithPath } from '../repositories/alert-period.repository.ts';
import type { DutyRosterWithAgency, HandoverNoteRow } from '../repositories/duty-roster.repository.ts';

/**
 * Stored duty rows ↔ the duty domain's shapes ↔ what the API sends. Instants leave as ISO
 * strings so responses look the same on PGlite and PostgreSQL.
 */
export interface AlertPeriodDto {
  id: string;
  name: string;
  start: string;
  end: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  /** Null: the whole province. */
  agencyId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DutyRosterDto {
  id: string;
  periodId: string;
  agencyId: string;
  agencyName: string;
  name: string;
  timeZone: string;
  members: string[];
  rotation: Roster['rotation'];
  overrides: NonNullable<Roster['overrides']>;
  swaps: NonNullable<Roster['swaps']>;
  createdAt: string;
  updatedAt: string;
}

export interface ShiftView {
  id: string;
  rosterId: string;
  rosterName: string;
  personId: string;
  personName: string;
  start: string;
  end: string;
  source: Shift['source'];
  sourceId: string | null;
}

export interface HandoverNoteDto {
  id: string;
  rosterId: string;
  at: string;
  authorId: string | null;
  text: string;
  createdAt: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toPeriod(p: AlertPeriodWithPath): AlertPeriod {
  return { id: p.id, name: p.name, start: p.start_local, end: p.end_local, timeZone: p.time_zone };
}

export function toRoster(r: DutyRosterWithAgency): Roster {
  return { id: r.id, name: r.name, agencyId: r.agency_id, timeZone: r.time_zone, members: r.members, rotation: r.rotation, overrides: r.overrides, swaps: r.swaps };
}

export function toNote(n: HandoverNoteRow): HandoverNote {
  return { rosterId: n.roster_id, at: new Date(n.at), authorId: n.author_id ?? '', text: n.text, createdAt: new Date(n.created_at) };
}

export function toPeriodDto(p: AlertPeriodWithPath): AlertPeriodDto {
  return {
    id: p.id, name: p.name, start: p.start_local, end: p.end_local, timeZone: p.time_zone,
    startsAt: iso(p.starts_at), endsAt: iso(p.ends_at), agencyId: p.agency_id, createdAt: iso(p.created_at), updatedAt: iso(p.updated_at),
  };
}

export function toRosterDto(r: DutyRosterWithAgency): DutyRosterDto {
  return {
    id: r.id, periodId: r.period_id, agencyId: r.agency_id, agencyName: r.agency_name, name: r.name, timeZone: r.time_zone,
    members: r.members, rotation: r.rotation, overrides: r.overrides, swaps: r.swaps, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

export function toNoteDto(n: HandoverNoteRow): HandoverNoteDto {
  return { id: n.id, rosterId: n.roster_id, at: iso(n.at), authorId: n.author_id, text: n.text, createdAt: iso(n.created_at) };
}

export function toShiftView(s: Shift, people: ReadonlyMap<string, string>, rosterNames: ReadonlyMap<string, string>): ShiftView {
  return {
    id: s.id, rosterId: s.rosterId, rosterName: rosterNames.get(s.rosterId) ?? s.rosterId, personId: s.personId,
    personName: people.get(s.personId) ?? s.personId, start: s.start.toISOString(), end: s.end.toISOString(), source: s.source, sourceId: s.sourceId ?? null,
  };
}
