import type { TFunction } from 'i18next';
import { isApiError } from '../../../../../web/api.ts';
import type { FieldErrors } from '../../../../../web/errors.ts';

/**
 * A money amount as people type it ("5", "4,50", "4.50", "1.000,50") in minor units, or null.
 * A separator followed by three digits groups thousands; one followed by one or two digits is the decimal.
 */
export function parseAmount(input: string): number | null {
  const s = input
    .replace(/[\s\u00a0'’]/g, '')
    .replace(/^(€|EUR|SEK|CHF|kr|Fr\.?)|(€|EUR|SEK|CHF|kr|Fr\.?)$/gi, '');
  const m = /^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const whole = Number(m[1]!.replace(/[.,]/g, ''));
  const cents = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  const total = whole * 100 + cents;
  return Number.isSafeInteger(total) ? total : null;
}

/** "19" or "8,1" percent → basis points (1900, 810), or null. */
export function parsePercent(input: string): number | null {
  const s = input.trim().replace('%', '').trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** Basis points as a percent number for an input, in the reader's notation (1900 → "19", 810 → "8,1"). */
export function percentText(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(bp / 100);
}

/** A whole number from a text or number input; '' → null. */
export function parseWhole(input: string): number | null | 'invalid' {
  const s = input.trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'invalid';
  return Number(s);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An ISO time as the value of a `datetime-local` input, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (browser time zone) as ISO, or null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * "Valid until 31 August" includes that whole day: the end is the last second of that day in the
 * browser's time zone (so the public page, which shows the instant's date, says "until 31 Aug" too).
 * `untilDay` turns a date input into that instant, `dayOfUntil` turns an instant back into its day.
 */
export function untilDay(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).toISOString();
}

export function dayOfUntil(iso: string): Date {
  return new Date(new Date(iso).getTime() - 1);
}

/** The browser's time zone name, for hints next to time inputs. */
export function timeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

/** Formatters in the reader's language. */
export function formats(locale: string) {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    date: (iso: string | Date) => date.format(typeof iso === 'string' ? new Date(iso) : iso),
    dateTime: (iso: string | Date) => dateTime.format(typeof iso === 'string' ? new Date(iso) : iso),
    /** A `YYYY-MM-DD` calendar day, read as that day wherever the reader is. */
    day: (ymd: string) => {
      const [y, m, d] = ymd.split('-').map(Number);
      return date.format(new Date(y!, (m ?? 1) - 1, d ?? 1));
    },
  };
}

const GENERIC = new Set(['too_small', 'too_big', 'invalid_format', 'invalid_string', 'invalid_type']);

/**
 * The server's field issues, keyed by the first segment of their path (`includes.2` → `includes`).
 * `messages` gives a field its own translated sentence; the server's English messages never show.
 */
export function serverFieldErrors(
  err: unknown,
  t: TFunction,
  messages: Record<string, string> = {},
): FieldErrors {
  if (!isApiError(err)) return {};
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    const key = issue.path.split('.')[0] ?? '';
    if (!key || out[key]) continue;
    out[key] =
      messages[key] ??
      (GENERIC.has(issue.code) ? t(`errors.field.${issue.code}`) : t('errors.field.invalid_type'));
  }
  return out;
}

/** Only the fields that have a message, so client checks that passed never hide a server's message. */
export function defined(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => Boolean(v)));
}
