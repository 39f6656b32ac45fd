import { SLOT_COUNT, type RollupLevel } from './rollup-periods.ts';

/**
 * Packed slots of one rollup row (monitor_rollups.slots). Fixed-width records, one per slot:
 *
 *   level 1 (minute slots): n u8, down u8, degraded u8, latency u16  =  5 bytes × 60 = 300 B
 *   level 2 (hour slots):   n u16, down u16, degraded u16, latency u16 = 8 bytes × 24 = 192 B
 *   level 3 (day slots):    n u32, down u32, degraded u32, latency u16 = 14 bytes × 31 = 434 B
 *
 * n = checks in the slot, down/degraded = how many had that status, latency = mean latency
 * of the successful (up or degraded) checks in ms, 0xFFFF when there was none. Counts
 * saturate at the field's maximum (only reachable with test intervals below 2 s); latency
 * saturates at 65,534 ms (the longest timeout is 120 s, but an answer that slow is a failure).
 * An empty slot has n = 0. Arrays of smallint/int would take about twice the space (a 24-byte
 * header per array and 4-byte latencies), and rows stay below PostgreSQL's 2 kB TOAST threshold.
 */
export interface SlotStats {
  n: number;
  down: number;
  degraded: number;
  /** Mean latency of the successful checks, null when none succeeded. */
  latencyMs: number | null;
}

const COUNT_BYTES: Record<RollupLevel, 1 | 2 | 4> = { 1: 1, 2: 2, 3: 4 };
const NO_LATENCY = 0xffff;

export function recordBytes(level: RollupLevel): number {
  return COUNT_BYTES[level] * 3 + 2;
}

function clamp(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : Math.round(v);
}

export function encodeSlots(level: RollupLevel, slots: readonly (SlotStats | null | undefined)[]): Uint8Array {
  const count = SLOT_COUNT[level];
  const width = COUNT_BYTES[level];
  const size = recordBytes(level);
  const max = width === 1 ? 0xff : width === 2 ? 0xffff : 0xffffffff;
  const buf = new Uint8Array(count * size);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < count; i++) {
    const s = slots[i];
    const o = i * size;
    const put = (at: number, v: number) => {
      const c = clamp(v, max);
      if (width === 1) view.setUint8(at, c);
      else if (width === 2) view.setUint16(at, c);
      else view.setUint32(at, c);
    };
    if (!s || s.n <= 0) {
      view.setUint16(o + width * 3, NO_LATENCY);
      continue;
    }
    put(o, s.n);
    put(o + width, s.down);
    put(o + width * 2, s.degraded);
    view.setUint16(o + width * 3, s.latencyMs === null ? NO_LATENCY : clamp(s.latencyMs, NO_LATENCY - 1));
  }
  return buf;
}

export function decodeSlots(level: RollupLevel, bytes: Uint8Array): (SlotStats | null)[] {
  const width = COUNT_BYTES[level];
  const size = recordBytes(level);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const get = (at: number) => (width === 1 ? view.getUint8(at) : width === 2 ? view.getUint16(at) : view.getUint32(at));
  const out: (SlotStats | null)[] = [];
  const count = Math.min(SLOT_COUNT[level], Math.floor(bytes.byteLength / size));
  for (let i = 0; i < count; i++) {
    const o = i * size;
    const n = get(o);
    if (n === 0) {
      out.push(null);
      continue;
    }
    const lat = view.getUint16(o + width * 3);
    out.push({ n, down: get(o + width), degraded: get(o + width * 2), latencyMs: lat === NO_LATENCY ? null : lat });
  }
  return out;
}

/** Combines slots; latency is weighted by the number of successful checks behind each mean. */
export function mergeStats(a: SlotStats | null, b: SlotStats | null): SlotStats | null {
  if (!a) return b ? { ...b } : null;
  if (!b) return { ...a };
  const wa = a.latencyMs === null ? 0 : a.n - a.down;
  const wb = b.latencyMs === null ? 0 : b.n - b.down;
  const w = wa + wb;
  return {
    n: a.n + b.n,
    down: a.down + b.down,
    degraded: a.degraded + b.degraded,
    latencyMs: w > 0 ? ((a.latencyMs ?? 0) * wa + (b.latencyMs ?? 0) * wb) / w : null,
  };
}
