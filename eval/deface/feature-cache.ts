/**
 * extractFeatures is pure, and consecutive cases share most of their history (a site's legit
 * case N and N+1 differ by one file), so features are memoised by content hash. Bounded LRU:
 * a run over thousands of cases keeps only a few hundred feature sets.
 */
import { createHash } from 'node:crypto';
import { extractFeatures, pageFromHtml } from '../../server/src/detection/analyze.ts';
import type { PageFeatures } from '../../server/src/detection/types.ts';

export class FeatureCache {
  private readonly map = new Map<string, PageFeatures>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 256) {}

  get(bytes: Uint8Array, url: string): PageFeatures {
    const key = `${url}\n${createHash('sha1').update(bytes).digest('hex')}`;
    const hit = this.map.get(key);
    if (hit) {
      this.hits++;
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    this.misses++;
    const f = extractFeatures(pageFromHtml(bytes, url));
    this.map.set(key, f);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return f;
  }
}
