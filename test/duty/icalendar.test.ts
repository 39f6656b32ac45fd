import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, escapeText, foldLine, personCalendar, rosterCalendar } from '../../server/src/duty/icalendar.ts';
import { expandSchedule } from '../../server/src/duty/schedule.ts';
import type { HandoverNote } from '../../server/src/duty/roster.ts';
import { nationalDay, socRoster } from './fixtures.ts';

const now = new Date('2026-08-20T03:04:05.678Z');
const people = new Map([['an', 'Nguyễn Văn An'], ['binh', 'Trần Thị Bình'], ['chi', 'Lê Chí'], ['dung', 'Phạm Dũng']]);
const rosterNames = new Map([['soc', 'Trung tâm SOC']]);
const shifts = expandSchedule(socRoster(), nationalDay());

/** A tiny reader: unfold (CRLF + one space/tab), split, name;params:value, unescape TEXT. */
function parse(ics: string): { name: string; value: string }[] {
  assert.ok(ics.endsWith('\r\n'), 'ends with CRLF');
  assert.doesNotMatch(ics.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  for (const physical of ics.slice(0, -2).split('\r\n')) {
    assert.ok(Buffer.byteLength(physical, 'utf8') <= 75, `line over 75 octets: ${physical}`);
    assert.ok(!physical.includes('\uFFFD'), 'no broken character');
  }
  return ics.slice(0, -2).replace(/\r\n[ \t]/g, '').split('\r\n').map((line) => {
    const colon = line.indexOf(':');
    assert.ok(colon > 0, `content line without a colon: ${line}`);
    const value = line.slice(colon + 1).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    return { name: line.slice(0, colon), value };
  });
}

test('a roster feed: calendar headers, one VEVENT per shift with UTC times and a stable UID', () => {
  const ics = rosterCalendar('soc', shifts, { now, people, rosterNames });
  const props = parse(ics);
  assert.deepEqual(props.slice(0, 6).map((p) => `${p.name}:${p.value}`), [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vigil//Duty roster//VI', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Trực ban: Trung tâm SOC',
  ]);
  assert.equal(props.at(-1)!.name + ':' + props.at(-1)!.value, 'END:VCALENDAR');
  assert.equal(props.filter((p) => p.name === 'BEGIN' && p.value === 'VEVENT').length, shifts.length);
  const first = props.slice(props.findIndex((p) => p.value === 'VEVENT'));
  assert.deepEqual(first.slice(1, 6).map((p) => `${p.name}:${p.value}`), [
    'UID:soc-20260829T110000Z@vigil',
    'DTSTAMP:20260820T030405Z',
    'DTSTART:20260829T110000Z',
    'DTEND:20260829T130000Z',
    'SUMMARY:Trực ban: Trung tâm SOC — Nguyễn Văn An',
  ]);
  // Same input, same bytes: UIDs survive regeneration, so clients update instead of duplicating.
  assert.equal(rosterCalendar('soc', shifts, { now, people, rosterNames }), ics);
});

test('a person feed holds only that person’s shifts', () => {
  const props = parse(personCalendar('binh', shifts, { now, people, rosterNames }));
  assert.equal(props.find((p) => p.name === 'X-WR-CALNAME')!.value, 'Lịch trực: Trần Thị Bình');
  const summaries = props.filter((p) => p.name === 'SUMMARY').map((p) => p.value);
  assert.equal(summaries.length, 3);
  assert.ok(summaries.every((s) => s.endsWith('— Trần Thị Bình')));
});

test('TEXT escaping of backslash, comma, semicolon and newlines', () => {
  assert.equal(escapeText('a\\b,c;d\ne\r\nf\rg'), 'a\\\\b\\,c\\;d\\ne\\nf\\ng');
  assert.equal(escapeText('tab\tok\u0000\u0007\u007f'), 'tab\tok');
});

test('folding counts UTF-8 octets and never splits a Vietnamese character', () => {
  const text = 'Bàn giao ca trực: hệ thống cổng thông tin điện tử của Bộ đã được kiểm tra toàn bộ, '
    + 'phát hiện hai cảnh báo về chứng chỉ sắp hết hạn; đề nghị ca sau liên hệ đồng chí Trưởng phòng để gia hạn trước 10 giờ sáng ngày 2/9.';
  const line = `DESCRIPTION:${escapeText(text)}`;
  const folded = foldLine(line);
  const physical = folded.split('\r\n');
  assert.ok(physical.length > 3);
  for (const [i, p] of physical.entries()) {
    const octets = Buffer.byteLength(p, 'utf8');
    assert.ok(octets <= 75, `${octets} octets`);
    if (i > 0) assert.equal(p[0], ' ');
    // Byte-accurate: a line is only cut short when the next character would not fit.
    if (i < physical.length - 1) {
      const next = [...physical[i + 1]!.slice(1)][0]!;
      assert.ok(octets + Buffer.byteLength(next, 'utf8') > 75, `line ${i} cut early`);
    }
  }
  assert.equal(folded.replace(/\r\n /g, ''), line);
  // Round trip through bytes: nothing was split inside a multi-byte sequence.
  assert.equal(Buffer.from(folded, 'utf8').toString('utf8'), folded);
  assert.equal(foldLine('A'.repeat(75)), 'A'.repeat(75));
  assert.equal(foldLine('A'.repeat(76)), `${'A'.repeat(75)}\r\n A`);
  // 'ệ' is 3 octets: 74 ASCII + 'ệ' = 77 > 75, so 'ệ' moves whole to the next line.
  assert.equal(foldLine(`${'A'.repeat(74)}ệ`), `${'A'.repeat(74)}\r\n ệ`);
});

test('the hand-over note goes into DESCRIPTION and parses back exactly', () => {
  const note = 'Bàn giao: máy chủ web-01 chậm; đã báo nhà cung cấp, chờ phản hồi.\nKiểm tra lại lúc 22:00, nếu cần gọi 0912\\345.';
  const notes: HandoverNote[] = [{ rosterId: 'soc', at: shifts[1]!.start, authorId: 'an', text: note, createdAt: now }];
  const props = parse(rosterCalendar('soc', shifts, { now, people, rosterNames, notes }));
  const descriptions = props.filter((p) => p.name === 'DESCRIPTION').map((p) => p.value);
  assert.deepEqual(descriptions, [`Bàn giao: ${note}`]);
});

test('a name cannot inject properties: CR/LF and separators are escaped, not emitted', () => {
  const evil = 'Mallory\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT;X=1,2';
  const evilRoster = 'SOC\nMETHOD:CANCEL';
  const ics = buildCalendar(shifts.slice(0, 2).map((s) => ({ ...s, personId: 'm' })), {
    calendarName: 'X\r\nX-INJECTED:1', now, people: new Map([['m', evil]]), rosterNames: new Map([['soc', evilRoster]]),
    notes: [{ rosterId: 'soc', at: shifts[0]!.start, authorId: 'm', text: 'ok\r\nDTSTART:19700101T000000Z', createdAt: now }],
  });
  const props = parse(ics);
  const names = props.map((p) => p.name);
  assert.ok(!names.includes('ATTENDEE'));
  assert.ok(!names.includes('X-INJECTED'));
  assert.equal(names.filter((n) => n === 'METHOD').length, 1);
  assert.equal(names.filter((n) => n === 'DTSTART').length, 2);
  assert.equal(names.filter((n) => n === 'BEGIN').length, 3); // VCALENDAR + 2 VEVENT
  assert.equal(props.filter((p) => p.name === 'SUMMARY')[0]!.value, `Trực ban: SOC\nMETHOD:CANCEL — Mallory\nATTENDEE:mailto:evil@example.com\nEND:VEVENT\nBEGIN:VEVENT;X=1,2`);
  assert.equal(props.find((p) => p.name === 'X-WR-CALNAME')!.value, 'X\nX-INJECTED:1');
});

test('UIDs are unique across rosters in a person feed and encode odd roster ids', () => {
  const a = expandSchedule(socRoster({ id: 'a;b,c d' }), nationalDay());
  const b = expandSchedule(socRoster({ id: 'other' }), nationalDay());
  const props = parse(personCalendar('an', [...a, ...b], { now, people, rosterNames }));
  const uids = props.filter((p) => p.name === 'UID').map((p) => p.value);
  assert.equal(new Set(uids).size, uids.length);
  assert.ok(uids.includes('a%3Bb%2Cc%20d-20260829T110000Z@vigil'));
});
