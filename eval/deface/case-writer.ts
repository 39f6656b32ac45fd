/**
 * Writes one self-contained case folder (history copies, probe, variants, expected.json).
 * Copies, not links: a case must survive the corpus moving, and can be zipped or handed on.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FindingKind } from '../../server/src/detection/types.ts';
import type { Variants } from './plant-cloaking.ts';

export interface CaseSpec {
  name: string;
  kind: FindingKind;
  url: string;
  tags: string[];
  /** Source paths of the history, oldest first (copied under their own names, which sort in order). */
  history: string[];
  /** A source path to copy, or the bytes to write. */
  probe: string | Uint8Array;
  variants?: Variants;
  /** Where the case came from (file names only), for whoever reads a failure. */
  source: Record<string, string>;
}

const VARIANT_FILE = { googlebot: 'probe.googlebot.html', referer: 'probe.referer.html', mobile: 'probe.mobile.html' } as const;

export function writeCase(out: string, spec: CaseSpec): number {
  const dir = join(out, spec.name);
  const hdir = join(dir, 'history');
  mkdirSync(hdir, { recursive: true });
  for (const h of spec.history) copyFileSync(h, join(hdir, basename(h)));
  const probe = join(dir, 'probe.html');
  if (typeof spec.probe === 'string') copyFileSync(spec.probe, probe);
  else writeFileSync(probe, spec.probe);
  for (const [v, bytes] of Object.entries(spec.variants ?? {}) as [keyof typeof VARIANT_FILE, Uint8Array][]) writeFileSync(join(dir, VARIANT_FILE[v]), bytes);
  const expected = { alarm: spec.kind !== 'legit', kind: spec.kind, url: spec.url, tags: spec.tags, source: spec.source };
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  return spec.history.length;
}
