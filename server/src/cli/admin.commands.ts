import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import { ROLES, isRole } from '../domain/roles.ts';
import { ValidationError } from '../domain/errors.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrator.ts';
import { printBootstrap } from './serve.command.ts';
import { withRuntime } from './with-runtime.ts';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir });
      try {
        const r = await migrate(database);
        process.stdout.write(r.applied.length ? `applied: ${r.applied.join(', ')}\n` : `up to date (${r.alreadyApplied} migrations)\n`);
      } finally {
        await database.close();
      }
    });

  program
    .command('init')
    .description('create the database and the first administrator (prints a one-time password)')
    .option('--username <name>', 'administrator username', 'admin')
    .action(async (opts: { username: string }) =>
      withRuntime(async (ctx) => {
        const admin = await ctx.users.bootstrapAdmin(SYSTEM_ACTOR, opts.username);
        if (!admin) {
          process.stdout.write('already initialised: users exist (use `vigil user reset-password` to recover access)\n');
          return;
        }
        printBootstrap(admin);
      }),
    );

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user and print a one-time password')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display>', 'display name (defaults to the username)')
    .option('--email <email>', 'email address')
    .option('--agency <code>', 'agency code (required for agency roles)')
    .action(async (opts: { username: string; role: string; name?: string; email?: string; agency?: string }) =>
      withRuntime(async (ctx) => {
        if (!isRole(opts.role)) throw new ValidationError(`Unknown role ${opts.role}`, [{ field: '--role', message: `one of ${ROLES.join(', ')}` }]);
        let agencyId: string | null = null;
        if (opts.agency) {
          const a = await ctx.repos.agencies.findByCode(ctx.database.db, opts.agency);
          if (!a) throw new ValidationError(`No agency with code ${opts.agency}`, [{ field: '--agency', message: 'unknown code' }]);
          agencyId = a.id;
        }
        const r = await ctx.users.create(SYSTEM_ACTOR, {
          username: opts.username, displayName: opts.name ?? opts.username, email: opts.email ?? null, role: opts.role, agencyId,
        });
        process.stdout.write(`created ${r.user.username} (${r.user.role})\none-time password: ${r.oneTimePassword}\n`);
      }),
    );

  user
    .command('reset-password')
    .description('set a one-time password (must be changed at next login) and unlock the account')
    .argument('<username>', 'login name')
    .action(async (username: string) =>
      withRuntime(async (ctx) => {
        const u = await ctx.repos.users.findByUsername(ctx.database.db, username);
        if (!u) throw new ValidationError(`No user ${username}`);
        const password = await ctx.users.resetPassword(SYSTEM_ACTOR, u.id);
        process.stdout.write(`one-time password for ${u.username}: ${password}\n`);
      }),
    );

  const audit = program.command('audit').description('the append-only audit log');
  audit
    .command('verify')
    .description('walk the hash chain; exit 1 if an entry was modified or deleted')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) =>
      withRuntime(async (ctx) => {
        const r = await ctx.audit.verify(ctx.database.db);
        if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          process.stdout.write(`${r.entries} entries, head ${r.headHash}\n`);
          for (const p of r.problems) process.stdout.write(`  entry ${p.seq}: ${p.problem}\n`);
          process.stdout.write(r.ok ? 'chain intact\n' : `CHAIN BROKEN: ${r.problems.length} problem(s)\n`);
        }
        return r.ok ? 0 : 1;
      }),
    );
}
