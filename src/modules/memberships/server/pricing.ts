import type { InvoiceLine, PriceInterval } from './documents.ts';

/** What a coupon takes off. */
export interface Discount {
  percentOff: number | null;
  amountOff: number | null;
}

export interface TaxSetup {
  rateBp: number;
  smallBusiness: boolean;
}

/** The legal exemption note for small businesses (§ 19 UStG), per language. */
export const SMALL_BUSINESS_NOTE: Record<string, string> = {
  de: 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet (Kleinunternehmerregelung).',
  en: 'No VAT is charged under § 19 UStG (German small business scheme).',
  sv: 'Ingen moms debiteras enligt § 19 UStG (tyska småföretagarregeln).',
};

export function effectiveRate(tax: TaxSetup): number {
  return tax.smallBusiness ? 0 : tax.rateBp;
}

/** The amount a price charges (gross), before any discount. Prices "plus VAT" add it on top. */
export function grossOf(amount: number, taxIncluded: boolean, rateBp: number): number {
  return taxIncluded ? amount : amount + Math.round((amount * rateBp) / 10_000);
}

/** Net and tax inside a gross amount at one rate (the tax is what is left, so net + tax = gross). */
export function splitGross(gross: number, rateBp: number): { net: number; tax: number } {
  const net = Math.round((gross * 10_000) / (10_000 + rateBp));
  return { net, tax: gross - net };
}

export function discountOf(gross: number, d: Discount | null): number {
  if (!d) return 0;
  if (d.percentOff !== null) return Math.round((gross * d.percentOff) / 100);
  return Math.min(gross, d.amountOff ?? 0);
}

export interface Quoted {
  listGross: number;
  discount: number;
  gross: number;
  net: number;
  tax: number;
  rateBp: number;
}

/** What a buyer pays for one period of a price, with an optional discount. */
export function quote(amount: number, taxIncluded: boolean, tax: TaxSetup, d: Discount | null): Quoted {
  const rateBp = effectiveRate(tax);
  const listGross = grossOf(amount, taxIncluded, rateBp);
  const discount = discountOf(listGross, d);
  const gross = listGross - discount;
  const { net, tax: t } = splitGross(gross, rateBp);
  return { listGross, discount, gross, net, tax: t, rateBp };
}

/** Invoice lines for a quote: the service, and the discount as its own line. Sums match the quote. */
export function invoiceLines(description: string, q: Quoted, discountLabel: string | null): InvoiceLine[] {
  const line = (text: string, gross: number): InvoiceLine => {
    const { net, tax } = splitGross(gross, q.rateBp);
    return { description: text, quantity: 1, unitNet: net, net, taxRateBp: q.rateBp, tax, gross };
  };
  const lines = [line(description, q.listGross)];
  if (q.discount > 0) lines.push(line(discountLabel ?? 'Rabatt', -q.discount));
  return lines;
}

export function totals(lines: InvoiceLine[]): { net: number; tax: number; gross: number } {
  return lines.reduce((s, l) => ({ net: s.net + l.net, tax: s.tax + l.tax, gross: s.gross + l.gross }), { net: 0, tax: 0, gross: 0 });
}

/** The end of a billing period that starts at `start` (calendar months; the 31st clamps to the month's end). */
export function addInterval(start: Date, interval: Exclude<PriceInterval, 'once'>, count = 1): Date {
  const months = interval === 'month' ? count : 12 * count;
  const d = new Date(start.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}


