import Type from 'typebox';

/**
 * Settings shared by several probes. `resolver` is the DNS server a probe asks for names
 * ("10.0.0.53", "10.0.0.53:5353", "[fd00::53]:53"); without it, the system's servers. It is
 * infrastructure configuration rather than a target: the engine should let only administrators
 * set it (a resolver on a private address is normal and is not judged by the address policy).
 */
export const ResolverSetting = Type.String({
  maxLength: 60,
  pattern: '^(\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?|[0-9A-Fa-f:]+)$',
  description: 'DNS server to ask, "ip" or "ip:port"; default: the system resolver',
});

/** Merges stored settings over the defaults; absent or null fields fall back. */
export function withDefaults<S extends object>(defaults: S, settings: Partial<S> | null | undefined): S {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(settings ?? {})) if (v !== undefined && v !== null) out[k] = v;
  return out as S;
}

/** Rounds a duration for storage: 0.1 ms is more precision than any network gives. */
export function ms(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10) / 10;
}
