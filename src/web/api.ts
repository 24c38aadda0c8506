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
  const json = parseJson(res.status === 204 ? '' : await res.text());
  if (!res.ok) throw errorFrom(res.status, res.statusText, json, (h) => res.headers.get(h));
  return json as T;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The server's error body (`{ error: { code, message, details }, requestId }`) as an `ApiError`. */
function errorFrom(status: number, statusText: string, json: unknown, header: (name: string) => string | null): ApiError {
  const e = (json as { error?: { code?: unknown; message?: unknown; details?: unknown }; requestId?: unknown })?.error;
  return new ApiError({
    status,
    code: typeof e?.code === 'string' ? e.code : status === 429 ? 'rate_limited' : `http_${status}`,
    message: typeof e?.message === 'string' ? e.message : statusText,
    details: e?.details,
    requestId: typeof (json as { requestId?: unknown })?.requestId === 'string'
      ? (json as { requestId: string }).requestId
      : header('x-request-id'),
    retryAfter: parseRetryAfter(header('Retry-After')),
  });
}

/**
 * Uploads one file as multipart field `file` and reports progress (0–1); fetch cannot report upload
 * progress, so this one request uses XMLHttpRequest. Aborting rejects with an `AbortError`.
 */
export function uploadFile<T>(path: string, file: File, onProgress?: (share: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const json = parseJson(xhr.status === 204 ? '' : xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
      else reject(errorFrom(xhr.status, xhr.statusText, json, (h) => xhr.getResponseHeader(h)));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: NETWORK_ERROR, message: 'Network request failed' }));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
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
