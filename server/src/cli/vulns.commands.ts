import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import { ValidationError } from '../domain/errors.ts';
import { createFeedFetcher } from '../io/feed-fetcher.ts';
import type { AdvisoryImportRow } from '../repositories/advisory-import.repository.ts';
import type { ImportMode } from '../services/advisory-import.service.ts';
import { bundleManifest, MANIFEST } from '../vulns/importers/offline-bundle.ts';
import { zipFiles } from '../vulns/importers/zip-writer.ts';
import { withRuntime } from './with-runtime.ts';

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function printRun(r: AdvisoryImportRow): void {
  const out = process.stdout;
  out.write(`${r.source_name}: ${r.status} — ${r.records} records (${r.feed_kinds.join(', ') || 'unknown format'}): ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped_count} skipped\n`);
  for (const f of r.files.length > 1 ? r.files : []) out.write(`  ${f.name}: ${f.kind ?? 'not a feed'}, ${f.records} records, ${f.skipped} skipped\n`);
  for (const s of r.skipped.slice(0, 20)) out.write(`  skipped ${s.file} [${s.index}]: ${s.reason}\n`);
  if (r.skipped_count > 20) out.write(`  … and ${r.skipped_count - 20} more (see the import history)\n`);
  if (r.rematch) out.write(`  re-matched: ${JSON.stringify(r.rematch)}\n`);
}

function checkMode(mode: string | undefined): ImportMode | undefined {
  if (mode === undefined) return undefined;
  if (mode !== 'rest' && mode !== 'all_or_nothing') throw new ValidationError('Unknown mode', [{ field: '--mode', message: 'rest or all_or_nothing' }]);
  return mode;
}

/** `vigil vulns …`: feed imports on the server's own database, and the offline bundle for air-gapped servers. */
export function registerVulnCommands(program: Command): void {
  const vulns = program.command('vulns').description('vulnerability feeds: import, offline bundles, re-match');

  vulns
    .command('import')
    .description('import KEV / NVD 2.0 / MSRC CVRF / CSAF files, URLs or offline bundles (.zip) into the catalogue')
    .argument('<sources...>', 'files, bundles or http(s) URLs')
    .option('--mode <mode>', 'rest (import what parses, report the rest) or all_or_nothing (default: the installation setting)')
    .action(async (sources: string[], opts: { mode?: string }) => {
      const mode = checkMode(opts.mode);
      await withRuntime(async (ctx) => {
        let failed = false;
        for (const src of sources) {
          if (!isUrl(src) && !existsSync(src)) throw new ValidationError(`No such file: ${src}`, [{ field: '<sources>', message: src }]);
          const run = isUrl(src)
            ? await ctx.vulns.imports.importUrl(SYSTEM_ACTOR, src, mode)
            : await ctx.vulns.imports.importFile(SYSTEM_ACTOR, { name: basename(src), data: readFileSync(src) }, mode);
          printRun(run);
          if (run.status === 'rejected' || run.status === 'failed') failed = true;
        }
        return failed ? 1 : 0;
      });
    });

  vulns
    .command('bundle')
    .description('on a machine with internet: download feeds (or take files) into one .zip with checksums, to carry to a server without internet')
    .argument('<sources...>', 'http(s) URLs or files')
    .requiredOption('--out <file>', 'the bundle to write (.zip)')
    .action(async (sources: string[], opts: { out: string }) => {
      const fetcher = createFeedFetcher({ maxBytes: 512 * 1024 * 1024 });
      const files: { name: string; data: Buffer }[] = [];
      const names = new Set<string>();
      for (const src of sources) {
        const f = isUrl(src) ? await fetcher.fetch(src) : { name: basename(src), data: readFileSync(src) };
        let name = f.name.replace(/[^A-Za-z0-9._-]/g, '_') || 'feed';
        for (let i = 2; names.has(name) || name === MANIFEST; i++) name = `${i}-${f.name}`;
        names.add(name);
        files.push({ name, data: f.data });
        process.stdout.write(`  ${name}: ${f.data.length} bytes\n`);
      }
      const zip = zipFiles([{ name: MANIFEST, data: Buffer.from(bundleManifest(files, new Date())) }, ...files]);
      writeFileSync(opts.out, zip);
      process.stdout.write(`wrote ${opts.out} (${files.length} feeds, ${zip.length} bytes); import it with: vigil vulns import ${opts.out}\n`);
    });

  vulns
    .command('rematch')
    .description('match the whole catalogue against every system inventory now')
    .action(async () => {
      await withRuntime(async (ctx) => {
        process.stdout.write(`${JSON.stringify(await ctx.vulns.matcher.rematchAll())}\n`);
      });
    });
}
