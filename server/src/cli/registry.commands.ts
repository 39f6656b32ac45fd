import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
import { ValidationError } from '../domain/errors.ts';
import type { ImportReport } from '../services/import.service.ts';
import { actorFromUser } from '../services/auth.service.ts';
import { withRuntime } from './with-runtime.ts';

const KINDS = ['agencies', 'systems', 'contacts'] as const;
type Kind = (typeof KINDS)[number];

function checkKind(kind: string): Kind {
  if (!(KINDS as readonly string[]).includes(kind)) throw new ValidationError(`Unknown kind ${kind}`, [{ field: '<kind>', message: `one of ${KINDS.join(', ')}` }]);
  return kind as Kind;
}

interface RemoteOpts {
  server?: string;
  token?: string;
  as?: string;
}

/** Talks to a running server with a personal API token (the only way while it holds the embedded database). */
async function remote(opts: RemoteOpts, path: string, init: RequestInit = {}): Promise<Response> {
  const token = opts.token ?? process.env.VIGIL_TOKEN;
  if (!token) throw new ValidationError('An API token is needed with --server', [{ field: '--token', message: 'or set VIGIL_TOKEN' }]);
  return fetch(new URL(path, opts.server), { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
}

async function actorFor(ctx: Parameters<Parameters<typeof withRuntime>[0]>[0], username?: string): Promise<Actor> {
  if (!username) return SYSTEM_ACTOR;
  const u = await ctx.repos.users.findByUsername(ctx.database.db, username);
  if (!u) throw new ValidationError(`No user ${username}`, [{ field: '--as', message: 'unknown user' }]);
  return actorFromUser(u, 'system');
}

export function printReport(r: ImportReport): void {
  const out = process.stdout;
  out.write(`${r.kind} (${r.format}): ${r.totalRows} rows, ${r.validRows} valid, ${r.errors.length} errors\n`);
  for (const e of r.errors) out.write(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}\n`);
  const verb = r.applied ? '' : 'would be ';
  out.write(`${r.created} ${verb}created, ${r.updated} ${verb}updated, ${r.unchanged} unchanged\n`);
  out.write(r.applied ? 'imported\n' : r.errors.length ? 'nothing imported: fix the rows above\n' : 'dry run: nothing written\n');
}

export function registerRegistryCommands(program: Command): void {
  program
    .command('import')
    .description('import agencies, systems or contacts from CSV or XLSX; all rows or none')
    .argument('<kind>', KINDS.join(' | '))
    .argument('<file>', 'a .csv or .xlsx file')
    .option('--dry-run', 'check every row and report, write nothing')
    .option('--as <username>', 'act as this user (their scope and their name in the audit log)')
    .option('--server <url>', 'send to a running Vigil server instead of opening the database')
    .option('--token <token>', 'API token for --server (or env VIGIL_TOKEN)')
    .action(async (kindArg: string, file: string, opts: RemoteOpts & { dryRun?: boolean }) => {
      const kind = checkKind(kindArg);
      const data = readFileSync(file);
      if (opts.server) {
        const form = new FormData();
        form.append('file', new Blob([data]), basename(file));
        const res = await remote(opts, `/api/v1/import/${kind}?dryRun=${Boolean(opts.dryRun)}`, { method: 'POST', body: form });
        const body = (await res.json()) as ImportReport & { detail?: string };
        if (res.status !== 200 && res.status !== 422) {
          process.stderr.write(`error ${res.status}: ${body.detail ?? JSON.stringify(body)}\n`);
          process.exitCode = 2;
          return;
        }
        printReport(body);
        process.exitCode = body.errors.length ? 1 : 0;
        return;
      }
      await withRuntime(async (ctx) => {
        const r = await ctx.importer.import(await actorFor(ctx, opts.as), kind, { data, filename: basename(file) }, { dryRun: Boolean(opts.dryRun) });
        printReport(r);
        return r.errors.length ? 1 : 0;
      });
    });

  program
    .command('export')
    .description('export agencies, systems or contacts in the import format')
    .argument('<kind>', KINDS.join(' | '))
    .option('--format <format>', 'csv or xlsx', 'xlsx')
    .option('--out <file>', 'where to write (default: a dated name in this folder)')
    .option('--as <username>', 'export what this user can see')
    .option('--server <url>', 'read from a running Vigil server')
    .option('--token <token>', 'API token for --server (or env VIGIL_TOKEN)')
    .action(async (kindArg: string, opts: RemoteOpts & { format: string; out?: string }) => {
      const kind = checkKind(kindArg);
      if (opts.format !== 'csv' && opts.format !== 'xlsx') throw new ValidationError('Unknown format', [{ field: '--format', message: 'csv or xlsx' }]);
      const format = opts.format;
      let body: Buffer;
      let name: string;
      if (opts.server) {
        const res = await remote(opts, `/api/v1/export/${kind}?format=${format}`);
        if (!res.ok) throw new ValidationError(`The server answered ${res.status}`);
        body = Buffer.from(await res.arrayBuffer());
        name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `vigil-${kind}.${format}`;
      } else {
        let f: { filename: string; body: Buffer } | undefined;
        await withRuntime(async (ctx) => {
          f = await ctx.exporter.export(await actorFor(ctx, opts.as), kind, format);
        });
        if (!f) return;
        body = f.body;
        name = f.filename.endsWith(`.${format}`) ? f.filename : `${f.filename}.${format}`;
      }
      const out = opts.out ?? name;
      writeFileSync(out, body);
      process.stdout.write(`wrote ${out} (${body.length} bytes)\n`);
    });
}
