/**
 * Builds evaluation cases from the shared corpora (see README.md for the format and choices).
 *
 *   npm run eval:deface:build -- --corpora ../shared/corpora --out DIR [--seed N] [--limit-per-site N]
 *        [--history N] [--injections N] [--cloaking N] [--benign-share X]
 *
 * - legit: every version of every site, judged after its predecessors (the last --history, default 20);
 *   a seeded share (--benign-share, default 0.25) also gets benign variants (identical, stale, mobile layout, nonces).
 * - defacement: every real defaced capture in place of a site's latest version (sites round-robin, seeded order).
 * - injection: --injections (default 400) plants into real versions at seeded positions.
 * - cloaking: --cloaking (default 200) real versions with cloaked variants.
 * --limit-per-site N caps each kind's cases per site (legit: N evenly spaced versions).
 * DIR must be outside the repository; an existing DIR is only replaced if it holds a previous build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rng } from '../../bench/fleet/plan.ts';
import type { CaseSpec } from './case-writer.ts';
import { writeCase } from './case-writer.ts';
import type { Site } from './corpus-reader.ts';
import { checkCorpora, classifyCapture, readDefaced, readSites } from './corpus-reader.ts';
import { benignVariants, plantCloaking } from './plant-cloaking.ts';
import { plantInjection } from './plant-injection.ts';
import { int } from './spam-lexicon.ts';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const MANIFEST = 'build.json';

function fail(msg: string): never {
  console.error(`eval:deface:build: ${msg}`);
  console.error('usage: npm run eval:deface:build -- --corpora DIR --out DIR [--seed N] [--limit-per-site N] [--history N] [--injections N] [--cloaking N] [--benign-share X]');
  process.exit(2);
}

let a;
try {
  a = parseArgs({
    options: {
      corpora: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'limit-per-site': { type: 'string', default: '0' },
      history: { type: 'string', default: '20' },
      injections: { type: 'string', default: '400' },
      cloaking: { type: 'string', default: '200' },
      'benign-share': { type: 'string', default: '0.25' },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
const num = (name: string, v: string, min: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number ≥ ${min}`);
  return n;
};
if (!a.corpora || !a.out) fail('--corpora and --out are required');
const corpora = resolve(a.corpora);
const out = resolve(a.out);
const SEED = num('seed', a.seed, 0);
const LIMIT = num('limit-per-site', a['limit-per-site'], 0);
const HISTORY = num('history', a.history, 0);
const INJECTIONS = num('injections', a.injections, 0);
const CLOAKING = num('cloaking', a.cloaking, 0);
const BENIGN = num('benign-share', a['benign-share'], 0);

const corporaProblem = checkCorpora(corpora);
if (corporaProblem) fail(corporaProblem);
if (!relative(REPO, out).startsWith('..')) fail(`--out ${out} is inside the repository: corpus-derived cases must stay outside it`);
if (existsSync(out) && readdirSync(out).length > 0) {
  if (!existsSync(`${out}/${MANIFEST}`)) fail(`--out ${out} exists and is not a previous build (no ${MANIFEST}); refusing to overwrite`);
  rmSync(out, { recursive: true, force: true });
}
mkdirSync(out, { recursive: true });

/** Independent, reproducible streams per kind and case: changing one count does not reshuffle the others. */
const seedFor = (kind: number, k: number) => (Math.imul(SEED + 1, 0x9e3779b1) ^ Math.imul(kind + 1, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
const pad = (n: number, w = 4) => String(n).padStart(w, '0');
const historyBefore = (s: Site, i: number) => s.versions.slice(Math.max(0, i - HISTORY), i);
const source = (s: Site, i: number) => ({ site: s.name, version: basename(s.versions[i]!) });

const sites = readSites(corpora);
if (sites.length === 0) fail(`no sites under ${corpora}/sequences`);
const defaced = readDefaced(corpora);
const counts: Record<string, number> = { legit: 0, defacement: 0, injection: 0, cloaking: 0, history_files: 0 };
const started = Date.now();

function emit(spec: CaseSpec) {
  counts.history_files! += writeCase(out, spec);
  counts[spec.kind]!++;
}

function evenlySpaced(n: number, k: number): number[] {
  if (!k || k >= n) return Array.from({ length: n }, (_, i) => i);
  if (k === 1) return [n - 1];
  return [...new Set(Array.from({ length: k }, (_, j) => Math.round((j * (n - 1)) / (k - 1))))];
}

// legit
const benignRand = rng(seedFor(0, 0));
for (const s of sites) {
  for (const i of evenlySpaced(s.versions.length, LIMIT)) {
    const tags = [`site:${s.name}`, `history:${Math.min(i, HISTORY) === 0 ? 'none' : Math.min(i, HISTORY) < 5 ? '1-4' : '5+'}`];
    let variants;
    if (benignRand() < BENIGN) {
      const probe = readFileSync(s.versions[i]!);
      const prev = i > 0 ? readFileSync(s.versions[i - 1]!) : null;
      const b = benignVariants(probe, prev, seedFor(0, i * 131 + s.versions.length));
      variants = b.variants;
      tags.push('variants:benign', ...b.tags);
    }
    emit({ name: `legit-${s.name}-${pad(i)}`, kind: 'legit', url: s.url, tags, history: historyBefore(s, i), probe: s.versions[i]!, variants, source: source(s, i) });
  }
}

// defacement: sites in a seeded order, then round-robin
const order = [...sites];
const shuffle = rng(seedFor(1, 0));
for (let i = order.length - 1; i > 0; i--) {
  const j = int(shuffle, 0, i);
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const perSite = new Map<string, number>();
let dropped = 0;
defaced.forEach((path, k) => {
  const s = order[k % order.length]!;
  const n = perSite.get(s.name) ?? 0;
  if (LIMIT && n >= LIMIT) {
    dropped++;
    return;
  }
  perSite.set(s.name, n + 1);
  const bytes = readFileSync(path);
  const last = s.versions.length - 1;
  const stem = basename(path).replace(/\.html?$/i, '');
  emit({
    name: `defacement-${s.name}-${pad(k, 3)}-${stem}`,
    kind: 'defacement',
    url: s.url,
    tags: [`capture:${classifyCapture(bytes)}`, `site:${s.name}`],
    history: historyBefore(s, last),
    probe: path,
    source: { site: s.name, replaced: basename(s.versions[last]!), defaced: basename(path) },
  });
});

/** Seeded (site, version) positions with at least one earlier version, round-robin over sites. */
function positions(kind: number, total: number): { s: Site; i: number; k: number }[] {
  const r = rng(seedFor(kind, 0));
  const eligible = sites.filter((s) => s.versions.length > 1);
  const used = new Map<string, number>();
  const outList: { s: Site; i: number; k: number }[] = [];
  for (let k = 0; k < total && eligible.length; k++) {
    const s = eligible[k % eligible.length]!;
    if (LIMIT && (used.get(s.name) ?? 0) >= LIMIT) continue;
    used.set(s.name, (used.get(s.name) ?? 0) + 1);
    outList.push({ s, i: int(r, 1, s.versions.length - 1), k });
  }
  return outList;
}

for (const { s, i, k } of positions(2, INJECTIONS)) {
  const p = plantInjection(readFileSync(s.versions[i]!), seedFor(2, k));
  emit({ name: `injection-${s.name}-${pad(i)}-${pad(k)}`, kind: 'injection', url: s.url, tags: [...p.tags, `site:${s.name}`], history: historyBefore(s, i), probe: p.bytes, source: source(s, i) });
}

for (const { s, i, k } of positions(3, CLOAKING)) {
  const c = plantCloaking(readFileSync(s.versions[i]!), seedFor(3, k));
  emit({ name: `cloaking-${s.name}-${pad(i)}-${pad(k)}`, kind: 'cloaking', url: s.url, tags: [...c.tags, `variants:${Object.keys(c.variants).sort().join('+')}`, `site:${s.name}`], history: historyBefore(s, i), probe: s.versions[i]!, variants: c.variants, source: source(s, i) });
}

const manifest = {
  built_at: new Date().toISOString(),
  corpora,
  seed: SEED,
  limit_per_site: LIMIT,
  history_cap: HISTORY,
  injections: INJECTIONS,
  cloaking: CLOAKING,
  benign_share: BENIGN,
  sites: sites.map((s) => ({ name: s.name, url: s.url, versions: s.versions.length })),
  counts,
  defaced_dropped_by_limit: dropped,
};
writeFileSync(`${out}/${MANIFEST}`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`built ${counts.legit! + counts.defacement! + counts.injection! + counts.cloaking!} cases in ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`  legit ${counts.legit}, defacement ${counts.defacement}, injection ${counts.injection}, cloaking ${counts.cloaking}; history capped at the last ${HISTORY} versions (${counts.history_files} history copies)`);
for (const s of sites) console.log(`  ${s.name.padEnd(28)} ${String(s.versions.length).padStart(4)} versions  ${s.url}`);
if (dropped) console.log(`  ${dropped} defaced captures left out by --limit-per-site`);
