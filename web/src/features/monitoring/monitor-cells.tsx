import type { Uptime } from '../../api/monitor-types.ts';
import { formatDateTime, formatMs, formatPercent, formatRelative } from '../../lib/format.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { asState, STATE_ICON, stateKey, TLS_CRITICAL_DAYS, TLS_WARN_DAYS } from './monitor-labels.ts';

/** The state as colour, glyph and word; the reason (server text) as its tooltip. */
export function StateBadge({ state, reason, large }: { state: string; reason?: string | null; large?: boolean }) {
  const { t } = useI18n();
  const s = asState(state);
  return (
    <span className={`badge state state--${s}${large ? ' state--large' : ''}`} title={reason ?? undefined} data-testid="monitor-state" data-state={s}>
      <span className="state__icon" aria-hidden="true">
        {STATE_ICON[s]}
      </span>
      {t(stateKey(s))}
    </span>
  );
}

/** "Paused" and "flapping" next to the state, when they apply. */
export function MonitorFlags({ paused, flapping }: { paused: boolean; flapping: boolean }) {
  const { t } = useI18n();
  if (!paused && !flapping) return null;
  return (
    <>
      {paused && (
        <span className="badge badge--muted" data-testid="monitor-paused">
          ❚❚ {t('monitor.paused')}
        </span>
      )}
      {flapping && (
        <span className="badge badge--warn" title={t('monitor.flappingWarning')}>
          ↯ {t('monitor.flapping')}
        </span>
      )}
    </>
  );
}

const SPARK_W = 100;
const SPARK_H = 24;

/**
 * The latest latencies as a tiny line (oldest left); failed checks are red ticks on the
 * baseline. The numbers it stands for are in its accessible name.
 */
export function Sparkline({ values }: { values: readonly (number | null)[] }) {
  const { t, locale } = useI18n();
  const ok = values.filter((v): v is number => v !== null);
  if (values.length === 0) return <span className="muted small">{t('monitor.sparklineEmpty')}</span>;
  const max = Math.max(1, ...ok);
  const step = values.length > 1 ? SPARK_W / (values.length - 1) : 0;
  const x = (i: number) => (values.length > 1 ? i * step : SPARK_W / 2);
  const y = (v: number) => SPARK_H - 2 - (v / max) * (SPARK_H - 5);
  // One polyline per run of successful checks: a failure breaks the line.
  const runs: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length) runs.push(run.join(' '));
  const avg = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
  const failed = values.length - ok.length;
  const label = t('monitor.sparklineLabel', {
    n: values.length,
    avg: formatMs(avg, locale),
    max: ok.length ? formatMs(max, locale) : '—',
    failed,
  });
  return (
    <svg className="sparkline" width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} role="img" aria-label={label}>
      <title>{label}</title>
      {runs.map((points, i) =>
        points.includes(' ') ? (
          <polyline key={i} points={points} className="sparkline__line" />
        ) : (
          <circle key={i} cx={points.split(',')[0]} cy={points.split(',')[1]} r="1.5" className="sparkline__dot" />
        ),
      )}
      {values.map((v, i) => (v === null ? <rect key={`f${i}`} x={Math.max(0, x(i) - 1.5)} y={SPARK_H - 6} width="3" height="6" className="sparkline__fail" /> : null))}
    </svg>
  );
}

/** Days until the certificate expires: amber below 14, red below 3 or when expired. */
export function TlsDays({ days }: { days: number | null }) {
  const { t } = useI18n();
  if (days === null) return <span className="muted">—</span>;
  const tone = days < TLS_CRITICAL_DAYS ? 'badge--danger' : days < TLS_WARN_DAYS ? 'badge--warn' : 'badge--ok';
  return (
    <span className={`badge badge--wrap ${tone}`} title={t('monitor.tlsTitle', { n: days })} data-testid="monitor-tls-days">
      {days < 0 ? t('monitor.tlsExpired', { n: -days }) : t('monitor.tlsDays', { n: days })}
    </span>
  );
}

/** "3 phút trước", with the exact time on hover (and to screen readers through <time>). */
export function RelativeTime({ iso, now, empty }: { iso: string | null; now: number; empty?: string }) {
  const { locale } = useI18n();
  if (!iso) return <span className="muted">{empty ?? '—'}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso, true)}>
      {formatRelative(iso, locale, now)}
    </time>
  );
}

function uptimeTone(v: number | null): string {
  if (v === null) return 'muted';
  if (v < 95) return 'uptime--bad';
  if (v < 99) return 'uptime--warn';
  return 'uptime--good';
}

/** 24 h / 7 d / 30 d uptime; compact in a table, labelled tiles on the monitor page. */
export function UptimeFigures({ uptime, tiles }: { uptime: Uptime; tiles?: boolean }) {
  const { t, locale } = useI18n();
  const periods = [
    ['h24', t('monitor.uptime24h')],
    ['d7', t('monitor.uptime7d')],
    ['d30', t('monitor.uptime30d')],
  ] as const;
  if (tiles) {
    return (
      <dl className="stats stats--uptime" data-testid="monitor-uptime">
        {periods.map(([k, label]) => (
          <div key={k}>
            <dt>{t('monitor.uptimeIn', { period: label })}</dt>
            <dd className={uptimeTone(uptime[k])}>{formatPercent(uptime[k], locale)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <span className="uptime">
      {periods.map(([k, label]) => (
        <span key={k} className="uptime__item" title={`${t('monitor.uptime')} ${label}`}>
          <span className="uptime__label">{label}</span>
          <span className={uptimeTone(uptime[k])}>{formatPercent(uptime[k], locale)}</span>
        </span>
      ))}
    </span>
  );
}
