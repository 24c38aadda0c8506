/**
 * The Stripe payment provider: a thin wrapper over stripe-node that speaks our terms (our subscription
 * id, minor units, upper-case currencies, Dates) so the memberships service never builds Stripe
 * parameters itself. Pure helpers read webhook objects of both the current API shape (periods on
 * subscription items, invoice.parent) and the older one (periods and invoice.subscription at the top).
 */
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { AppError } from '../../../platform/http/errors.ts';

export type StripeCurrency = 'EUR' | 'SEK' | 'CHF';
export type StripeLocale = 'de' | 'en' | 'sv';
export type StripeSubscriptionStatus = Stripe.Subscription.Status;
export type StripeEvent = Stripe.Event;

/** The metadata key that carries our subscription id on every Stripe object we create. */
export const OUR_ID_KEY = 'treffpunkt_subscription_id';

export interface StripeCoupon {
  /** Our coupon id; the Stripe coupon is `tp_<id>`. */
  id: string;
  /** Shown on the Checkout page (e.g. our coupon code); Stripe shows the coupon id without it. */
  name?: string;
  percentOff?: number;
  /** Minor units; needs `currency`. */
  amountOff?: number;
  currency?: string;
  duration: 'once' | 'repeating' | 'forever';
  durationMonths?: number;
}

export interface CheckoutInput {
  mode: 'subscription' | 'payment';
  /** Ours; lands in client_reference_id and metadata of the session, subscription or payment intent. */
  subscriptionId: string;
  email: string;
  customerId?: string | null;
  productName: string;
  /** Minor units. */
  amount: number;
  currency: StripeCurrency;
  /** Required in subscription mode. */
  interval?: 'month' | 'year';
  trialDays?: number;
  coupon?: StripeCoupon | null;
  successUrl: string;
  cancelUrl: string;
  locale: StripeLocale;
}

export interface StripeSubscriptionState {
  stripeSubscriptionId: string;
  customerId: string;
  /** metadata.treffpunkt_subscription_id, null for subscriptions we did not create. */
  ourId: string | null;
  status: StripeSubscriptionStatus;
  periodStart: Date | null;
  periodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** Set while pause_collection is on; null when not paused or paused without an end. */
  pausedUntil: Date | null;
  /** Whether pause_collection is on at all (pausedUntil cannot tell "no end" from "not paused"). */
  collectionPaused: boolean;
  /** End of a trial, also of a billing shift (shiftBilling is a trial under the hood). */
  trialEnd: Date | null;
}

export interface StripeInvoiceFacts {
  invoiceId: string;
  /** Stripe's subscription id, null for an invoice outside a subscription. */
  subscriptionId: string | null;
  ourId: string | null;
  customerId: string | null;
  /** Minor units. */
  amountPaid: number;
  /** Upper case, as we store it ("EUR"). */
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  paidAt: Date | null;
}

export interface StripeCheckoutFacts {
  sessionId: string;
  mode: 'subscription' | 'payment' | 'setup' | (string & {});
  ourId: string | null;
  customerId: string | null;
  stripeSubscriptionId: string | null;
  paymentIntentId: string | null;
  /** 'paid', 'unpaid' (e.g. a bank debit still pending) or 'no_payment_required' (trial, 100 % coupon). */
  paymentStatus: string;
  amountTotal: number | null;
  currency: string | null;
}

export interface StripeProvider {
  /** Creates a hosted Checkout session with inline prices; returns its id and the URL to redirect to. */
  createCheckout(input: CheckoutInput): Promise<{ id: string; url: string }>;
  /** Creates a billing portal session for the customer and returns its URL. */
  createPortal(customerId: string, returnUrl: string): Promise<string>;
  /** Verifies the Stripe-Signature header over the raw body; throws AppError invalid_signature (400). */
  verifyWebhook(rawBody: string | Buffer, signatureHeader: string | undefined | null): Stripe.Event;
  /** Moves the next charge to `until` without charging for the gap (a trial until then, no proration). */
  shiftBilling(stripeSubscriptionId: string, until: Date): Promise<void>;
  /** Voids the subscription's invoices until `resumesAt`; null clears the pause (collect again now). */
  pauseCollection(stripeSubscriptionId: string, resumesAt: Date | null): Promise<void>;
  /** Sets or clears cancel_at_period_end. */
  cancelAtPeriodEnd(stripeSubscriptionId: string, cancel: boolean): Promise<void>;
}

/** Stripe client options for an API base such as `http://127.0.0.1:12345` (tests, stripe-mock). */
function baseOptions(apiBase: string | undefined): {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
} {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

const toUnix = (d: Date): number => Math.floor(d.getTime() / 1000);
const fromUnix = (s: number | null | undefined): Date | null =>
  typeof s === 'number' ? new Date(s * 1000) : null;
const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

function isAlreadyExists(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'resource_already_exists';
}

export function createStripeProvider(opts: {
  secretKey: string;
  webhookSecret: string;
  apiBase?: string;
}): StripeProvider {
  const stripe = new Stripe(opts.secretKey, { ...baseOptions(opts.apiBase), maxNetworkRetries: 2 });
  // Coupons this process already knows exist in Stripe; other nodes learn it from resource_already_exists.
  const knownCoupons = new Set<string>();

  async function ensureCoupon(coupon: StripeCoupon): Promise<string> {
    const id = `tp_${coupon.id}`;
    if (knownCoupons.has(id)) return id;
    const params: Stripe.CouponCreateParams = {
      id,
      duration: coupon.duration,
      metadata: { treffpunkt_coupon_id: coupon.id },
    };
    if (coupon.name) params.name = coupon.name;
    if (coupon.percentOff != null) params.percent_off = coupon.percentOff;
    if (coupon.amountOff != null) {
      params.amount_off = coupon.amountOff;
      params.currency = (coupon.currency ?? '').toLowerCase();
    }
    if (coupon.duration === 'repeating') params.duration_in_months = coupon.durationMonths;
    try {
      await stripe.coupons.create(params);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    knownCoupons.add(id);
    return id;
  }

  async function updateSubscription(id: string, params: Stripe.SubscriptionUpdateParams): Promise<void> {
    await stripe.subscriptions.update(id, params);
  }

  return {
    async createCheckout(input) {
      if (input.mode === 'subscription' && !input.interval) {
        throw new Error('createCheckout: a subscription needs an interval');
      }
      const ourMeta = { [OUR_ID_KEY]: input.subscriptionId };
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: input.mode,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: input.currency.toLowerCase(),
              unit_amount: input.amount,
              product_data: { name: input.productName },
              ...(input.mode === 'subscription' ? { recurring: { interval: input.interval! } } : {}),
            },
          },
        ],
        client_reference_id: input.subscriptionId,
        metadata: ourMeta,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        locale: input.locale,
      };
      // Stripe refuses customer and customer_email together.
      if (input.customerId) params.customer = input.customerId;
      else params.customer_email = input.email;
      if (input.mode === 'subscription') {
        params.subscription_data = {
          metadata: ourMeta,
          ...(input.trialDays ? { trial_period_days: input.trialDays } : {}),
        };
      } else {
        params.payment_intent_data = { metadata: ourMeta };
        // A one-off buyer gets a customer too, so the portal and later purchases can find them.
        if (!input.customerId) params.customer_creation = 'always';
      }
      if (input.coupon) params.discounts = [{ coupon: await ensureCoupon(input.coupon) }];
      // Same subscription and same terms: a double click gets the same session back from Stripe.
      // Changed terms (another coupon, price) get a new key, since Stripe rejects a reused key with new params.
      const digest = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
      const session = await stripe.checkout.sessions.create(params, {
        idempotencyKey: `tp_checkout_${input.subscriptionId}_${digest}`,
      });
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
      return { id: session.id, url: session.url };
    },

    async createPortal(customerId, returnUrl) {
      const session = await stripe.billingPortal.sessions.create({
        customer: customerId,
        return_url: returnUrl,
      });
      return session.url;
    },

    verifyWebhook(rawBody, signatureHeader) {
      if (!opts.webhookSecret) {
        throw new AppError('invalid_signature', 'The Stripe webhook secret is not configured.', null, {
          status: 400,
        });
      }
      if (!signatureHeader) {
        throw new AppError('invalid_signature', 'The Stripe-Signature header is missing.', null, {
          status: 400,
        });
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, opts.webhookSecret);
      } catch (err) {
        const message =
          err instanceof SyntaxError
            ? 'The Stripe webhook body is not valid JSON.'
            : 'The Stripe webhook signature does not match the body, or its timestamp is older than 5 minutes.';
        throw new AppError('invalid_signature', message, null, { status: 400 });
      }
      if (
        !event ||
        typeof event !== 'object' ||
        typeof event.id !== 'string' ||
        typeof event.type !== 'string'
      ) {
        throw new AppError('invalid_signature', 'The Stripe webhook body is not an event.', null, {
          status: 400,
        });
      }
      return event;
    },

    async shiftBilling(stripeSubscriptionId, until) {
      if (until.getTime() <= Date.now()) throw new Error('shiftBilling: `until` must lie in the future');
      await updateSubscription(stripeSubscriptionId, {
        trial_end: toUnix(until),
        proration_behavior: 'none',
      });
    },

    async pauseCollection(stripeSubscriptionId, resumesAt) {
      // Stripe clears an object parameter when it is sent as the empty string.
      await updateSubscription(stripeSubscriptionId, {
        pause_collection: resumesAt ? { behavior: 'void', resumes_at: toUnix(resumesAt) } : '',
      });
    },

    async cancelAtPeriodEnd(stripeSubscriptionId, cancel) {
      await updateSubscription(stripeSubscriptionId, { cancel_at_period_end: cancel });
    },
  };
}

/** Fields that API versions before 2025-03-31 carried and the current types no longer declare. */
interface LegacySubscription {
  current_period_start?: number | null;
  current_period_end?: number | null;
}
interface LegacyInvoice {
  subscription?: string | { id: string; metadata?: Record<string, string> | null } | null;
  subscription_details?: { metadata?: Record<string, string> | null } | null;
}
interface LegacyLine {
  type?: string;
}

/** What we keep of a Stripe subscription (webhook or API object), in either API shape. */
export function subscriptionState(sub: Stripe.Subscription): StripeSubscriptionState {
  const legacy = sub as Stripe.Subscription & LegacySubscription;
  const item = sub.items?.data?.[0];
  const pause = sub.pause_collection ?? null;
  return {
    stripeSubscriptionId: sub.id,
    customerId: idOf(sub.customer) ?? '',
    ourId: sub.metadata?.[OUR_ID_KEY] || null,
    status: sub.status,
    periodStart: fromUnix(item?.current_period_start ?? legacy.current_period_start),
    periodEnd: fromUnix(item?.current_period_end ?? legacy.current_period_end),
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
    pausedUntil: fromUnix(pause?.resumes_at),
    collectionPaused: pause != null,
    trialEnd: fromUnix(sub.trial_end),
  };
}

/** What we keep of a paid Stripe invoice, in either API shape. */
export function invoiceFacts(inv: Stripe.Invoice): StripeInvoiceFacts {
  const legacy = inv as Stripe.Invoice & LegacyInvoice;
  const details = inv.parent?.subscription_details ?? null;
  const lines = inv.lines?.data ?? [];
  // The subscription's own line (not a proration or one-off item) carries the service period.
  const line =
    lines.find(
      (l) => l.parent?.type === 'subscription_item_details' && !l.parent.subscription_item_details?.proration,
    ) ??
    lines.find((l) => (l as Stripe.InvoiceLineItem & LegacyLine).type === 'subscription') ??
    lines[0];
  const expandedLegacy = typeof legacy.subscription === 'object' ? legacy.subscription : null;
  const ourId =
    details?.metadata?.[OUR_ID_KEY] ||
    legacy.subscription_details?.metadata?.[OUR_ID_KEY] ||
    expandedLegacy?.metadata?.[OUR_ID_KEY] ||
    lines.map((l) => l.metadata?.[OUR_ID_KEY]).find(Boolean) ||
    null;
  return {
    invoiceId: inv.id,
    subscriptionId: idOf(details?.subscription) ?? idOf(legacy.subscription) ?? null,
    ourId,
    customerId: idOf(inv.customer),
    amountPaid: inv.amount_paid,
    currency: inv.currency.toUpperCase(),
    periodStart: fromUnix(line?.period?.start),
    periodEnd: fromUnix(line?.period?.end),
    paidAt: fromUnix(inv.status_transitions?.paid_at),
  };
}

/** What we keep of a completed Checkout session. */
export function checkoutFacts(session: Stripe.Checkout.Session): StripeCheckoutFacts {
  return {
    sessionId: session.id,
    mode: session.mode,
    ourId: session.client_reference_id || session.metadata?.[OUR_ID_KEY] || null,
    customerId: idOf(session.customer),
    stripeSubscriptionId: idOf(session.subscription),
    paymentIntentId: idOf(session.payment_intent),
    paymentStatus: session.payment_status,
    amountTotal: session.amount_total,
    currency: session.currency ? session.currency.toUpperCase() : null,
  };
}
