import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR } from './api.ts';

export type FieldErrors = Record<string, string | undefined>;

/** Codes with their own sentence in `errors.codes`; anything else gets the generic message. */
const KNOWN = new Set([
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'INVALID_EMAIL_OR_PASSWORD',
  'EMAIL_NOT_VERIFIED',
  'INVALID_PASSWORD',
  'INVALID_EMAIL',
  'USER_ALREADY_EXISTS',
  'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'INVALID_TOKEN',
  'TOKEN_EXPIRED',
  'EMAIL_ALREADY_VERIFIED',
  'SESSION_EXPIRED',
  'SESSION_NOT_FRESH',
  'INVALID_CODE',
  'INVALID_BACKUP_CODE',
  'INVALID_TWO_FACTOR_COOKIE',
  'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE',
  'ACCOUNT_TEMPORARILY_LOCKED',
  'TOTP_ALREADY_ENABLED',
  'TWO_FACTOR_NOT_ENABLED',
]);

/** A friendly, translated sentence for any error a request can end with. */
export function errorMessage(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('errors.generic');
  if (err.code === NETWORK_ERROR) return t('errors.network');
  if (err.status === 429 || err.code === 'rate_limited') {
    return t('errors.rateLimited', { count: err.retryAfter ?? 60 });
  }
  if (KNOWN.has(err.code)) return t(`errors.codes.${err.code}`);
  if (err.status === 401) return t('errors.codes.unauthenticated');
  if (err.status === 403) return t('errors.codes.forbidden');
  if (err.status === 404) return t('errors.codes.not_found');
  if (err.status === 400 || err.status === 422) return t('errors.codes.validation_failed');
  return t('errors.generic');
}

const FIELD_CODES = new Set(['too_small', 'too_big', 'invalid_format', 'invalid_string', 'invalid_type']);

/** Validation issues of a failed request, keyed by field path, ready to show at the matching inputs. */
export function fieldErrorsOf(err: unknown, t: TFunction): FieldErrors {
  if (!(err instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    if (!issue.path || out[issue.path]) continue;
    out[issue.path] = FIELD_CODES.has(issue.code)
      ? t(`errors.field.${issue.code}`)
      : issue.message || t('errors.codes.validation_failed');
  }
  return out;
}

export const hasErrors = (e: FieldErrors): boolean => Object.values(e).some(Boolean);
