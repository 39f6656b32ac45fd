import type { Executor } from '../db/executor.ts';
import { inScope, type Scope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import type { AgencyRepository, AgencyRow } from '../repositories/agency.repository.ts';
import { quote } from './cell-text.ts';

/** What writing one row did (or, in a dry run, would do). */
export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** Writes one parsed row inside the import's transaction, through the domain services. */
export interface RowApplier<D> {
  apply(draft: D): Promise<ApplyOutcome>;
}

/** A problem found while applying a row, reported against one of its columns. */
export class RowFailure extends Error {
  constructor(
    readonly column: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'RowFailure';
  }
}

export interface ApplyContext {
  trx: Executor;
  actor: Actor;
  scope: Scope;
  agencies: AgencyRepository;
}

/**
 * The same words whether the code does not exist or exists outside the actor's subtree, so
 * an import cannot be used to probe for other agencies.
 */
export const unknownAgency = (column: string, code: string) =>
  new RowFailure(column, `unknown agency code ${quote(code)}: no agency with this code in your part of the registry`);

export async function findAgency(ctx: ApplyContext, code: string): Promise<AgencyRow | null> {
  return (await ctx.agencies.findByCode(ctx.trx, code.trim())) ?? null;
}

/** An agency the actor may see, by code, or a row failure on `column`. */
export async function visibleAgency(ctx: ApplyContext, column: string, code: string): Promise<AgencyRow> {
  const a = await findAgency(ctx, code);
  if (!a || !inScope(ctx.scope, a.path)) throw unknownAgency(column, code);
  return a;
}

/** Order-sensitive equality of plain JSON-like values (lists keep the user's order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Sets `patch[key]` only when the file gives a value (column present) that differs from the
 * stored one, so a re-import of unchanged data writes nothing and leaves no audit noise.
 */
export function patchIfChanged<P extends object, K extends keyof P>(patch: P, key: K, next: P[K] | undefined, current: unknown): void {
  if (next === undefined) return;
  if (!sameValue(next, current)) patch[key] = next;
}
