import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ImportFileError } from '../importing/import-file-error.ts';
import {
  ConflictError, DomainError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError,
  type FieldIssue,
} from '../domain/errors.ts';

/** RFC 9457 problem details: the one error shape every endpoint answers with. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldIssue[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  409: 'Conflict', 413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable content',
  429: 'Too many requests', 500: 'Internal server error', 503: 'Service unavailable',
};

export function problem(status: number, detail?: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const code = extra.code ?? (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '_');
  return { type: `/problems/${code}`, title: TITLES[status] ?? 'Error', status, ...(detail && { detail }), ...extra, code };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns validator output into field-level messages a form can show next to its inputs. */
export function fieldIssues(errors: AjvIssue[], part?: string): FieldIssue[] {
  const prefix = part && part !== 'body' ? `${part}:` : '';
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const e of errors) {
    let field = e.instancePath || '/';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field = `${e.instancePath}/${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      field = `${e.instancePath}/${String(e.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (e.keyword === 'pattern') {
      message = 'has characters or a form that is not allowed';
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      message = 'does not match any allowed value';
    }
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: prefix + field.replace(/^\/\//, '/'), message });
  }
  // An anyOf summary is noise when a specific message for the same field exists.
  return out.filter((i) => i.message !== 'does not match any allowed value' || !out.some((j) => j.field === i.field && j !== i && j.message !== 'must be null'));
}

const PG_ERRORS: Record<string, [number, string]> = {
  '23505': [409, 'A record with the same unique value already exists'],
  '23503': [409, 'The record is referenced by, or refers to, another record'],
  '22P02': [400, 'A value has the wrong format'],
  '22001': [400, 'A value is too long'],
  '22003': [400, 'A number is out of range'],
  '54000': [400, 'The request is too large to process'],
};

export function toProblem(err: unknown, req?: FastifyRequest): ProblemBody {
  if (err instanceof DomainError) {
    if (err instanceof ValidationError) return problem(400, err.message, { code: 'validation', errors: err.fields });
    if (err instanceof NotFoundError) return problem(404, err.message, { code: 'not_found' });
    if (err instanceof ForbiddenError) return problem(403, err.message, { code: 'forbidden' });
    if (err instanceof ConflictError) return problem(409, err.message, { code: 'conflict', ...(err.fields.length && { errors: err.fields }) });
    if (err instanceof UnauthenticatedError) return problem(401, err.message, { code: err.code });
    if (err instanceof TooManyRequestsError) return problem(429, err.message, { code: 'rate_limited', retryAfter: err.retryAfterSeconds });
    return problem(400, err.message, { code: err.code });
  }
  if (err instanceof ImportFileError) return problem(err.status, err.message, { code: err.code });
  const fe = err as FastifyError & { validationContext?: string; code?: string };
  if (fe?.validation) {
    return problem(400, 'The request is not valid', { code: 'validation', errors: fieldIssues(fe.validation as AjvIssue[], fe.validationContext) });
  }
  const pgCode = typeof fe?.code === 'string' && /^[0-9A-Z]{5}$/.test(fe.code) ? PG_ERRORS[fe.code] : undefined;
  if (pgCode) return problem(pgCode[0], pgCode[1], { code: `db_${fe.code}` });
  if (fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe instanceof SyntaxError && fe.statusCode === 400)) {
    return problem(400, 'The body is not valid JSON', { code: 'malformed_json' });
  }
  // busboy's parse errors are plain Errors: a cut or mislabelled upload is the client's fault.
  if (fe instanceof Error && !fe.statusCode && req?.isMultipart?.() && /unexpected end of form|malformed part header|boundary|multipart/i.test(fe.message)) {
    return problem(400, `The upload is not a well-formed multipart/form-data body (${fe.message})`, { code: 'malformed_multipart', errors: [{ field: 'file', message: 'the upload was cut or malformed' }] });
  }
  const status = fe?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(status, fe.message, { code: String(fe.code ?? TITLES[status] ?? 'error').toLowerCase() });
  }
  req?.log.error({ err }, 'unhandled error');
  return problem(500, 'Something went wrong on our side; the error was logged', { code: 'internal' });
}
