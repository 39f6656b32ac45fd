/** JSON with object keys sorted at every depth, so the same data always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortDeep(x);
    }
    return out;
  }
  return v;
}

/** A plain JSON-safe copy (Dates become ISO strings), as stored in jsonb. */
export function toJsonValue<T>(v: T): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}
