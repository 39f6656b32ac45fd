/**
 * Small non-cryptographic hashes: block keys in the profile, SimHash features, vocabulary
 * bloom bits. 32-bit halves keep it fast (no BigInt in the hot loop).
 */

export function hash32(s: string, seed = 0x9e3779b9): number {
  let h = seed ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2d);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Short stable string hash for profile keys (8 hex chars; collisions only merge counts). */
export function hashKey(s: string): string {
  return hash32(s).toString(16).padStart(8, '0');
}

/** Accumulates weighted 64-bit SimHash votes. */
export class SimHasher {
  private readonly v = new Float64Array(64);
  private n = 0;

  add(feature: string, weight = 1): void {
    const a = hash32(feature, 0x12345678);
    const b = hash32(feature, 0x87654321);
    for (let i = 0; i < 32; i++) {
      this.v[i]! += (a >>> i) & 1 ? weight : -weight;
      this.v[32 + i]! += (b >>> i) & 1 ? weight : -weight;
    }
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  hex(): string {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 32; i++) {
      if (this.v[i]! > 0) lo |= 1 << i;
      if (this.v[32 + i]! > 0) hi |= 1 << i;
    }
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Hamming distance of two 16-hex-digit SimHashes (64 when either is malformed). */
export function hamming(a: string, b: string): number {
  if (a.length !== 16 || b.length !== 16) return 64;
  const x = (parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) >>> 0;
  const y = (parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16)) >>> 0;
  if (Number.isNaN(x) || Number.isNaN(y)) return 64;
  return popcount32(x) + popcount32(y);
}
