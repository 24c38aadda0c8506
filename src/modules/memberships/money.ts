/**
 * Plain values shared by the memberships server and pages, free of zod so the pages' chunks stay small.
 */
export const CURRENCIES = ['EUR', 'SEK', 'CHF'] as const;
export const INTERVALS = ['month', 'year', 'once'] as const;

export type Currency = (typeof CURRENCIES)[number];
export type Interval = (typeof INTERVALS)[number];

/** Format minor units for display, e.g. 500 EUR → "5,00 €". */
export function formatMoney(amount: number, currency: string, locale = 'de'): string {
  const tag = locale === 'en' ? 'en-GB' : locale === 'sv' ? 'sv-SE' : 'de-DE';
  return new Intl.NumberFormat(tag, { style: 'currency', currency }).format(amount / 100);
}
