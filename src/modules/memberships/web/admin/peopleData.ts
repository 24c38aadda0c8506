import i18n, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { queryClient } from '../../../../web/session.ts';
import { formatMoney } from '../../money.ts';

export type {
  Dashboard,
  DashboardMonth,
  InvoiceSummary,
  MemberRow,
  Subscription,
  Tier,
} from '../../schema.ts';

/** The member filter's status values (GET /api/memberships/members?status=…). */
export const MEMBER_STATUSES = ['active', 'pending', 'paused', 'canceled', 'ended', 'none'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface MemberFilters {
  tier?: string;
  status?: MemberStatus;
  joinedFrom?: string;
  joinedTo?: string;
  q?: string;
}

export interface HistoryEntry {
  id: string;
  kind: string;
  reason: string;
  at: string;
  tier: string | null;
  actor: string | null;
}

/** Event kinds the server records (membership_events.kind); anything else is shown as it is. */
export const HISTORY_KINDS = [
  'started',
  'renewed',
  'canceled',
  'resumed',
  'expired',
  'paused',
  'unpaused',
  'granted',
  'revoked',
  'payment_confirmed',
] as const;

// Under `memberships.people` so they never collide with the keys the other memberships pages use.
export const peopleKeys = {
  dashboard: ['memberships', 'people', 'dashboard'] as const,
  tiers: ['memberships', 'people', 'tiers'] as const,
  members: (f: MemberFilters) => ['memberships', 'people', 'members', f] as const,
  history: (userId: string) => ['memberships', 'people', 'history', userId] as const,
  invoices: (status: InvoiceStatus | 'all') => ['memberships', 'people', 'invoices', status] as const,
};

/** A grant, revocation or payment changes members, invoices and the figures: every memberships query is stale. */
export const refreshMemberships = () => queryClient.invalidateQueries({ queryKey: ['memberships'] });

/**
 * A translated sentence for a failed memberships request. The server's own codes (already_member, …) get
 * the hosts' wording; `conflict` is ambiguous on the server, so the caller says what it means here.
 */
export function peopleError(err: unknown, t: TFunction, conflictKey?: string): string {
  if (isApiError(err)) {
    if (err.code === 'conflict' && conflictKey) return t(conflictKey);
    for (const key of [`memberships.people.errors.${err.code}`, `memberships.common.errors.${err.code}`]) {
      if (i18n.exists(key)) return t(key);
    }
  }
  return errorMessage(err, t);
}

/** Formatting in the viewer's language: dates, date+time, money in minor units, months as "Nov. 26". */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'de';
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const monthShort = new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const monthLong = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(lang);
  const monthDate = (ym: string) => {
    const [y, m] = ym.split('-').map(Number);
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1));
  };
  return {
    lang,
    date: (iso: string) => date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    money: (minor: number, currency: string) => formatMoney(minor, currency, lang),
    /** Axis ticks: whole units, no cents ("1.200 €"). */
    moneyTick: (minor: number, currency: string) =>
      new Intl.NumberFormat(lang, {
        style: 'currency',
        currency,
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }).format(minor / 100),
    number: (n: number) => number.format(n),
    /** "2026-11" → "Nov. 26" (German), "Nov 26" (English). */
    month: (ym: string) => monthShort.format(monthDate(ym)),
    /** "2026-11" → "November 2026", for tables and summaries. */
    monthLong: (ym: string) => monthLong.format(monthDate(ym)),
  };
}
export type Format = ReturnType<typeof useFormat>;

/** A date input's value (yyyy-mm-dd) as the end of that day in the viewer's time zone, in ISO form. */
export function endOfDayIso(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

/** Today as yyyy-mm-dd in the viewer's time zone (the `min` of date inputs). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
