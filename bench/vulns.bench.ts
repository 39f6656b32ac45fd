/**
 * Vulnerability feeds and the full re-match (issue 7): the whole CISA KEV catalogue plus `--nvd`
 * NVD CVE API 2.0 records (synthetic, built on the real fixture records, in pages of 2,000) are
 * imported text → Advisory with the real importers and merged; then `--systems` synthetic systems
 * (realistic inventories, see bench/vulns/synthetic-inventory.ts) are re-matched against all of
 * it. Target (issue 7): a full re-match of 10,000 systems against KEV + 50,000 NVD records in
 * under 30 s on the 2-core development machine. `--json` prints one JSON object on the last line.
 *
 *   npm run bench:vulns -- [--systems 10000] [--nvd 50000] [--seed 1] [--msrc] [--no-db] [--json]
 *
 * The fixtures live outside the repository (../shared/fixtures/vuln, licences vary). `--msrc` also
 * imports the four MSRC CVRF months there (products with fixed builds and KBs: exercises "an
 * installed KB means fixed").
 *
 * Two measurements of each phase: the pure path in memory (parse + merge; match), and the
 * product's path through its services into the database (embedded PGlite in a temporary
 * directory, or PostgreSQL with DATABASE_URL): `ctx.vulns.imports` per feed file, then
 * `ctx.vulns.matcher.rematchAll()` twice — the first writes every system's row, the second is the
 * steady state (the periodic job) and is what `rematch_s` reports. `--no-db` skips the database.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Advisory } from '../server/src/vulns/advisory.ts';
import { importFeed } from '../server/src/vulns/importers/detect-format.ts';
import { mergeAll } from '../server/src/vulns/importers/merge-advisories.ts';
import { buildAdvisoryIndex, matchAllWithStats, type RematchStats } from '../server/src/vulns/matching/match-index.ts';
import { importThroughService, openBenchDatabase, rematchThroughService, storeSystems } from './vulns/database-phase.ts';
import { syntheticSystems, type SyntheticSystem } from './vulns/synthetic-inventory.ts';
import { syntheticNvdPages, type NvdCve } from './vulns/synthetic-nvd.ts';

const { values: args } = parseArgs({
  options: {
    systems: { type: 'string', default: '10000' },
    nvd: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    msrc: { type: 'boolean', default: false },
    'no-db': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const SYSTEMS = Number(args.systems);
const NVD = Number(args.nvd);
const SEED = Number(args.seed);
const log = (s: string) => !args.json && process.stdout.write(s + '\n');
const secs = (t0: number) => (performance.now() - t0) / 1000;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = resolve(repoRoot, '../shared/fixtures/vuln');
const KEV_FILE = join(FIXTURES, 'kev/known_exploited_vulnerabilities.json');
if (!existsSync(KEV_FILE)) {
  console.error(`bench:vulns needs the shared vulnerability fixtures: ${KEV_FILE} not found (expected ../shared/fixtures/vuln next to the repository)`);
  process.exit(2);
}

/** A feed as it arrives: a file name and its text. */
interface FeedText {
  name: string;
  text: string;
}

interface ImportFigures {
  advisories: Advisory[];
  records: number;
  skipped: number;
  bytes: number;
  seconds: number;
}

/** Phase 1: feed texts → merged advisories (later: through ctx.vulns.imports into the database). */
function importPhase(feeds: FeedText[]): ImportFigures {
  const t0 = performance.now();
  const all: Advisory[] = [];
  let skipped = 0;
  let bytes = 0;
  for (const f of feeds) {
    const r = importFeed(f.text);
    if (r.kind === null) throw new Error(`${f.name}: not recognised as a feed: ${r.skipped[0]?.reason}`);
    for (const rec of r.records) all.push(rec);
    skipped += r.skipped.length;
    bytes += f.text.length;
  }
  const advisories = mergeAll(all);
  return { advisories, records: all.length, skipped, bytes, seconds: secs(t0) };
}

interface RematchFigures {
  indexSeconds: number;
  seconds: number;
  affected: number;
  possibly: number;
  systemsAffected: number;
  byMethod: Record<string, number>;
  stats: RematchStats;
}

/** Phase 2: every system against every advisory (later: ctx.vulns.matcher.rematchAll()). */
function rematchPhase(advisories: Advisory[], systems: SyntheticSystem[]): RematchFigures {
  const t0 = performance.now();
  const index = buildAdvisoryIndex(advisories);
  const indexSeconds = secs(t0);
  let affected = 0;
  let possibly = 0;
  let systemsAffected = 0;
  const byMethod: Record<string, number> = {};
  // Counted per system and dropped, as the service will write each system's rows and move on.
  const { stats } = matchAllWithStats(systems, index, {
    onSystem: (_id, ms) => {
      if (ms.length) systemsAffected++;
      for (const m of ms) {
        if (m.match.status === 'affected') affected++;
        else possibly++;
        byMethod[m.match.method] = (byMethod[m.match.method] ?? 0) + 1;
      }
    },
  });
  return { indexSeconds, seconds: secs(t0), affected, possibly, systemsAffected, byMethod, stats };
}

// --- inputs (not timed) ---
const t0 = performance.now();
const kevText = readFileSync(KEV_FILE, 'utf8');
const kev = JSON.parse(kevText) as { vulnerabilities: { cveID: string; vendorProject: string; product: string }[] };
const templates: NvdCve[] = readdirSync(join(FIXTURES, 'nvd'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const j = JSON.parse(readFileSync(join(FIXTURES, 'nvd', f), 'utf8'));
    return (j.vulnerabilities?.[0]?.cve ?? j) as NvdCve;
  });
// Every other KEV entry also appears in NVD (with a configuration), as the real catalogues overlap.
const reuse = kev.vulnerabilities.filter((_, i) => i % 2 === 0).map((v) => ({ cve: v.cveID, vendor: v.vendorProject, product: v.product }));
const pages = syntheticNvdPages(NVD, SEED, { templates, reuse });
const feeds: FeedText[] = [{ name: 'kev', text: kevText }, ...pages.map((p, i) => ({ name: `nvd-page-${i}`, text: JSON.stringify(p) }))];
if (args.msrc) {
  for (const f of readdirSync(join(FIXTURES, 'msrc')).filter((x) => x.endsWith('.xml')).sort()) {
    feeds.push({ name: f, text: readFileSync(join(FIXTURES, 'msrc', f), 'utf8') });
  }
}
const systems = syntheticSystems(SYSTEMS, SEED);
const items = systems.reduce((n, s) => n + s.inventory.length, 0);
const distinctRows = new Set(systems.flatMap((s) => s.inventory.map((i) => JSON.stringify(i)))).size;
log(`inputs: KEV ${kev.vulnerabilities.length} records, ${NVD} synthetic NVD records in ${pages.length} pages${args.msrc ? ', MSRC CVRF 2023 May–Aug' : ''}; ${SYSTEMS} systems, ${items} inventory rows (${distinctRows} distinct); generated in ${secs(t0).toFixed(1)} s`);

// --- phase 1 ---
const imp = importPhase(feeds);
const importRate = imp.records / imp.seconds;
log(`import: ${imp.records} records (${(imp.bytes / 1e6).toFixed(0)} MB of text, ${imp.skipped} skipped) → ${imp.advisories.length} advisories in ${imp.seconds.toFixed(2)} s = ${Math.round(importRate)} records/s`);

// --- phase 1b: the same feeds through the import service into the database ---
const DATABASE_URL = process.env.DATABASE_URL;
const bench = args['no-db'] ? null : await openBenchDatabase(DATABASE_URL);
const dbImport = bench ? await importThroughService(bench.ctx, feeds) : null;
if (dbImport) log(`import into ${bench!.kind} through the import service: ${dbImport.records} records (${dbImport.created} new, ${dbImport.updated} merged) in ${dbImport.seconds.toFixed(2)} s = ${Math.round(dbImport.records / dbImport.seconds)} records/s`);
pages.length = 0;
feeds.length = 0;

// --- phase 2 ---
const advisoryCount = imp.advisories.length;
const rm = rematchPhase(imp.advisories, systems);
imp.advisories.length = 0; // the database phase loads its own copy
const matches = rm.affected + rm.possibly;
log(`re-match: ${SYSTEMS} systems × ${advisoryCount} advisories in ${rm.seconds.toFixed(2)} s (index ${rm.indexSeconds.toFixed(2)} s); ${matches} matches: ${rm.affected} affected, ${rm.possibly} possibly affected; ${rm.systemsAffected} systems with at least one`);
log(`          by method ${Object.entries(rm.byMethod).map(([k, v]) => `${k} ${v}`).join(', ')}; ${rm.stats.distinctItems} distinct rows, ${rm.stats.cachedEvaluations} cached + ${rm.stats.perSystemEvaluations} per-system evaluations`);
// --- phase 2b: the full re-match through the service: read the catalogue and inventories, match, write ---
let dbFirst: Awaited<ReturnType<typeof rematchThroughService>> | null = null;
let dbAgain: Awaited<ReturnType<typeof rematchThroughService>> | null = null;
if (bench) {
  await storeSystems(bench.ctx, systems);
  dbFirst = await rematchThroughService(bench.ctx);
  log(`re-match through the service, first (writes every system's row): ${dbFirst.seconds.toFixed(2)} s, ${dbFirst.matches} matches, ${dbFirst.changedSystems} systems written`);
  dbAgain = await rematchThroughService(bench.ctx);
  log(`re-match through the service, again (nothing changed, nothing written): ${dbAgain.seconds.toFixed(2)} s — target < 30 s: ${dbAgain.seconds < 30 ? 'met' : 'NOT met'}`);
  await bench.close();
}
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
log(`memory: peak RSS ${peakRssMb} MB; target re-match < 30 s: ${rm.seconds < 30 ? 'met' : 'NOT met'}`);

if (args.json) {
  console.log(JSON.stringify({
    systems: SYSTEMS, nvd_records: NVD, kev_records: kev.vulnerabilities.length, msrc: args.msrc, seed: SEED,
    inventory_rows: items, distinct_rows: distinctRows,
    import_records: imp.records, parse_s: Number(imp.seconds.toFixed(3)), parse_records_per_s: Math.round(importRate), advisories: advisoryCount,
    import_records_per_s: dbImport ? Math.round(dbImport.records / dbImport.seconds) : Math.round(importRate), import_s: dbImport ? Number(dbImport.seconds.toFixed(3)) : null,
    database: bench?.kind ?? null,
    match_s: Number(rm.seconds.toFixed(3)), index_s: Number(rm.indexSeconds.toFixed(3)),
    rematch_s: dbAgain ? Number(dbAgain.seconds.toFixed(3)) : Number(rm.seconds.toFixed(3)), rematch_first_s: dbFirst ? Number(dbFirst.seconds.toFixed(3)) : null,
    matches, affected: rm.affected, possibly_affected: rm.possibly, systems_with_matches: rm.systemsAffected, by_method: rm.byMethod,
    distinct_items: rm.stats.distinctItems, cached_evaluations: rm.stats.cachedEvaluations, per_system_evaluations: rm.stats.perSystemEvaluations,
    peak_rss_mb: peakRssMb,
  }));
}
