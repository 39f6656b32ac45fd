import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { SERIES_RANGES, type Series, type SeriesPoint, type SeriesRange } from '../../api/monitor-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Loading } from '../../components/status.tsx';
import { formatDateTime, formatDayMonth, formatMs, formatNumber, formatTimeOfDay } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useI18n } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RANGE_MS: Record<SeriesRange, number> = { '1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
/** Axis ticks per range: every 10 minutes, 3 hours, day, 5 days (doubled on narrow screens). */
const TICK_MS: Record<SeriesRange, number> = { '1h': 10 * 60_000, '24h': 3 * HOUR, '7d': DAY, '30d': 5 * DAY };
const BUCKET_MS: Record<Series['resolution'], number> = { raw: 0, minute: 60_000, hour: HOUR, day: DAY };
/** Vietnam is UTC+7 all year: ticks fall on round local hours and midnights. */
const VN_OFFSET = 7 * HOUR;

const M = { top: 12, right: 12, bottom: 44, left: 56 };
const FAIL_STRIP = 8;

/** The width of an element, followed as it resizes (the chart is drawn for the pixels it has). */
function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** A round upper bound and step for the latency axis: 1, 2 or 5 × 10ⁿ, at most 4 steps. */
function niceScale(max: number): { top: number; step: number } {
  const raw = Math.max(max, 1) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  return { top: Math.ceil(Math.max(max, 1) / step) * step, step };
}

interface Props {
  monitorId: string;
  /** Bumped by the page when new checks arrive, to redraw with them. */
  refreshKey: number;
}

/**
 * Latency over time, drawn by hand in SVG: the average as a line, the maximum as a band above
 * it, failed checks as red marks along the bottom. Times on the axis are Vietnam time.
 */
export function LatencyChart({ monitorId, refreshKey }: Props) {
  const { t } = useI18n();
  const [range, setRange] = useState<SeriesRange>('24h');
  const { data, error, loading } = useAsync(
    (signal) => api.get<Series>(`/monitors/${monitorId}/series`, { range }, signal),
    `${monitorId}:${range}:${refreshKey}`,
  );
  const [boxRef, width] = useWidth<HTMLDivElement>();

  return (
    <div className="chart" data-testid="latency-chart">
      <div className="chart__toolbar">
        <div className="segmented" role="group" aria-label={t('monitor.rangeLabel')}>
          {SERIES_RANGES.map((r) => (
            <button key={r} type="button" className={r === range ? 'is-active' : undefined} aria-pressed={r === range} onClick={() => setRange(r)} data-testid={`range-${r}`}>
              {t(`monitor.range.${r}` as MessageKey)}
            </button>
          ))}
        </div>
        {data && <span className="muted small">{t('chart.resolution', { res: t(`chart.res.${data.resolution}` as MessageKey) })}</span>}
      </div>
      <ErrorBanner error={error} />
      <div ref={boxRef} className={`chart__box${loading && data ? ' is-loading' : ''}`}>
        {loading && !data ? <Loading /> : data && width > 0 ? <ChartSvg series={data} range={range} width={width} /> : null}
      </div>
    </div>
  );
}

function ChartSvg({ series, range, width }: { series: Series; range: SeriesRange; width: number }) {
  const { t, locale } = useI18n();
  const [hover, setHover] = useState<number | null>(null);
  const points = series.points;
  const height = width < 520 ? 190 : 250;
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const bucket = BUCKET_MS[series.resolution] ?? 0;
  // The range ends now; each point sits in the middle of its bucket.
  const end = Date.now();
  const start = end - RANGE_MS[range];
  const time = (p: SeriesPoint) => new Date(p.t).getTime() + bucket / 2;
  const x = (ms: number) => M.left + ((ms - start) / (end - start)) * plotW;

  const latencies = points.flatMap((p) => [p.latencyMaxMs ?? p.latencyAvgMs].filter((v): v is number => v !== null));
  const { top, step } = niceScale(latencies.length ? Math.max(...latencies) : 100);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;

  // A line breaks where there is no latency or where points are missing (a gap longer than 2.5 buckets).
  const deltas = points.slice(1).map((p, i) => time(p) - time(points[i]!));
  const typical = bucket || [...deltas].sort((a, b) => a - b)[Math.floor(deltas.length / 2)] || 60_000;
  const segments: SeriesPoint[][] = [];
  let current: SeriesPoint[] = [];
  points.forEach((p, i) => {
    const gap = i > 0 && time(p) - time(points[i - 1]!) > typical * 2.5;
    if (p.latencyAvgMs === null || gap) {
      if (current.length) segments.push(current);
      current = [];
    }
    if (p.latencyAvgMs !== null) current.push(p);
  });
  if (current.length) segments.push(current);

  const linePath = (seg: SeriesPoint[]) => seg.map((p, i) => `${i ? 'L' : 'M'}${x(time(p)).toFixed(1)},${y(p.latencyAvgMs!).toFixed(1)}`).join('');
  const bandPath = (seg: SeriesPoint[]) =>
    seg.map((p, i) => `${i ? 'L' : 'M'}${x(time(p)).toFixed(1)},${y(p.latencyMaxMs ?? p.latencyAvgMs!).toFixed(1)}`).join('') +
    [...seg].reverse().map((p) => `L${x(time(p)).toFixed(1)},${y(p.latencyAvgMs!).toFixed(1)}`).join('') +
    'Z';

  const tickStep = TICK_MS[range] * (width < 520 ? 2 : 1);
  const ticks: number[] = [];
  for (let tick = Math.ceil((start + VN_OFFSET) / tickStep) * tickStep - VN_OFFSET; tick <= end; tick += tickStep) ticks.push(tick);
  const tickLabel = (ms: number) => (tickStep >= DAY ? formatDayMonth(ms) : formatTimeOfDay(ms));
  const yTicks: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) yTicks.push(v);

  const barW = Math.max(2, bucket ? (bucket / (end - start)) * plotW : 3);
  const stripY = M.top + plotH + 4;

  const checks = points.reduce((a, p) => a + p.checks, 0);
  const failures = points.reduce((a, p) => a + p.failures, 0);
  const weighted = points.filter((p) => p.latencyAvgMs !== null && p.checks > p.failures);
  const okChecks = weighted.reduce((a, p) => a + (p.checks - p.failures), 0);
  const avg = okChecks ? weighted.reduce((a, p) => a + p.latencyAvgMs! * (p.checks - p.failures), 0) / okChecks : null;
  const max = latencies.length ? Math.max(...points.map((p) => p.latencyMaxMs ?? p.latencyAvgMs ?? 0)) : null;
  // Some resolutions (or servers) give no per-point maximum: then there is no band to explain.
  const hasMax = points.some((p) => p.latencyMaxMs !== null);
  const label = t('chart.label', {
    range: t(`monitor.range.${range}` as MessageKey),
    avg: formatMs(avg, locale),
    max: formatMs(max, locale),
    failures: formatNumber(failures, locale),
    checks: formatNumber(checks, locale),
  });

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!points.length) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const ms = start + ((e.clientX - rect.left - M.left) / plotW) * (end - start);
    let best = 0;
    points.forEach((p, i) => {
      if (Math.abs(time(p) - ms) < Math.abs(time(points[best]!) - ms)) best = i;
    });
    setHover(best);
  };
  const hp = hover !== null ? points[hover] : undefined;

  return (
    <>
      {points.length === 0 ? (
        <p className="status status--empty">{t('chart.empty')}</p>
      ) : (
        <div className="chart__plot">
          <svg width={width} height={height} role="img" aria-label={label} onPointerMove={onMove} onPointerLeave={() => setHover(null)} data-testid="latency-chart-svg">
            <title>{label}</title>
            {yTicks.map((v) => (
              <g key={v}>
                <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} className="chart__grid" />
                <text x={M.left - 6} y={y(v) + 4} className="chart__label" textAnchor="end">
                  {formatMs(v, locale)}
                </text>
              </g>
            ))}
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={x(tick)} x2={x(tick)} y1={M.top} y2={M.top + plotH} className="chart__grid chart__grid--v" />
                <text x={x(tick)} y={height - 8} className="chart__label" textAnchor={x(tick) > width - M.right - 18 ? 'end' : 'middle'}>
                  {tickLabel(tick)}
                </text>
              </g>
            ))}
            {points.map((p) =>
              p.failures > 0 ? (
                <g key={`f${p.t}`} className="chart__failure">
                  <rect x={x(time(p)) - barW / 2} y={M.top} width={barW} height={plotH} className="chart__failure-band" />
                  <rect x={x(time(p)) - barW / 2} y={stripY} width={barW} height={FAIL_STRIP} style={{ opacity: 0.35 + 0.65 * Math.min(1, p.failures / Math.max(1, p.checks)) }} className="chart__failure-mark" />
                </g>
              ) : null,
            )}
            {hasMax && segments.map((seg, i) => <path key={`b${i}`} d={bandPath(seg)} className="chart__band" />)}
            {segments.map((seg, i) =>
              seg.length > 1 ? (
                <path key={`l${i}`} d={linePath(seg)} className="chart__line" />
              ) : (
                <circle key={`l${i}`} cx={x(time(seg[0]!))} cy={y(seg[0]!.latencyAvgMs!)} r="2.5" className="chart__dot" />
              ),
            )}
            <line x1={M.left} x2={width - M.right} y1={M.top + plotH} y2={M.top + plotH} className="chart__axis" />
            {hp && (
              <g className="chart__hover">
                <line x1={x(time(hp))} x2={x(time(hp))} y1={M.top} y2={M.top + plotH} />
                {hp.latencyAvgMs !== null && <circle cx={x(time(hp))} cy={y(hp.latencyAvgMs)} r="4" />}
              </g>
            )}
          </svg>
          {hp && (
            <div className="chart__tooltip" style={{ left: Math.min(Math.max(x(time(hp)), 90), width - 90) }} role="presentation">
              <strong>{formatDateTime(hp.t)}</strong>
              <span>
                {t('chart.avg')}: {formatMs(hp.latencyAvgMs, locale)}
              </span>
              {hp.latencyMaxMs !== null && (
                <span>
                  {t('chart.max')}: {formatMs(hp.latencyMaxMs, locale)}
                </span>
              )}
              <span className={hp.failures ? 'text-danger' : undefined}>
                {t('chart.failuresOf', { failures: hp.failures, checks: hp.checks })}
              </span>
            </div>
          )}
        </div>
      )}
      <ul className="chart__legend">
        <li>
          <span className="chart__key chart__key--line" aria-hidden="true" /> {t('chart.avg')}: <strong>{formatMs(avg, locale)}</strong>
        </li>
        <li>
          {hasMax && <span className="chart__key chart__key--band" aria-hidden="true" />} {t('chart.max')}: <strong>{formatMs(max, locale)}</strong>
        </li>
        <li>
          <span className="chart__key chart__key--fail" aria-hidden="true" /> {t('chart.failuresOf', { failures: formatNumber(failures, locale), checks: formatNumber(checks, locale) })}
        </li>
      </ul>
    </>
  );
}
