import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { type Actor, roleAtLeast } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';
import type { CheckoutInput, InvoiceSummary, MyMembership, Quote, Subscription } from '../schema.ts';
import { formatMoney } from '../schema.ts';
import { type Catalogue, type CouponRow, GRANTING, type PriceRow, priceAvailable, type SettingsRow, type TierRow, enrolmentOpen } from './catalogue.ts';
import type { InvoiceDocument, InvoiceLine } from './documents.ts';
import { addDays, addInterval, invoiceLines, quote, SMALL_BUSINESS_NOTE, totals } from './pricing.ts';

/** What billing needs from a payment provider that takes cards (Stripe). */
export interface CardProvider {
  createCheckout(input: {
    mode: 'subscription' | 'payment';
    subscriptionId: string;
    email: string;
    customerId?: string | null;
    productName: string;
    amount: number;
    currency: 'EUR' | 'SEK' | 'CHF';
    interval?: 'month' | 'year';
    trialDays?: number;
    coupon?: { id: string; percentOff?: number; amountOff?: number; currency?: string; duration: 'once' | 'repeating' | 'forever'; durationMonths?: number } | null;
    successUrl: string;
    cancelUrl: string;
    locale: 'de' | 'en' | 'sv';
  }): Promise<{ id: string; url: string }>;
  createPortal(customerId: string, returnUrl: string): Promise<string>;
  shiftBilling(stripeSubscriptionId: string, until: Date): Promise<void>;
  pauseCollection(stripeSubscriptionId: string, resumesAt: Date | null): Promise<void>;
  cancelAtPeriodEnd(stripeSubscriptionId: string, cancel: boolean): Promise<void>;
}

export interface SubscriptionRow {
  id: string;
  user_id: string;
  tier_id: string;
  price_id: string | null;
  coupon_id: string | null;
  provider: 'manual' | 'stripe' | 'free' | 'grant';
  status: Subscription['status'];
  founding: boolean;
  product_ids: string[];
  current_period_start: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  pause_from: Date | null;
  pause_until: Date | null;
  discount_periods_left: number | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_checkout_id: string | null;
  stripe_event_at: Date | null;
  stripe_event_rank: number;
  reason: string;
  revoked_at: Date | null;
  activated_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
}

interface InvoiceRow {
  id: string;
  number: string;
  user_id: string | null;
  subscription_id: string | null;
  status: 'open' | 'paid' | 'void';
  provider: 'manual' | 'stripe';
  issued_at: Date;
  due_at: Date | null;
  paid_at: Date | null;
  period_start: Date | null;
  period_end: Date | null;
  currency: 'EUR' | 'SEK' | 'CHF';
  lines: InvoiceLine[];
  net_total: number;
  tax_total: number;
  gross_total: number;
  tax_rate_bp: number;
  tax_note: string;
  seller: InvoiceDocument['seller'];
  buyer: InvoiceDocument['buyer'] & { locale?: string };
  payment: InvoiceDocument['payment'];
}

export interface BillingDeps {
  db: Kysely<any>;
  catalogue: Catalogue;
  sendMail: (input: SendMailInput, trx?: Kysely<any>) => Promise<unknown>;
  publicUrl: string;
  card: (settings: SettingsRow) => CardProvider | null;
  now: () => Date;
  logger: Logger;
}

/** How long one actor object's grants are reused (a socket re-checks after this). */
const GRANTS_TTL_MS = 5_000;

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const locales = new Set(['de', 'en', 'sv']);
const localeOf = (l: string | null | undefined): 'de' | 'en' | 'sv' => (l && locales.has(l) ? (l as 'de' | 'en' | 'sv') : 'de');

const INTERVAL_WORD: Record<string, Record<string, string>> = {
  de: { month: 'monatlich', year: 'jährlich', once: 'einmalig' },
  en: { month: 'monthly', year: 'yearly', once: 'one-off' },
  sv: { month: 'månadsvis', year: 'årsvis', once: 'engångs' },
};
const MEMBERSHIP_WORD: Record<string, string> = { de: 'Mitgliedschaft', en: 'Membership', sv: 'Medlemskap' };
const DISCOUNT_WORD: Record<string, string> = { de: 'Rabatt', en: 'Discount', sv: 'Rabatt' };

function dateText(d: Date | null, locale: string): string {
  if (!d) return '–';
  const tag = locale === 'en' ? 'en-GB' : locale === 'sv' ? 'sv-SE' : 'de-DE';
  return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(d));
}

/** Subscriptions, checkout, invoices, payments and renewals; the access grants come from here too. */
export function createBilling(deps: BillingDeps) {
  const { db, catalogue, now, logger } = deps;
  const url = (p: string) => new URL(p, deps.publicUrl).toString();

  async function user(trx: Kysely<any>, id: string): Promise<{ id: string; name: string; email: string; locale: string | null }> {
    const u = await trx.selectFrom('users').select(['id', 'name', 'email', 'locale']).where('id', '=', id).executeTakeFirst();
    if (!u) throw new AppError('not_found', 'No such member.');
    return u as { id: string; name: string; email: string; locale: string | null };
  }

  async function event(trx: Kysely<any>, e: { sub: Pick<SubscriptionRow, 'id' | 'user_id' | 'tier_id'>; kind: string; actorId?: string | null; reason?: string; at?: Date }) {
    await trx
      .insertInto('membership_events')
      .values({ id: uuidv7(), subscription_id: e.sub.id, user_id: e.sub.user_id, tier_id: e.sub.tier_id, kind: e.kind, actor_id: e.actorId ?? null, reason: e.reason ?? '', at: e.at ?? now() })
      .execute();
  }

  function taxSetup(s: SettingsRow) {
    return { rateBp: s.tax_rate_bp, smallBusiness: s.small_business };
  }

  function taxNote(s: SettingsRow, locale: string): string {
    return s.small_business ? (SMALL_BUSINESS_NOTE[locale] ?? (SMALL_BUSINESS_NOTE.de as string)) : '';
  }

  function discountFor(c: CouponRow | null) {
    return c ? { percentOff: c.percent_off, amountOff: c.amount_off } : null;
  }

  function describeCoupon(c: CouponRow, locale: string): string {
    const off = c.percent_off !== null ? `${c.percent_off} %` : formatMoney(c.amount_off ?? 0, c.currency ?? 'EUR', locale);
    return `${DISCOUNT_WORD[localeOf(locale)]} ${c.code} (−${off})`;
  }

  function serviceText(tier: TierRow, price: PriceRow | null, locale: string): string {
    const l = localeOf(locale);
    const interval = price ? ` (${INTERVAL_WORD[l]![price.interval]})` : '';
    return `${MEMBERSHIP_WORD[l]} „${tier.name}“${interval}`;
  }

  /** The next number in this year's gapless sequence; the row lock serialises concurrent invoices. */
  async function nextNumber(trx: Kysely<any>, at: Date): Promise<string> {
    const year = at.getUTCFullYear();
    const r = await sql<{ last: number }>`insert into invoice_counters (year, last) values (${year}, 1)
      on conflict (year) do update set last = invoice_counters.last + 1 returning last`.execute(trx);
    return `${year}-${String(r.rows[0]!.last).padStart(4, '0')}`;
  }

  async function issueInvoice(
    trx: Kysely<any>,
    o: {
      sub: SubscriptionRow;
      tier: TierRow;
      price: PriceRow | null;
      coupon: CouponRow | null;
      settings: SettingsRow;
      periodStart: Date;
      periodEnd: Date;
      status: 'open' | 'paid';
      provider: 'manual' | 'stripe';
      providerRef?: string;
      /** A gross amount the provider actually charged (Stripe), instead of our quote. */
      chargedGross?: number;
      currency?: 'EUR' | 'SEK' | 'CHF';
    },
  ): Promise<InvoiceRow> {
    const u = await user(trx, o.sub.user_id);
    const locale = localeOf(u.locale);
    const billing = await trx.selectFrom('billing_profiles').selectAll().where('user_id', '=', u.id).executeTakeFirst();
    const s = o.settings;
    const tax = taxSetup(s);
    let lines: InvoiceLine[];
    if (o.chargedGross !== undefined) {
      lines = invoiceLines(serviceText(o.tier, o.price, locale), quote(o.chargedGross, true, tax, null), null);
    } else {
      if (!o.price) throw new Error('issueInvoice without a price');
      const q = quote(o.price.amount, o.price.tax_included, tax, discountFor(o.coupon));
      lines = invoiceLines(serviceText(o.tier, o.price, locale), q, o.coupon ? describeCoupon(o.coupon, locale) : null);
    }
    const t = totals(lines);
    const issuedAt = now();
    const number = await nextNumber(trx, issuedAt);
    const row = {
      id: uuidv7(),
      number,
      user_id: u.id,
      subscription_id: o.sub.id,
      status: o.status,
      provider: o.provider,
      provider_ref: o.providerRef ?? null,
      issued_at: issuedAt,
      due_at: o.status === 'open' ? addDays(issuedAt, s.payment_terms_days) : null,
      paid_at: o.status === 'paid' ? issuedAt : null,
      period_start: o.periodStart,
      period_end: o.periodEnd,
      currency: o.currency ?? o.price?.currency ?? 'EUR',
      lines: JSON.stringify(lines),
      net_total: t.net,
      tax_total: t.tax,
      gross_total: t.gross,
      tax_rate_bp: s.small_business ? 0 : s.tax_rate_bp,
      tax_note: taxNote(s, locale),
      seller: JSON.stringify({ name: s.seller_name, address: s.seller_address, email: s.seller_email, taxNumber: s.tax_number, vatId: s.vat_id }),
      buyer: JSON.stringify({ name: billing?.name ?? u.name, address: billing?.address ?? '', email: u.email, vatId: billing?.vat_id ?? '', locale }),
      payment: JSON.stringify(o.provider === 'manual' ? { holder: s.bank_holder, iban: s.iban, bic: s.bic, reference: number } : {}),
    };
    await trx.insertInto('invoices').values(row).execute();
    return (await trx.selectFrom('invoices').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as InvoiceRow;
  }

  async function invoiceMail(trx: Kysely<any>, template: 'orderPlaced' | 'renewalInvoice', inv: InvoiceRow, tier: TierRow, sub: SubscriptionRow) {
    const u = await user(trx, inv.user_id!);
    const locale = localeOf(u.locale);
    const s = await catalogue.settingsRow(trx);
    await deps.sendMail(
      {
        to: u.email,
        template: `memberships.${template}`,
        locale,
        data: {
          name: u.name,
          tier: tier.name,
          number: inv.number,
          amount: formatMoney(inv.gross_total, inv.currency, locale),
          due: dateText(inv.due_at, locale),
          holder: s.bank_holder || s.seller_name,
          iban: s.iban,
          bic: s.bic,
          periodEnd: dateText(sub.current_period_end, locale),
          period: `${dateText(inv.period_start, locale)} – ${dateText(inv.period_end, locale)}`,
          url: url('/membership'),
        },
      },
      trx,
    );
  }

  async function simpleMail(trx: Kysely<any>, template: 'paymentConfirmed' | 'welcome' | 'canceled', sub: SubscriptionRow, extra: Record<string, string> = {}) {
    const u = await user(trx, sub.user_id);
    const tier = await catalogue.requireTier(sub.tier_id, trx);
    const locale = localeOf(u.locale);
    await deps.sendMail(
      {
        to: u.email,
        template: `memberships.${template}`,
        locale,
        data: { name: u.name, tier: tier.name, periodEnd: dateText(sub.current_period_end, locale), url: url(template === 'canceled' ? '/membership' : '/'), ...extra },
      },
      trx,
    );
  }

  async function lockSub(trx: Kysely<any>, id: string): Promise<SubscriptionRow> {
    const s = (await trx.selectFrom('subscriptions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as SubscriptionRow | undefined;
    if (!s) throw new AppError('not_found', 'No such membership.');
    return s;
  }

  function grantsNow(s: SubscriptionRow, at: Date): boolean {
    if (!['trialing', 'active', 'past_due', 'canceled'].includes(s.status) || !s.activated_at) return false;
    if (s.current_period_end && new Date(s.current_period_end) <= at) return false;
    if (s.pause_from && new Date(s.pause_from) <= at && (!s.pause_until || new Date(s.pause_until) > at)) return false;
    return true;
  }

  async function presentSubs(rows: SubscriptionRow[], settings: SettingsRow): Promise<Subscription[]> {
    if (rows.length === 0) return [];
    const tiers = new Map((await catalogue.tierRows({ includeArchived: true })).map((t) => [t.id, t]));
    const priceIds = rows.map((r) => r.price_id).filter((x): x is string => Boolean(x));
    const prices = new Map(
      priceIds.length ? ((await db.selectFrom('tier_prices').selectAll().where('id', 'in', priceIds).execute()) as PriceRow[]).map((p) => [p.id, p]) : [],
    );
    const at = now();
    return rows.map((r) => {
      const p = r.price_id ? prices.get(r.price_id) : undefined;
      const recurring = Boolean(p && p.interval !== 'once');
      return {
        id: r.id,
        tierId: r.tier_id,
        tierName: tiers.get(r.tier_id)?.name ?? '?',
        provider: r.provider,
        status: r.status,
        active: grantsNow(r, at),
        founding: r.founding,
        interval: p?.interval ?? null,
        amount: p?.amount ?? null,
        currency: p?.currency ?? null,
        priceId: p?.id ?? null,
        taxIncluded: p?.tax_included ?? null,
        currentPeriodEnd: iso(r.current_period_end),
        cancelAtPeriodEnd: r.cancel_at_period_end,
        pauseFrom: iso(r.pause_from),
        pauseUntil: iso(r.pause_until),
        canPause:
          settings.member_pause_allowed &&
          recurring &&
          (r.provider === 'manual' || r.provider === 'stripe') &&
          ['active', 'trialing'].includes(r.status) &&
          !r.pause_from &&
          !r.cancel_at_period_end,
        reason: r.reason,
        createdAt: iso(r.created_at)!,
      };
    });
  }

  function presentInvoice(i: InvoiceRow & { member_name?: string | null; member_email?: string | null }): InvoiceSummary {
    return {
      id: i.id,
      number: i.number,
      status: i.status,
      issuedAt: iso(i.issued_at)!,
      dueAt: iso(i.due_at),
      paidAt: iso(i.paid_at),
      periodStart: iso(i.period_start),
      periodEnd: iso(i.period_end),
      grossTotal: i.gross_total,
      currency: i.currency,
      description: i.lines[0]?.description ?? '',
      provider: i.provider,
      subscriptionId: i.subscription_id,
      member: { id: i.user_id, name: i.member_name ?? i.buyer.name, email: i.member_email ?? i.buyer.email ?? '' },
      pdfUrl: `/api/memberships/invoices/${i.id}/pdf`,
    };
  }

  /** Voids open invoices of a subscription for periods from `from` on (a pause, a cancellation). */
  async function voidOpenInvoices(trx: Kysely<any>, subId: string, from: Date | null) {
    let q = trx.updateTable('invoices').set({ status: 'void' }).where('subscription_id', '=', subId).where('status', '=', 'open');
    if (from) q = q.where('period_start', '>=', from);
    await q.execute();
  }

  async function quoteFor(actor: Actor, input: { priceId: string; couponCode?: string }): Promise<Quote> {
    const price = await catalogue.requirePrice(input.priceId);
    const tier = await catalogue.requireTier(price.tier_id);
    const s = await catalogue.settingsRow();
    const coupon = input.couponCode ? await catalogue.usableCoupon(db, input.couponCode, tier.id, price.currency) : null;
    const q = quote(price.amount, price.tax_included, taxSetup(s), discountFor(coupon));
    return {
      tierName: tier.name,
      interval: price.interval,
      currency: price.currency,
      listAmount: q.listGross,
      discount: q.discount,
      gross: q.gross,
      net: q.net,
      tax: q.tax,
      taxRateBp: q.rateBp,
      taxNote: taxNote(s, actor.locale),
      couponCode: coupon?.code ?? null,
      couponDescription: coupon ? describeCoupon(coupon, actor.locale) : null,
      couponDuration: coupon?.duration ?? null,
      couponMonths: coupon?.duration_months ?? null,
      trialDays: price.interval === 'once' ? 0 : tier.trial_days,
    };
  }

  /**
   * Buys a tier (or joins a free one). Everything that can run out (member limit, offer places,
   * coupon redemptions) is claimed in this one transaction; the tier row lock serialises buyers.
   */
  async function checkout(actor: Actor, input: CheckoutInput): Promise<{ subscriptionId: string; status: Subscription['status']; redirectUrl: string; invoiceId: string | null }> {
    const settings = await catalogue.settingsRow();
    const card = input.provider === 'stripe' ? deps.card(settings) : null;
    if (input.provider === 'stripe' && !card) throw new AppError('unprocessable', 'Card payment is not set up in this community.', null, { status: 422 });
    const result = await db.transaction().execute(async (trx) => {
      let price: PriceRow | null = null;
      let tierId = input.tierId ?? null;
      if (input.priceId) {
        price = (await trx.selectFrom('tier_prices').selectAll().where('id', '=', input.priceId).executeTakeFirst()) as PriceRow | undefined ?? null;
        if (!price) throw new AppError('not_found', 'No such price.');
        tierId = price.tier_id;
      }
      const tier = await catalogue.requireTier(tierId!, trx, true);
      const invited = Boolean(input.invite) && input.invite === tier.invite_code;
      if (tier.archived_at) throw new AppError('not_found', 'No such tier.');
      if (tier.invite_only && !invited) throw new AppError('forbidden', 'This tier is by invitation only.');
      if (!invited && !enrolmentOpen(settings, now())) throw new AppError('enrolment_closed', 'Enrolment is closed right now. Join the interest list to hear when it opens.', null, { status: 409 });
      if (!tier.free && !price) throw new AppError('validation_failed', 'Choose a price for this tier.', [{ path: 'priceId', message: 'Required', code: 'custom' }]);
      if (tier.free && price) throw new AppError('validation_failed', 'This tier is free.', [{ path: 'priceId', message: 'Not for a free tier', code: 'custom' }]);

      // One open membership per tier: a running one is kept, a pending order is shown again, a lapsed one is closed.
      const open = (await trx
        .selectFrom('subscriptions')
        .selectAll()
        .where('user_id', '=', actor.id)
        .where('tier_id', '=', tier.id)
        .where('status', 'not in', ['void', 'expired'])
        .forUpdate()
        .executeTakeFirst()) as SubscriptionRow | undefined;
      if (open) {
        if (open.status === 'pending' && open.provider === 'stripe') {
          // A card checkout that was left: a new order replaces it (its Stripe session simply expires).
          await voidPending(trx, open);
        } else if (open.status === 'pending') {
          throw new AppError('order_pending', 'You already ordered this tier; your invoice is on your membership page.', { subscriptionId: open.id }, { status: 409 });
        }
        if (grantsNow(open, now()) || (open.pause_until && new Date(open.pause_until) > now())) {
          throw new AppError('already_member', 'You already have this membership.', { subscriptionId: open.id }, { status: 409 });
        }
        await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: open.current_period_end ?? now(), updated_at: now() }).where('id', '=', open.id).execute();
        await voidOpenInvoices(trx, open.id, null);
      }

      if (tier.member_limit !== null) {
        const taken = await trx
          .selectFrom('subscriptions as s')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('s.tier_id', '=', tier.id)
          .where((eb) => eb.or([eb('s.status', '=', 'pending'), GRANTING as never]))
          .executeTakeFirstOrThrow();
        if (Number(taken.n) >= tier.member_limit) throw new AppError('sold_out', 'This tier is full.', null, { status: 409 });
      }

      let coupon: CouponRow | null = null;
      let founding = false;
      if (price) {
        if (!priceAvailable(price, now())) throw new AppError('offer_gone', 'This offer is no longer available.', null, { status: 409 });
        if (price.max_uses !== null) {
          const claimed = await trx
            .updateTable('tier_prices')
            .set({ uses: sql`uses + 1` })
            .where('id', '=', price.id)
            .where('uses', '<', price.max_uses)
            .returning('id')
            .executeTakeFirst();
          if (!claimed) throw new AppError('offer_gone', 'All places of this offer are taken.', null, { status: 409 });
          founding = true;
        }
        if (input.couponCode) {
          coupon = await catalogue.usableCoupon(trx, input.couponCode, tier.id, price.currency);
          const redeemed = await trx
            .updateTable('coupons')
            .set({ redemptions: sql`redemptions + 1` })
            .where('id', '=', coupon.id)
            .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('redemptions', '<', eb.ref('max_redemptions'))]))
            .returning('id')
            .executeTakeFirst();
          if (!redeemed) throw new AppError('invalid_coupon', 'This code has been used up.', [{ path: 'couponCode', message: 'Used up', code: 'custom' }], { status: 400 });
        }
        if (input.billing) {
          await trx
            .insertInto('billing_profiles')
            .values({ user_id: actor.id, name: input.billing.name, address: input.billing.address, vat_id: input.billing.vatId })
            .onConflict((oc) => oc.column('user_id').doUpdateSet({ name: input.billing!.name, address: input.billing!.address, vat_id: input.billing!.vatId, updated_at: now() }))
            .execute();
        } else {
          const has = await trx.selectFrom('billing_profiles').select('user_id').where('user_id', '=', actor.id).executeTakeFirst();
          if (!has) throw new AppError('validation_failed', 'Please give your name and address for the invoice.', [{ path: 'billing', message: 'Required', code: 'custom' }]);
        }
      }

      const t = now();
      const hadTier = await trx.selectFrom('subscriptions').select('id').where('user_id', '=', actor.id).where('tier_id', '=', tier.id).where('activated_at', 'is not', null).executeTakeFirst();
      const trial = price && price.interval !== 'once' && tier.trial_days > 0 && !hadTier ? tier.trial_days : 0;
      const sub: SubscriptionRow = {
        id: uuidv7(),
        user_id: actor.id,
        tier_id: tier.id,
        price_id: price?.id ?? null,
        coupon_id: coupon?.id ?? null,
        provider: tier.free ? 'free' : input.provider,
        status: 'pending',
        founding,
        product_ids: price?.product_ids ?? [],
        current_period_start: null,
        current_period_end: null,
        cancel_at_period_end: false,
        pause_from: null,
        pause_until: null,
        discount_periods_left: coupon ? (coupon.duration === 'once' ? 0 : coupon.duration === 'repeating' ? coupon.duration_months! - 1 : null) : null,
        stripe_customer_id: null,
        stripe_subscription_id: null,
        stripe_checkout_id: null,
        stripe_event_at: null,
        stripe_event_rank: 0,
        reason: '',
        revoked_at: null,
        activated_at: null,
        ended_at: null,
        created_at: t,
      };
      if (tier.free) {
        Object.assign(sub, { status: 'active', activated_at: t, current_period_start: t });
      } else if (trial && input.provider === 'manual') {
        Object.assign(sub, { status: 'trialing', activated_at: t, current_period_start: t, current_period_end: addDays(t, trial) });
      }
      await trx.insertInto('subscriptions').values(sub).execute();

      let invoiceId: string | null = null;
      if (sub.status === 'active' || sub.status === 'trialing') {
        await event(trx, { sub, kind: 'started', actorId: actor.id });
        await simpleMail(trx, 'welcome', sub);
      } else if (input.provider === 'manual' && price) {
        const periodEnd = price.interval === 'once' ? t : addInterval(t, price.interval);
        const inv = await issueInvoice(trx, { sub, tier, price, coupon, settings, periodStart: t, periodEnd, status: 'open', provider: 'manual' });
        invoiceId = inv.id;
        await invoiceMail(trx, 'orderPlaced', inv, tier, sub);
      }
      return { sub, tier, price, coupon, trial, invoiceId };
    });

    const { sub, tier, price, coupon, trial } = result;
    if (sub.provider === 'stripe' && card && price) {
      try {
        const s = await card.createCheckout({
          mode: price.interval === 'once' ? 'payment' : 'subscription',
          subscriptionId: sub.id,
          email: actor.email,
          productName: serviceText(tier, price, actor.locale),
          amount: quote(price.amount, price.tax_included, taxSetup(settings), null).listGross,
          currency: price.currency,
          ...(price.interval !== 'once' ? { interval: price.interval } : {}),
          trialDays: trial || undefined,
          coupon: coupon
            ? { id: coupon.id, percentOff: coupon.percent_off ?? undefined, amountOff: coupon.amount_off ?? undefined, currency: coupon.currency?.toLowerCase(), duration: coupon.duration, durationMonths: coupon.duration_months ?? undefined }
            : null,
          successUrl: url(`/membership?checkout=success&subscription=${sub.id}`),
          cancelUrl: url(`/membership?checkout=canceled&subscription=${sub.id}`),
          locale: localeOf(actor.locale),
        });
        await db.updateTable('subscriptions').set({ stripe_checkout_id: s.id }).where('id', '=', sub.id).execute();
        return { subscriptionId: sub.id, status: sub.status, redirectUrl: s.url, invoiceId: null };
      } catch (err) {
        logger.warn({ err, subscription: sub.id }, 'stripe checkout failed');
        await abandon(sub.id);
        throw new AppError('payment_provider_unavailable', 'The card payment service did not answer. Please try again or pay by bank transfer.', null, { status: 502 });
      }
    }
    const redirectUrl = sub.status === 'pending' ? `/membership?order=${sub.id}` : `/membership?welcome=${sub.id}`;
    return { subscriptionId: sub.id, status: sub.status, redirectUrl, invoiceId: result.invoiceId };
  }

  /** A pending order that will not be paid: its places and coupon are released, its invoice voided. */
  async function abandon(subId: string) {
    await db.transaction().execute(async (trx) => {
      const sub = await lockSub(trx, subId);
      if (sub.status === 'pending') await voidPending(trx, sub);
    });
  }

  /** Gives up a locked pending order: it becomes void, its offer place and coupon redemption return, its invoice is voided. */
  async function voidPending(trx: Kysely<any>, sub: SubscriptionRow) {
    await trx.updateTable('subscriptions').set({ status: 'void', ended_at: now(), updated_at: now() }).where('id', '=', sub.id).execute();
    if (sub.founding && sub.price_id) await trx.updateTable('tier_prices').set({ uses: sql`greatest(uses - 1, 0)` }).where('id', '=', sub.price_id).execute();
    if (sub.coupon_id) await trx.updateTable('coupons').set({ redemptions: sql`greatest(redemptions - 1, 0)` }).where('id', '=', sub.coupon_id).execute();
    await voidOpenInvoices(trx, sub.id, null);
  }

  /** The host confirms that a bank transfer arrived: the invoice is paid and the period starts or extends. */
  async function confirmPayment(actor: Actor, invoiceId: string): Promise<InvoiceSummary> {
    await db.transaction().execute(async (trx) => {
      const inv = (await trx.selectFrom('invoices').selectAll().where('id', '=', invoiceId).forUpdate().executeTakeFirst()) as InvoiceRow | undefined;
      if (!inv) throw new AppError('not_found', 'No such invoice.');
      if (inv.status === 'paid') return; // confirming twice changes nothing
      if (inv.status === 'void') throw new AppError('invoice_void', 'This invoice was cancelled; it cannot be paid.', null, { status: 409 });
      if (inv.provider !== 'manual') throw new AppError('conflict', 'Card payments are confirmed by Stripe, not by hand.');
      const t = now();
      await trx.updateTable('invoices').set({ status: 'paid', paid_at: t, confirmed_by: actor.id }).where('id', '=', inv.id).execute();
      if (!inv.subscription_id) return;
      const sub = await lockSub(trx, inv.subscription_id);
      if (sub.status === 'void' || sub.status === 'expired') {
        throw new AppError('membership_ended', 'This membership has ended; cancel the invoice and grant the tier by hand instead.', null, { status: 409 });
      }
      const first = !sub.activated_at || sub.status === 'trialing';
      const end = inv.period_end && inv.period_start && inv.period_end.getTime() === inv.period_start.getTime() ? null : inv.period_end;
      const newEnd = end === null ? null : sub.current_period_end && sub.status !== 'trialing' && new Date(sub.current_period_end) > new Date(end) ? sub.current_period_end : end;
      await trx
        .updateTable('subscriptions')
        .set({
          status: sub.status === 'canceled' ? 'canceled' : 'active',
          activated_at: sub.activated_at ?? t,
          current_period_start: first ? inv.period_start : sub.current_period_start,
          current_period_end: newEnd,
          updated_at: t,
        })
        .where('id', '=', sub.id)
        .execute();
      await event(trx, { sub, kind: 'payment_confirmed', actorId: actor.id, reason: inv.number });
      await event(trx, { sub, kind: first ? 'started' : 'renewed', actorId: actor.id });
      const updated = await lockSub(trx, sub.id);
      await simpleMail(trx, first ? 'welcome' : 'paymentConfirmed', updated, { number: inv.number });
    });
    return (await listInvoices({ id: invoiceId })).items[0]!;
  }

  /** A host cancels an open invoice (Storno); an order that was never paid is given up with it. */
  async function voidInvoice(actor: Actor, invoiceId: string, reason: string): Promise<InvoiceSummary> {
    const subId = await db.transaction().execute(async (trx) => {
      const inv = (await trx.selectFrom('invoices').selectAll().where('id', '=', invoiceId).forUpdate().executeTakeFirst()) as InvoiceRow | undefined;
      if (!inv) throw new AppError('not_found', 'No such invoice.');
      if (inv.status !== 'open') throw new AppError('invoice_not_open', 'Only an open invoice can be cancelled.', null, { status: 409 });
      await trx.updateTable('invoices').set({ status: 'void', confirmed_by: actor.id }).where('id', '=', inv.id).execute();
      if (inv.subscription_id) {
        const sub = await lockSub(trx, inv.subscription_id);
        await event(trx, { sub, kind: 'canceled', actorId: actor.id, reason: `${inv.number}: ${reason}` });
        return sub.status === 'pending' ? sub.id : null;
      }
      return null;
    });
    if (subId) await abandon(subId);
    return (await listInvoices({ id: invoiceId })).items[0]!;
  }

  async function listInvoices(f: { id?: string; userId?: string; status?: 'open' | 'paid' | 'void'; limit?: number }): Promise<{ items: InvoiceSummary[] }> {
    let q = db
      .selectFrom('invoices as i')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .selectAll('i')
      .select(['u.name as member_name', 'u.email as member_email'])
      .orderBy('i.issued_at', 'desc')
      .limit(f.limit ?? 200);
    if (f.id) q = q.where('i.id', '=', f.id);
    if (f.userId) q = q.where('i.user_id', '=', f.userId);
    if (f.status) q = q.where('i.status', '=', f.status);
    const rows = (await q.execute()) as (InvoiceRow & { member_name: string | null; member_email: string | null })[];
    return { items: rows.map(presentInvoice) };
  }

  /** The invoice as a document for the PDF: its owner or a host only. */
  async function invoiceDocument(actor: Actor, id: string, communityName: string): Promise<{ doc: InvoiceDocument; locale: 'de' | 'en' | 'sv' }> {
    const inv = (await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst()) as InvoiceRow | undefined;
    if (!inv || (inv.user_id !== actor.id && !roleAtLeast(actor.role, 'admin'))) throw new AppError('not_found', 'No such invoice.');
    return {
      locale: localeOf(inv.buyer.locale),
      doc: {
        number: inv.number,
        status: inv.status,
        issuedAt: new Date(inv.issued_at),
        dueAt: inv.due_at ? new Date(inv.due_at) : null,
        paidAt: inv.paid_at ? new Date(inv.paid_at) : null,
        periodStart: inv.period_start ? new Date(inv.period_start) : null,
        periodEnd: inv.period_end ? new Date(inv.period_end) : null,
        currency: inv.currency,
        seller: inv.seller,
        buyer: { name: inv.buyer.name, address: inv.buyer.address, email: inv.buyer.email, vatId: inv.buyer.vatId || undefined },
        lines: inv.lines,
        netTotal: inv.net_total,
        taxTotal: inv.tax_total,
        grossTotal: inv.gross_total,
        taxRateBp: inv.tax_rate_bp,
        taxNote: inv.tax_note,
        payment: inv.payment,
        communityName,
      },
    };
  }

  async function ownSub(actor: Actor, id: string, trx: Kysely<any>): Promise<SubscriptionRow> {
    const sub = await lockSub(trx, id);
    if (sub.user_id !== actor.id) throw new AppError('not_found', 'No such membership.');
    return sub;
  }

  async function cancel(actor: Actor, id: string): Promise<void> {
    const settings = await catalogue.settingsRow();
    let stripeId: string | null = null;
    await db.transaction().execute(async (trx) => {
      const sub = await ownSub(actor, id, trx);
      if (sub.status === 'pending') {
        stripeId = null;
        return;
      }
      if (!['active', 'trialing', 'past_due'].includes(sub.status)) throw new AppError('conflict', 'This membership is not running.');
      if (sub.provider === 'free' || sub.provider === 'grant' || !sub.current_period_end) {
        await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: now(), current_period_end: now(), updated_at: now() }).where('id', '=', sub.id).execute();
        await event(trx, { sub, kind: 'canceled', actorId: actor.id });
        return;
      }
      await trx.updateTable('subscriptions').set({ status: 'canceled', cancel_at_period_end: true, updated_at: now() }).where('id', '=', sub.id).execute();
      await voidOpenInvoices(trx, sub.id, sub.current_period_end);
      await event(trx, { sub, kind: 'canceled', actorId: actor.id });
      await simpleMail(trx, 'canceled', sub);
      stripeId = sub.provider === 'stripe' ? sub.stripe_subscription_id : null;
    });
    const sub = (await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as SubscriptionRow;
    if (sub.status === 'pending') return abandon(id);
    if (stripeId) await deps.card(settings)?.cancelAtPeriodEnd(stripeId, true);
  }

  async function resume(actor: Actor, id: string): Promise<void> {
    const settings = await catalogue.settingsRow();
    let stripeId: string | null = null;
    await db.transaction().execute(async (trx) => {
      const sub = await ownSub(actor, id, trx);
      if (sub.status !== 'canceled' || !sub.current_period_end || new Date(sub.current_period_end) <= now()) {
        throw new AppError('conflict', 'Only a cancelled membership that is still running can be resumed.');
      }
      const paid = await trx.selectFrom('invoices').select('id').where('subscription_id', '=', sub.id).where('status', '=', 'paid').executeTakeFirst();
      await trx.updateTable('subscriptions').set({ status: paid || sub.provider === 'stripe' ? 'active' : 'trialing', cancel_at_period_end: false, updated_at: now() }).where('id', '=', sub.id).execute();
      await event(trx, { sub, kind: 'resumed', actorId: actor.id });
      stripeId = sub.provider === 'stripe' ? sub.stripe_subscription_id : null;
    });
    if (stripeId) await deps.card(settings)?.cancelAtPeriodEnd(stripeId, false);
  }

  /** A member pauses their own membership from the end of the paid period, for whole months. */
  async function pause(actor: Actor, id: string, months: number | null): Promise<void> {
    const settings = await catalogue.settingsRow();
    let stripe: { id: string; until: Date | null } | null = null;
    await db.transaction().execute(async (trx) => {
      const sub = await ownSub(actor, id, trx);
      if (months === null) {
        if (!sub.pause_from) throw new AppError('conflict', 'This membership is not paused.');
        await trx.updateTable('subscriptions').set({ pause_from: null, pause_until: null, updated_at: now() }).where('id', '=', sub.id).execute();
        await event(trx, { sub, kind: 'unpaused', actorId: actor.id });
        if (sub.provider === 'stripe' && sub.stripe_subscription_id) stripe = { id: sub.stripe_subscription_id, until: null };
        return;
      }
      if (!settings.member_pause_allowed) throw new AppError('forbidden', 'Pausing is not offered in this community.');
      if (months < 1 || months > settings.member_pause_max_months) {
        throw new AppError('validation_failed', `Pause for 1 to ${settings.member_pause_max_months} months.`, [{ path: 'months', message: 'Out of range', code: 'custom' }]);
      }
      if (!['active', 'trialing'].includes(sub.status) || !sub.current_period_end || sub.pause_from || sub.cancel_at_period_end) {
        throw new AppError('conflict', 'Only a running membership that is not paused or cancelled can be paused.');
      }
      const from = new Date(sub.current_period_end);
      const until = addInterval(from, 'month', months);
      await trx.updateTable('subscriptions').set({ pause_from: from, pause_until: until, updated_at: now() }).where('id', '=', sub.id).execute();
      await voidOpenInvoices(trx, sub.id, from);
      await event(trx, { sub, kind: 'paused', actorId: actor.id, at: now() });
      if (sub.provider === 'stripe' && sub.stripe_subscription_id) stripe = { id: sub.stripe_subscription_id, until };
    });
    const s = stripe as { id: string; until: Date | null } | null;
    if (s) await deps.card(settings)?.pauseCollection(s.id, s.until);
  }

  async function portal(actor: Actor): Promise<string> {
    const settings = await catalogue.settingsRow();
    const card = deps.card(settings);
    const row = await db.selectFrom('subscriptions').select('stripe_customer_id').where('user_id', '=', actor.id).where('stripe_customer_id', 'is not', null).orderBy('created_at', 'desc').executeTakeFirst();
    if (!card || !row?.stripe_customer_id) throw new AppError('not_found', 'There is no card payment to manage.');
    return card.createPortal(row.stripe_customer_id as string, url('/membership'));
  }

  async function mine(actor: Actor): Promise<MyMembership> {
    const settings = await catalogue.settingsRow();
    const rows = (await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('user_id', '=', actor.id)
      .where('status', '!=', 'void')
      .orderBy('created_at', 'desc')
      .execute()) as SubscriptionRow[];
    const billing = await db.selectFrom('billing_profiles').selectAll().where('user_id', '=', actor.id).executeTakeFirst();
    const pauses = await db.selectFrom('billing_pauses').selectAll().where('ends_on', '>=', sql<Date>`current_date`).orderBy('starts_on').execute();
    return {
      // A host's reason for a grant is for hosts; the member sees the membership, not the note.
      subscriptions: (await presentSubs(rows, settings)).map((s) => ({ ...s, reason: '' })),
      invoices: (await listInvoices({ userId: actor.id })).items,
      billing: billing ? { name: billing.name, address: billing.address, vatId: billing.vat_id } : null,
      pauses: pauses.map(presentPause),
      memberPauseAllowed: settings.member_pause_allowed,
      memberPauseMaxMonths: settings.member_pause_max_months,
      portalAvailable: Boolean(deps.card(settings)) && rows.some((r) => r.stripe_customer_id),
      payment: { holder: settings.bank_holder || settings.seller_name, iban: settings.iban, bic: settings.bic },
    };
  }

  // One request asks for the same actor's grants several times (space list, feed, each space): the
  // actor object lives for one request (or one socket), so its answer is kept for a few seconds.
  const grantCache = new WeakMap<Actor, { at: number; grants: Promise<Set<string>> }>();

  /** The grants an actor holds: role, `member`, and `tier:`/`product:` for what runs right now. */
  function grants(actor: Actor): Promise<Set<string>> {
    const t = Date.now();
    const hit = grantCache.get(actor);
    if (hit && t - hit.at < GRANTS_TTL_MS) return hit.grants;
    const fresh = loadGrants(actor);
    grantCache.set(actor, { at: t, grants: fresh });
    fresh.catch(() => grantCache.delete(actor));
    return fresh;
  }

  /** One query: every tier, joined with the actor's memberships that grant right now. */
  async function loadGrants(actor: Actor): Promise<Set<string>> {
    const g = new Set<string>([`role:${actor.role}`]);
    if (roleAtLeast(actor.role, 'moderator')) g.add('member');
    const rows = await db
      .selectFrom('tiers as t')
      .leftJoin('subscriptions as s', (j) => j.onRef('s.tier_id', '=', 't.id').on('s.user_id', '=', actor.id).on(GRANTING))
      .select(['t.id', 't.position', 't.includes_lower', 't.archived_at', 's.id as sub_id', 's.product_ids'])
      .execute();
    // A community without tiers has no paid membership: every account is a member.
    if (!rows.some((r) => r.archived_at === null)) g.add('member');
    const held = rows.filter((r) => r.sub_id);
    for (const r of held) {
      g.add('member');
      g.add(`tier:${r.id}`);
      for (const p of (r.product_ids as string[] | null) ?? []) g.add(`product:${p}`);
      if (r.includes_lower) for (const lower of rows) if (lower.position < r.position) g.add(`tier:${lower.id}`);
    }
    return g;
  }

  async function grant(actor: Actor, input: { userId: string; tierId: string; until: string | null; reason: string }): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await user(trx, input.userId);
      const tier = await catalogue.requireTier(input.tierId, trx, true);
      const until = input.until ? new Date(input.until) : null;
      if (until && until <= now()) throw new AppError('validation_failed', 'The end date must be in the future.', [{ path: 'until', message: 'In the past', code: 'custom' }]);
      const open = (await trx
        .selectFrom('subscriptions')
        .selectAll()
        .where('user_id', '=', input.userId)
        .where('tier_id', '=', tier.id)
        .where('status', 'not in', ['void', 'expired'])
        .forUpdate()
        .executeTakeFirst()) as SubscriptionRow | undefined;
      if (open) {
        if (grantsNow(open, now()) || open.status === 'pending') throw new AppError('already_member', 'This member already has this tier (or an open order for it).', { subscriptionId: open.id }, { status: 409 });
        await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: open.current_period_end ?? now(), updated_at: now() }).where('id', '=', open.id).execute();
      }
      const t = now();
      const sub = {
        id: uuidv7(),
        user_id: input.userId,
        tier_id: tier.id,
        provider: 'grant',
        status: 'active',
        current_period_start: t,
        current_period_end: until,
        reason: input.reason,
        granted_by: actor.id,
        activated_at: t,
      };
      await trx.insertInto('subscriptions').values(sub).execute();
      await event(trx, { sub, kind: 'granted', actorId: actor.id, reason: input.reason });
    });
  }

  async function revoke(actor: Actor, subId: string, reason: string): Promise<void> {
    const settings = await catalogue.settingsRow();
    let stripeId: string | null = null;
    await db.transaction().execute(async (trx) => {
      const sub = await lockSub(trx, subId);
      if (sub.status === 'void' || sub.status === 'expired') throw new AppError('membership_ended', 'This membership has already ended.', null, { status: 409 });
      const t = now();
      const end = sub.current_period_end && new Date(sub.current_period_end) < t ? sub.current_period_end : t;
      await trx.updateTable('subscriptions').set({ status: 'expired', ended_at: t, current_period_end: end, revoked_at: t, updated_at: t }).where('id', '=', sub.id).execute();
      await voidOpenInvoices(trx, sub.id, null);
      await event(trx, { sub, kind: 'revoked', actorId: actor.id, reason });
      stripeId = sub.provider === 'stripe' ? sub.stripe_subscription_id : null;
    });
    if (stripeId) {
      await deps
        .card(settings)
        ?.cancelAtPeriodEnd(stripeId, true)
        .catch((err) => logger.warn({ err, subscription: subId }, 'could not cancel the Stripe subscription of a revoked membership'));
    }
  }

  function presentPause(p: Record<string, unknown>) {
    const d = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
    return { id: p.id as string, startsOn: d(p.starts_on), endsOn: d(p.ends_on), reason: p.reason as string, appliedAt: iso(p.applied_at as Date | null) };
  }

  /**
   * Housekeeping, run by a scheduled job (once per cluster) and callable in tests: applies billing
   * pauses that started, issues renewal invoices a week ahead, ends memberships whose time is up.
   */
  async function tick(): Promise<{ invoices: number; expired: number; pausesApplied: number }> {
    const t = now();
    let invoices = 0;
    let expired = 0;
    let pausesApplied = 0;
    const stripeShifts: { id: string; until: Date }[] = [];

    // 1. Community-wide billing pauses: every running recurring membership gets the pause's days for free.
    const due = await db.selectFrom('billing_pauses').selectAll().where('applied_at', 'is', null).where('starts_on', '<=', sql<Date>`${t}::date`).execute();
    for (const p of due) {
      await db.transaction().execute(async (trx) => {
        const locked = await trx.selectFrom('billing_pauses').select('applied_at').where('id', '=', p.id).forUpdate().executeTakeFirst();
        if (!locked || locked.applied_at) return;
        const days = Math.round((new Date(p.ends_on).getTime() - new Date(p.starts_on).getTime()) / 86_400_000) + 1;
        const shifted = (await sql<{ id: string; stripe_subscription_id: string | null; provider: string; current_period_end: Date }>`
          update subscriptions s set current_period_end = s.current_period_end + make_interval(days => ${days}), updated_at = now()
          from tier_prices p
          where p.id = s.price_id and p.interval <> 'once'
            and s.status in ('active', 'trialing', 'past_due', 'canceled') and s.revoked_at is null
            and s.current_period_end is not null and s.current_period_end > ${p.starts_on}::date
          returning s.id, s.stripe_subscription_id, s.provider, s.current_period_end`.execute(trx)).rows;
        for (const s of shifted) {
          await voidOpenInvoices(trx, s.id, null);
          if (s.provider === 'stripe' && s.stripe_subscription_id) stripeShifts.push({ id: s.stripe_subscription_id, until: new Date(s.current_period_end) });
        }
        await trx.updateTable('billing_pauses').set({ applied_at: t }).where('id', '=', p.id).execute();
        pausesApplied += shifted.length;
      });
    }
    if (stripeShifts.length) {
      const card = deps.card(await catalogue.settingsRow());
      for (const s of stripeShifts) await card?.shiftBilling(s.id, s.until).catch((err) => logger.warn({ err, stripe: s.id }, 'could not move a Stripe billing date for a pause'));
    }

    // 2. Renewal invoices for bank-transfer memberships, a week before the next period starts.
    const renewable = (await db
      .selectFrom('subscriptions as s')
      .innerJoin('tier_prices as p', 'p.id', 's.price_id')
      .selectAll('s')
      .where('s.provider', '=', 'manual')
      .where('s.status', 'in', ['active', 'trialing', 'past_due'])
      .where('s.cancel_at_period_end', '=', false)
      .where('s.revoked_at', 'is', null)
      .where('p.interval', '!=', 'once')
      .where(sql<boolean>`coalesce(greatest(s.pause_until, s.current_period_end), s.current_period_end) < ${addDays(t, 7)}`)
      .execute()) as SubscriptionRow[];
    for (const candidate of renewable) {
      await db.transaction().execute(async (trx) => {
        const sub = await lockSub(trx, candidate.id);
        const start = sub.pause_until && sub.current_period_end && new Date(sub.pause_until) > new Date(sub.current_period_end) ? new Date(sub.pause_until) : new Date(sub.current_period_end!);
        const has = await trx.selectFrom('invoices').select('id').where('subscription_id', '=', sub.id).where('status', '!=', 'void').where('period_start', '>=', start).executeTakeFirst();
        if (has) return;
        const price = (await trx.selectFrom('tier_prices').selectAll().where('id', '=', sub.price_id!).executeTakeFirstOrThrow()) as PriceRow;
        if (price.interval === 'once') return;
        const tier = await catalogue.requireTier(sub.tier_id, trx);
        const coupon =
          sub.coupon_id && (sub.discount_periods_left === null || sub.discount_periods_left > 0)
            ? ((await trx.selectFrom('coupons').selectAll().where('id', '=', sub.coupon_id).executeTakeFirst()) as CouponRow | undefined) ?? null
            : null;
        const settings = await catalogue.settingsRow(trx);
        const inv = await issueInvoice(trx, { sub, tier, price, coupon, settings, periodStart: start, periodEnd: addInterval(start, price.interval), status: 'open', provider: 'manual' });
        if (coupon && sub.discount_periods_left !== null) await trx.updateTable('subscriptions').set({ discount_periods_left: sub.discount_periods_left - 1 }).where('id', '=', sub.id).execute();
        await invoiceMail(trx, 'renewalInvoice', inv, tier, sub);
        invoices++;
      });
    }

    // 3. Ends: cancelled memberships at their period's end; unpaid ones a month after it.
    const ended = (await sql<SubscriptionRow>`
      update subscriptions set status = 'expired', ended_at = current_period_end, updated_at = now()
      where current_period_end is not null and (
        (status = 'canceled' and current_period_end <= ${t})
        or (status in ('active', 'trialing', 'past_due') and provider in ('manual', 'grant') and current_period_end <= ${addDays(t, -30)}
            and (pause_until is null or pause_until <= ${t}))
      )
      returning *`.execute(db)).rows;
    for (const sub of ended) {
      await event(db, { sub, kind: 'expired', at: sub.current_period_end ?? t });
      await voidOpenInvoices(db, sub.id, null);
    }
    expired += ended.length;
    await sql`update subscriptions set status = 'past_due', updated_at = now()
      where provider = 'manual' and status = 'active' and current_period_end <= ${t} and (pause_until is null or pause_until <= ${t})`.execute(db);
    // Orders never paid are given up after 30 days (places and coupons are released).
    const stale = await db.selectFrom('subscriptions').select('id').where('status', '=', 'pending').where('created_at', '<', addDays(t, -30)).execute();
    for (const s of stale) await abandon(s.id as string);
    return { invoices, expired, pausesApplied };
  }

  async function addPause(actor: Actor, input: { startsOn: string; endsOn: string; reason: string }) {
    const today = now().toISOString().slice(0, 10);
    if (input.startsOn < today) {
      throw new AppError('validation_failed', 'A pause cannot start in the past.', [{ path: 'startsOn', message: 'In the past', code: 'custom' }]);
    }
    const overlap = await db.selectFrom('billing_pauses').select('id').where('starts_on', '<=', input.endsOn).where('ends_on', '>=', input.startsOn).executeTakeFirst();
    if (overlap) throw new AppError('pause_overlaps', 'This pause overlaps another one.', null, { status: 409 });
    const id = uuidv7();
    await db.insertInto('billing_pauses').values({ id, starts_on: input.startsOn, ends_on: input.endsOn, reason: input.reason, created_by: actor.id }).execute();
    return presentPause((await db.selectFrom('billing_pauses').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>);
  }

  async function removePause(id: string) {
    const p = await db.selectFrom('billing_pauses').select(['applied_at']).where('id', '=', id).executeTakeFirst();
    if (!p) throw new AppError('not_found', 'No such pause.');
    if (p.applied_at) throw new AppError('conflict', 'This pause has started and was applied to the memberships; it can no longer be removed.');
    await db.deleteFrom('billing_pauses').where('id', '=', id).execute();
  }

  async function listPauses() {
    return (await db.selectFrom('billing_pauses').selectAll().orderBy('starts_on', 'desc').execute()).map((p) => presentPause(p as Record<string, unknown>));
  }

  return {
    grants,
    quote: quoteFor,
    checkout,
    abandon,
    confirmPayment,
    voidInvoice,
    listInvoices,
    invoiceDocument,
    cancel,
    resume,
    pause,
    portal,
    mine,
    grant,
    revoke,
    tick,
    addPause,
    removePause,
    listPauses,
    presentSubs,
    grantsNow,
    // for the Stripe event handler
    lockSub,
    issueInvoice,
    event,
    simpleMail,
    voidPending,
  };
}

export type Billing = ReturnType<typeof createBilling>;
