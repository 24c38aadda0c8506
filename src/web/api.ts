/**
 * The one way the SPA talks to the server: same-origin fetch with the session cookie, JSON in and out,
 * and every failure turned into an `ApiError` that pages can translate and map onto form fields.
 */

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;
  /** Seconds from the `Retry-After` header of a 429 answer. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? null;
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** Validation issues from `details`, with paths joined by dots (`['profile', 'name']` → `profile.name`). */
  get issues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.flatMap((d: unknown) => {
      if (!d || typeof d !== 'object') return [];
      const { path, message, code } = d as { path?: unknown; message?: unknown; code?: unknown };
      const p = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
      return [{ path: p, message: typeof message === 'string' ? message : '', code: String(code ?? '') }];
    });
  }
}

export const NETWORK_ERROR = 'network_error';

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

type Body = Record<string, unknown> | FormData | undefined;

async function request<T>(method: string, path: string, body?: Body, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'Network request failed' });
  }
  const text = res.status === 204 ? '' : await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: unknown; message?: unknown; details?: unknown }; requestId?: unknown })
      ?.error;
    throw new ApiError({
      status: res.status,
      code: typeof e?.code === 'string' ? e.code : res.status === 429 ? 'rate_limited' : `http_${res.status}`,
      message: typeof e?.message === 'string' ? e.message : res.statusText,
      details: e?.details,
      requestId: typeof (json as { requestId?: unknown })?.requestId === 'string'
        ? (json as { requestId: string }).requestId
        : res.headers.get('x-request-id'),
      retryAfter: parseRetryAfter(res.headers.get('Retry-After')),
    });
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body: Body = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: Body) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: Body) => request<T>('PUT', path, body),
  delete: <T>(path: string, body?: Body) => request<T>('DELETE', path, body),
};

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

// Shapes of the server's answers, as the API contract describes them.

export type Locale = 'de' | 'en' | 'sv';
export type Role = 'owner' | 'admin' | 'moderator' | 'member';

export interface Community {
  name: string;
  brandColor: string;
  logoUrl: string | null;
  setupNeeded: boolean;
  defaultLocale: Locale;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  bio: string | null;
  image: string | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

export interface Session {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  current: boolean;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  image: string | null;
  emailVerified: boolean;
  createdAt: string;
}

export type MailStatus = 'queued' | 'sent' | 'stored' | 'failed';

export interface Mail {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface MailDetail extends Mail {
  text: string;
  html: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
