import { DomainError, ValidationError } from '../domain/errors.ts';
import { startRuntime } from '../runtime.ts';

/** Runs a command body against the database and always closes it (PGlite holds a file lock). */
export async function withRuntime(fn: (ctx: Awaited<ReturnType<typeof startRuntime>>) => Promise<number | void>): Promise<void> {
  const ctx = await startRuntime();
  let code = 0;
  try {
    code = (await fn(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof DomainError) {
      process.stderr.write(`error: ${e.message}\n`);
      if (e instanceof ValidationError) for (const f of e.fields) process.stderr.write(`  ${f.field}: ${f.message}\n`);
      code = 2;
    } else throw e;
  } finally {
    await ctx.database.close();
  }
  process.exitCode = code;
}

