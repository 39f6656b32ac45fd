import { Empty } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { ShiftView } from './duty-types.ts';
import { dayToVn, zonedDateTime, zonedDay, zonedTime } from './duty-time.ts';

/**
 * The shifts grouped by the local day they start on: "20:00 – 08:00 (31/08) An". A shift that
 * ends on another day says which, so a night shift cannot be read as ending the same morning.
 */
export function RosterSchedule({ shifts, timeZone }: { shifts: readonly ShiftView[]; timeZone: string }) {
  const t = useT();
  if (shifts.length === 0) return <Empty text={t('duty.schedule.none')} />;
  const days = new Map<string, ShiftView[]>();
  for (const s of shifts) {
    const day = zonedDay(s.start, timeZone);
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  return (
    <div data-testid="roster-schedule">
      <p className="small muted">{t('duty.schedule.timeZone', { tz: timeZone })}</p>
      {[...days].map(([day, list]) => (
        <section key={day} className="duty-day">
          <h3>{dayToVn(day)}</h3>
          <ul className="duty-list">
            {list.map((s) => {
              const endDay = zonedDay(s.end, timeZone);
              return (
                <li key={s.id} className="duty-shift" data-testid="schedule-shift">
                  <span className="duty-shift__time" title={`${zonedDateTime(s.start, timeZone)} – ${zonedDateTime(s.end, timeZone)}`}>
                    {zonedTime(s.start, timeZone)} – {zonedTime(s.end, timeZone)}
                    {endDay !== day && <span className="muted"> ({dayToVn(endDay).slice(0, 5)})</span>}
                  </span>
                  <span>{s.personName}</span>
                  {s.source !== 'rotation' && <span className={`badge ${s.source === 'override' ? 'badge--warn' : 'badge--info'}`}>{t(`duty.schedule.source.${s.source}`)}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
