import type { TFunction } from 'i18next';
import { isApiError } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { type Currency, type Interval } from '../schema.ts';
import { formatMoney } from '../money.ts';

/** Query keys of the member pages (the home page shares the offer key for its "become a member" link). */
export const memberKeys = {
  all: ['memberships'] as const,
  me: ['memberships', 'me'] as const,
  offer: (invite: string) => ['memberships', 'offer', invite] as const,
  quote: (priceId: string) => ['memberships', 'quote', priceId] as const,
};

/** Membership error codes that have their own sentence in `memberships.common.errors`. */
const CODES = new Set([
  'enrolment_closed',
  'order_pending',
  'already_member',
  'sold_out',
  'offer_gone',
  'invalid_coupon',
  'payment_provider_unavailable',
]);

/** The code of a failed request when it is one of the memberships' own. */
export function membershipCode(err: unknown): string | null {
  return isApiError(err) && CODES.has(err.code) ? err.code : null;
}

/** A friendly sentence for any error of the member pages. */
export function membershipError(err: unknown, t: TFunction): string {
  const code = membershipCode(err);
  return code ? t(`memberships.common.errors.${code}`) : errorMessage(err, t);
}

const tag = (locale: string) => (locale === 'en' ? 'en-GB' : locale === 'sv' ? 'sv-SE' : 'de-DE');

/** "5,00 € / Monat", "50,00 € einmalig". */
export function priceText(
  t: TFunction,
  amount: number,
  currency: Currency,
  interval: Interval | null,
  locale: string,
): string {
  const money = formatMoney(amount, currency, locale);
  return interval ? `${money} ${t(`memberships.common.per.${interval}`)}` : money;
}

/** A timestamp as a long date in the reader's time zone: "1. Juli 2025". */
export function longDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long' }).format(new Date(iso));
}

/** A timestamp as a short date for tables: "01.07.2025". */
export function shortDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium' }).format(new Date(iso));
}

/** Two calendar days (YYYY-MM-DD) as one range without repeating what they share: "1. Juli – 31. August 2025". */
export function dayRange(from: string, to: string, locale: string): string {
  const f = new Intl.DateTimeFormat(tag(locale), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return f.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/** Two timestamps as a short range for tables. */
export function shortRange(from: string, to: string, locale: string): string {
  const f = new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium' });
  return f.formatRange(new Date(from), new Date(to));
}

/** A tax rate in basis points as a number for "19 %": 1900 → "19", 770 → "7,7". */
export function ratePercent(bp: number, locale: string): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 2 }).format(bp / 100);
}

/** An IBAN in groups of four, as printed on invoices and bank cards. */
export const groupIban = (iban: string): string => iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Where a server-given address leads: our own pages go through the router, Stripe's https pages through
 * the browser. Anything else (another scheme, a protocol-relative "//host") is refused.
 */
export function destination(url: string): { path: string } | { external: string } | null {
  if (url.startsWith('/') && !url.startsWith('//') && !url.includes('\\')) return { path: url };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin === window.location.origin) return { path: `${u.pathname}${u.search}${u.hash}` };
  return u.protocol === 'https:' ? { external: u.toString() } : null;
}
