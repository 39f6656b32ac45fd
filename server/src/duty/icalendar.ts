import { type HandoverNote, type Shift } from './roster.ts';

/**
 * RFC 5545 feeds of duty shifts (per roster, per person) for phone and desktop calendars.
 * Times are UTC ("Z"): no VTIMEZONE to get wrong, and every client shows local time itself.
 * Names and notes come from users, so every TEXT value is escaped and stripped of control
 * characters: a raw CR or LF can never reach the output, so a name cannot add properties.
 */
export interface CalendarOptions {
  /** X-WR-CALNAME. */
  calendarName: string;
  /** DTSTAMP of every event (the library never reads the clock). */
  now: Date;
  /** Person id → display name; the id is shown when missing. */
  people: ReadonlyMap<string, string>;
  /** Roster id → name; the id is shown when missing. */
  rosterNames: ReadonlyMap<string, string>;
  notes?: readonly HandoverNote[];
  prodId?: string;
  /** Right-hand side of UIDs. */
  uidDomain?: string;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT escaping (RFC 5545 §3.3.11); newlines become `\n`, other control characters go. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n|\u2028|\u2029|\u0085/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * Folds one content line to at most 75 octets per physical line (§3.1), counting UTF-8
 * bytes and cutting only between code points, so a Vietnamese letter is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      // The continuation line's leading space counts towards its 75 octets.
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** `YYYYMMDDTHHMMSSZ`. */
export function formatUtc(t: Date): string {
  return t.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function noteFor(shift: Shift, notes: readonly HandoverNote[]): string[] {
  return notes
    .filter((n) => n.rosterId === shift.rosterId && n.at.getTime() === shift.start.getTime())
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((n) => n.text);
}

function eventLines(shift: Shift, opts: CalendarOptions): string[] {
  const roster = opts.rosterNames.get(shift.rosterId) ?? shift.rosterId;
  const person = opts.people.get(shift.personId) ?? shift.personId;
  // Roster id + start is unique (a roster's shifts never overlap) and survives re-expansion.
  const uid = `${encodeURIComponent(shift.rosterId)}-${formatUtc(shift.start)}@${opts.uidDomain ?? 'vigil'}`;
  const description: string[] = [];
  const notes = noteFor(shift, opts.notes ?? []);
  if (notes.length) description.push(`Bàn giao: ${notes.join('\n\n')}`);
  if (shift.source === 'override') description.push('Trực thay (override)');
  if (shift.source === 'swap') description.push('Đổi ca (swap)');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(uid)}`,
    `DTSTAMP:${formatUtc(opts.now)}`,
    `DTSTART:${formatUtc(shift.start)}`,
    `DTEND:${formatUtc(shift.end)}`,
    `SUMMARY:${escapeText(`Trực ban: ${roster} — ${person}`)}`,
  ];
  if (description.length) lines.push(`DESCRIPTION:${escapeText(description.join('\n'))}`);
  lines.push('END:VEVENT');
  return lines;
}

/** A VCALENDAR with one VEVENT per shift, CRLF line endings, folded. */
export function buildCalendar(shifts: readonly Shift[], opts: CalendarOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.prodId ?? '-//Vigil//Duty roster//VI')}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.calendarName)}`,
    ...[...shifts]
      .sort((a, b) => a.start.getTime() - b.start.getTime() || a.rosterId.localeCompare(b.rosterId))
      .flatMap((s) => eventLines(s, opts)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The feed of one roster: every shift in it, whoever works it. */
export function rosterCalendar(rosterId: string, shifts: readonly Shift[], opts: Omit<CalendarOptions, 'calendarName'> & { calendarName?: string }): string {
  const name = opts.rosterNames.get(rosterId) ?? rosterId;
  return buildCalendar(shifts.filter((s) => s.rosterId === rosterId), { ...opts, calendarName: opts.calendarName ?? `Trực ban: ${name}` });
}

/** The feed of one person: their shifts across every roster given. */
export function personCalendar(personId: string, shifts: readonly Shift[], opts: Omit<CalendarOptions, 'calendarName'> & { calendarName?: string }): string {
  const name = opts.people.get(personId) ?? personId;
  return buildCalendar(shifts.filter((s) => s.personId === personId), { ...opts, calendarName: opts.calendarName ?? `Lịch trực: ${name}` });
}
