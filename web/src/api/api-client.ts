import { ApiError } from './api-error.ts';
import type { Problem } from './types.ts';

/**
 * The one place that talks HTTP to the server. It remembers the session's CSRF token and sends
 * it on every state-changing request; the session itself rides in an HttpOnly cookie that
 * JavaScript never sees.
 */

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated call comes back 401: the session expired or was revoked. */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${buildQuery(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Login and "who am I" expect 401 and must not be treated as a lost session. */
  expectUnauthenticated?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

async function send(method: string, path: string, init: RequestInit, opts: RequestOptions): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  if (!SAFE_METHODS.has(method) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { ...init, method, headers, credentials: 'same-origin', signal: opts.signal ?? null });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ title: 'network', status: 0, code: 'network' });
  }
  if (res.status === 401 && !opts.expectUnauthenticated) onSessionLost?.();
  return res;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function toApiError(res: Response, body?: unknown): Promise<ApiError> {
  const data = body === undefined ? await readBody(res) : body;
  const retry = Number(res.headers.get('Retry-After'));
  const problem: Problem =
    data && typeof data === 'object' && 'status' in data
      ? (data as Problem)
      : { title: res.statusText || 'error', status: res.status, detail: typeof data === 'string' ? data.slice(0, 300) : undefined };
  return new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : null);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {};
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { 'Content-Type': 'application/json' };
  } else if (!SAFE_METHODS.has(method)) {
    // Some endpoints take no body; an empty JSON object keeps Content-Type honest for the server.
    init.body = '{}';
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await send(method, path, init, opts);
  const body = await readBody(res);
  if (!res.ok) throw await toApiError(res, body);
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

/**
 * Multipart upload. Returns status and parsed body rather than throwing on every non-2xx,
 * because the import endpoint answers 422 with a full report that the caller wants to show.
 */
export async function upload(path: string, form: FormData, query?: Query): Promise<{ status: number; body: unknown; response: Response }> {
  const res = await send('POST', path, { body: form }, { query });
  const body = await readBody(res);
  return { status: res.status, body, response: res };
}
