import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal'
  | (string & {});

const statusByCode: Record<string, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

/** The one error type: services throw it, the error handler renders it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
    opts: { status?: ContentfulStatusCode; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? statusByCode[code] ?? 400;
    this.details = details ?? null;
    this.headers = opts.headers ?? {};
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
  requestId: string;
}

/** Turns zod issues into a stable, client-readable list. */
export function zodDetails(err: ZodError): { path: string; message: string; code: string }[] {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/** PostgreSQL's "invalid byte sequence" (22021) and "untranslatable character" (22P05). */
function isPgTextError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/** Renders any thrown value in the shared shape; unknown errors are logged and become a generic 500. */
export function renderError(err: unknown, c: Context, logger: Logger): Response {
  const requestId = (c.get('requestId' as never) as string | undefined) ?? '';
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if (err instanceof ZodError) appErr = new AppError('validation_failed', 'Invalid input', zodDetails(err));
  else if (err instanceof HTTPException) {
    const code =
      err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : err.status === 403 ? 'forbidden' : 'bad_request';
    appErr = new AppError(code, err.message || 'Bad request', null, { status: err.status as ContentfulStatusCode });
  } else if (isPgTextError(err)) {
    // A NUL byte or an unconvertible character reached a text column: bad input, not our failure.
    appErr = new AppError('bad_request', 'The text contains characters that cannot be stored.');
  } else if (err instanceof SyntaxError) {
    appErr = new AppError('bad_request', 'Malformed request body');
  } else {
    logger.error({ err, requestId }, 'unhandled error');
    appErr = new AppError('internal', 'Something went wrong on our side. Please try again.');
  }
  const body: ErrorBody = {
    error: { code: appErr.code, message: appErr.message, details: appErr.details },
    requestId,
  };
  return c.json(body, appErr.status, appErr.headers);
}
