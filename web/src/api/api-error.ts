import type { FieldError, Problem } from './types.ts';

/**
 * A failed API call. Carries the problem+json body so forms can put each field error next to
 * its input; `fields` is keyed by the field path without the leading slash ("name",
 * "urls/0", "software/1/cpe"), because the server mixes JSON pointers and bare names.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly fields: Record<string, string>;
  /** Seconds the server asked us to wait (Retry-After), when it did. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.fields = {};
    for (const e of problem.errors ?? []) {
      const key = normaliseField(e);
      // Keep the first message per field: later ones are usually consequences of it.
      if (!(key in this.fields)) this.fields[key] = e.message;
    }
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

export function normaliseField(e: FieldError): string {
  return e.field.replace(/^\/+/, '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The error for one form field, including errors about its items ("urls/3" for "urls"). */
export function fieldError(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.fields[field]) return err.fields[field];
  const prefix = `${field}/`;
  const nested = Object.entries(err.fields).find(([k]) => k.startsWith(prefix));
  return nested ? `${nested[0].slice(prefix.length)}: ${nested[1]}` : undefined;
}

/** Field errors the form has no input for, so they still reach the user. */
export function unplacedFieldErrors(err: unknown, placed: readonly string[]): [string, string][] {
  if (!(err instanceof ApiError)) return [];
  return Object.entries(err.fields).filter(([k]) => !placed.some((p) => k === p || k.startsWith(`${p}/`)));
}
