import { fieldError } from '../../api/api-error.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';

/**
 * The duty domain words its field errors in English (server/src/duty/roster-validation.ts);
 * these patterns turn them into the catalogue's Vietnamese. Anything not listed is passed on
 * as the server wrote it (form-fields translates the generic ones).
 */
const PATTERNS: [RegExp, MessageKey][] = [
  [/^must be a local date-time/, 'duty.msg.localDateTime'],
  [/^must be after the start$/, 'duty.msg.afterStart'],
  [/^the period must not be longer than (\d+) days$/, 'duty.msg.tooLong'],
  [/^unknown time zone/, 'duty.msg.timeZone'],
  [/^must not be empty$/, 'duty.msg.notEmpty'],
  [/^must be a time HH:mm/, 'duty.msg.time'],
  [/^must be a whole number of hours/, 'duty.msg.shiftHours'],
  [/^a shift must not be longer than the alert period$/, 'duty.msg.shiftLongerThanPeriod'],
  [/^too many shifts/, 'duty.msg.tooManyShifts'],
  [/is listed more than once$/, 'duty.msg.listedTwice'],
  [/^no such user/, 'duty.msg.noUser'],
  [/^is before the alert period starts$/, 'duty.msg.beforePeriod'],
  [/^is after the alert period ends$/, 'duty.msg.afterPeriod'],
  [/^must be after from$/, 'duty.msg.afterFrom'],
  [/^overlaps override/, 'duty.msg.overlapOverride'],
  [/^no shift starts at/, 'duty.msg.noShiftStarts'],
  [/^no shift ".*" in this period$/, 'duty.msg.noSuchShift'],
  [/^must be a different shift from shiftA$/, 'duty.msg.sameShift'],
  [/^both shifts belong to the same person$/, 'duty.msg.samePerson'],
  [/^shift is already exchanged/, 'duty.msg.alreadySwapped'],
  [/^must be the start of a shift of this roster$/, 'duty.msg.handoverAt'],
  [/^must be the alert period's agency or one under it$/, 'duty.msg.periodAgency'],
  [/^must be a day of the alert period$/, 'duty.msg.reportDate'],
];

export function translateDutyMessage(t: TFunction, message: string): string {
  // fieldError prefixes a nested item's path ("1: …"); keep it in front.
  const m = /^([\w/]+: )?(.*)$/s.exec(message)!;
  const prefix = m[1] ?? '';
  const body = m[2]!;
  for (const [re, key] of PATTERNS) {
    const hit = re.exec(body);
    if (hit) return prefix + t(key, { n: hit[1] ?? '' });
  }
  return message;
}

/** fieldError, in Vietnamese when the duty domain said it. */
export function dutyFieldError(t: TFunction, err: unknown, field: string): string | undefined {
  const e = fieldError(err, field);
  return e === undefined ? undefined : translateDutyMessage(t, e);
}
