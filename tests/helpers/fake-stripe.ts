/**
 * A fake Stripe API for tests: node:http on 127.0.0.1, random port, exactly the endpoints the
 * memberships Stripe provider calls, answering with Stripe's response and error shapes. Every request
 * is recorded (form body decoded into nested objects) so tests can assert what was sent. Also signed
 * webhooks and builders for realistic event payloads (API version 2026-10-28 shapes by default, the
 * pre-2025-03-31 shapes with `apiShape: 'legacy'`).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface FakeStripeRequest {
  method: string;
  path: string;
  /** The form body decoded into nested objects and arrays (`a[b][0]=x` → `{ a: { b: ['x'] } }`). */
  body: Record<string, unknown>;
  idempotencyKey: string | null;
  stripeVersion: string | null;
}

export interface FakeStripe {
  /** The API base to hand to `createStripeProvider({ apiBase })`. */
  url: string;
  requests: FakeStripeRequest[];
  /** Coupons created so far, by id. */
  coupons: Map<string, Record<string, unknown>>;
  /** Subscriptions touched so far, by id (unknown ids are created on first update). */
  subscriptions: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const now = () => Math.floor(Date.now() / 1000);
const rid = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('base64url')}`;

/** Decodes Stripe's `application/x-www-form-urlencoded` bodies (qs indexed format) into nested data. */
export function decodeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const container = node as Record<string, unknown>;
      if (i === parts.length - 1) {
        container[part] = value;
        return;
      }
      if (container[part] === undefined) container[part] = /^\d+$/.test(parts[i + 1]!) ? [] : {};
      node = container[part] as Record<string, unknown>;
    });
  }
  return root;
}

function stripeError(
  status: number,
  error: { type: string; message: string; code?: string; param?: string },
): { status: number; body: Json } {
  return { status, body: { error: { ...error, request_log_url: 'https://dashboard.stripe.com/test/logs' } } };
}

const num = (v: unknown): number | null => (v === undefined || v === '' ? null : Number(v));

function checkoutSession(body: Json, base: string): Json {
  const id = rid('cs');
  const items = (body.line_items as Json[] | undefined) ?? [];
  const priceData = (items[0]?.price_data as Json | undefined) ?? {};
  const amount = num(priceData.unit_amount) ?? 0;
  const quantity = num(items[0]?.quantity) ?? 1;
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: amount * quantity,
    amount_total: amount * quantity,
    cancel_url: body.cancel_url ?? null,
    client_reference_id: body.client_reference_id ?? null,
    created: now(),
    currency: priceData.currency ?? null,
    customer: body.customer ?? null,
    customer_creation: body.customer_creation ?? null,
    customer_details: null,
    customer_email: body.customer_email ?? null,
    expires_at: now() + 24 * 3600,
    invoice: null,
    livemode: false,
    locale: body.locale ?? null,
    metadata: body.metadata ?? {},
    mode: body.mode,
    payment_intent: null,
    payment_status: 'unpaid',
    status: 'open',
    subscription: null,
    success_url: body.success_url ?? null,
    ui_mode: 'hosted',
    url: `${base}/c/pay/${id}`,
  };
}

function coupon(body: Json): Json {
  return {
    id: body.id ?? rid('cpn'),
    object: 'coupon',
    amount_off: num(body.amount_off),
    created: now(),
    currency: body.currency ?? null,
    duration: body.duration ?? 'once',
    duration_in_months: num(body.duration_in_months),
    livemode: false,
    max_redemptions: null,
    metadata: body.metadata ?? {},
    name: body.name ?? null,
    percent_off: num(body.percent_off),
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
  };
}

/** Applies a form-encoded subscription update the way Stripe does for the fields the provider sends. */
function applySubscriptionUpdate(sub: Json, body: Json): Json {
  const next = { ...sub };
  if (body.cancel_at_period_end !== undefined)
    next.cancel_at_period_end = body.cancel_at_period_end === 'true';
  if (body.pause_collection !== undefined) {
    const pc = body.pause_collection;
    next.pause_collection =
      pc === '' ? null : { behavior: (pc as Json).behavior, resumes_at: num((pc as Json).resumes_at) };
  }
  if (body.trial_end !== undefined) {
    const end = body.trial_end === 'now' ? now() : Number(body.trial_end);
    next.trial_end = end;
    next.trial_start = next.trial_start ?? now();
    next.status = end > now() ? 'trialing' : 'active';
    // A trial change without proration ends the current period at the trial end.
    const items = next.items as { data: Json[] };
    for (const item of items.data) item.current_period_end = end;
  }
  if (body.metadata !== undefined) next.metadata = { ...(sub.metadata as Json), ...(body.metadata as Json) };
  return next;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const coupons = new Map<string, Json>();
  const subscriptions = new Map<string, Json>();
  // Stripe replays the first response for a reused idempotency key and rejects it with other params.
  const idempotent = new Map<string, { raw: string; status: number; body: Json }>();
  let base = '';

  function route(method: string, path: string, body: Json): { status: number; body: Json } {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (body.customer && body.customer_email) {
        return stripeError(400, {
          type: 'invalid_request_error',
          message: 'You may only specify one of these parameters: customer, customer_email.',
          param: 'customer',
        });
      }
      for (const d of (body.discounts as Json[] | undefined) ?? []) {
        if (d.coupon && !coupons.has(String(d.coupon))) {
          return stripeError(400, {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such coupon: '${String(d.coupon)}'`,
            param: 'discounts[0][coupon]',
          });
        }
      }
      return { status: 200, body: checkoutSession(body, base) };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!body.customer) {
        return stripeError(400, {
          type: 'invalid_request_error',
          message: 'Missing required param: customer.',
          param: 'customer',
        });
      }
      return {
        status: 200,
        body: {
          id: rid('bps'),
          object: 'billing_portal.session',
          configuration: 'bpc_test_default',
          created: now(),
          customer: body.customer,
          flow: null,
          livemode: false,
          locale: body.locale ?? null,
          on_behalf_of: null,
          return_url: body.return_url ?? null,
          url: `${base}/p/session/${rid('sess')}`,
        },
      };
    }
    if (method === 'POST' && path === '/v1/coupons') {
      const id = typeof body.id === 'string' ? body.id : undefined;
      if (id && coupons.has(id)) {
        // Real Stripe answers 400 here (stripe-node would retry a 409 as a conflict).
        return stripeError(400, {
          type: 'invalid_request_error',
          code: 'resource_already_exists',
          message: 'Coupon already exists.',
          param: 'id',
        });
      }
      const created = coupon(body);
      coupons.set(String(created.id), created);
      return { status: 200, body: created };
    }
    const subMatch = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (method === 'POST' && subMatch) {
      const id = decodeURIComponent(subMatch[1]!);
      const current = subscriptions.get(id) ?? subscriptionObject({ id });
      const updated = applySubscriptionUpdate(current, body);
      subscriptions.set(id, updated);
      return { status: 200, body: updated };
    }
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const method = req.method ?? 'GET';
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const body = decodeForm(raw);
      requests.push({
        method,
        path,
        body,
        idempotencyKey,
        stripeVersion: (req.headers['stripe-version'] as string | undefined) ?? null,
      });
      let result: { status: number; body: Json };
      if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
        result = stripeError(401, {
          type: 'invalid_request_error',
          message: 'You did not provide an API key.',
        });
      } else {
        const key = idempotencyKey ? `${method} ${path} ${idempotencyKey}` : null;
        const seen = key ? idempotent.get(key) : undefined;
        if (seen && seen.raw !== raw) {
          result = stripeError(400, {
            type: 'idempotency_error',
            message:
              'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          });
        } else if (seen) {
          result = seen;
        } else {
          result = route(method, path, body);
          if (key) idempotent.set(key, { raw, ...result });
        }
      }
      const out = JSON.stringify(result.body);
      res.writeHead(result.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(out),
        'request-id': rid('req'),
        // Tell stripe-node not to retry our 4xx answers.
        'stripe-should-retry': 'false',
      });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    coupons,
    subscriptions,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // stripe-node keeps connections alive; drop them so close() returns.
        server.closeAllConnections();
      }),
  };
}

/** A webhook body as Stripe sends it (pretty-printed JSON) and its Stripe-Signature header. */
export function signedWebhook(
  payload: object,
  secret: string,
  opts: { timestamp?: number } = {},
): { body: string; header: string } {
  const body = JSON.stringify(payload, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    timestamp: opts.timestamp ?? now(),
  });
  return { body, header };
}

export type ApiShape = 'current' | 'legacy';
/** The API version stamped on events of each shape. */
export const API_VERSIONS: Record<ApiShape, string> = {
  current: Stripe.API_VERSION,
  legacy: '2024-06-20',
};

export interface FakeSubscriptionInput {
  id?: string;
  customer?: string;
  /** Our subscription id (metadata.treffpunkt_subscription_id); null leaves the metadata empty. */
  ourId?: string | null;
  status?: Stripe.Subscription.Status;
  /** Unix seconds; default now and now + 30 days. */
  currentPeriodStart?: number;
  currentPeriodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  /** pause_collection with this resumes_at (null: paused without an end); undefined: not paused. */
  pauseResumesAt?: number | null;
  trialEnd?: number | null;
  /** When the subscription began (Unix seconds); fixed for its whole life. Default: the period start. */
  startDate?: number;
  /** Minor units. */
  amount?: number;
  /** Lower case, as Stripe writes it. */
  currency?: string;
  interval?: 'month' | 'year';
  apiShape?: ApiShape;
}

/**
 * A subscription object as Stripe sends it. Only the fields an app reads plus the common ones are
 * filled; the cast lets tests hand it to functions typed with stripe-node's full type.
 */
export function subscriptionObject(input: FakeSubscriptionInput = {}): Stripe.Subscription & Json {
  const id = input.id ?? rid('sub');
  const start = input.currentPeriodStart ?? now();
  const end = input.currentPeriodEnd ?? start + 30 * 86400;
  const currency = input.currency ?? 'eur';
  const interval = input.interval ?? 'month';
  const metadata: Record<string, string> = input.ourId ? { treffpunkt_subscription_id: input.ourId } : {};
  const price = {
    id: rid('price'),
    object: 'price',
    active: false,
    currency,
    product: rid('prod'),
    recurring: { interval, interval_count: 1, usage_type: 'licensed' },
    type: 'recurring',
    unit_amount: input.amount ?? 1000,
  };
  const item: Json = {
    id: rid('si'),
    object: 'subscription_item',
    created: start,
    discounts: [],
    metadata: {},
    price,
    quantity: 1,
    subscription: id,
  };
  const sub: Json = {
    id,
    object: 'subscription',
    billing_cycle_anchor: start,
    cancel_at: input.cancelAtPeriodEnd ? end : null,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: start,
    currency,
    customer: input.customer ?? rid('cus'),
    discounts: [],
    ended_at: input.status === 'canceled' ? now() : null,
    items: {
      object: 'list',
      data: [item],
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: rid('in'),
    livemode: false,
    metadata,
    pause_collection:
      input.pauseResumesAt === undefined ? null : { behavior: 'void', resumes_at: input.pauseResumesAt },
    start_date: input.startDate ?? start,
    status: input.status ?? 'active',
    trial_end: input.trialEnd ?? null,
    trial_start: input.trialEnd ? start : null,
  };
  if (input.apiShape === 'legacy') {
    sub.current_period_start = start;
    sub.current_period_end = end;
    sub.plan = { id: price.id, object: 'plan', amount: price.unit_amount, currency, interval };
  } else {
    item.current_period_start = start;
    item.current_period_end = end;
  }
  return sub as unknown as Stripe.Subscription & Json;
}

function event(
  type: string,
  object: Json,
  created: number,
  opts: { id?: string; apiShape?: ApiShape },
): Json {
  return {
    id: opts.id ?? rid('evt'),
    object: 'event',
    api_version: API_VERSIONS[opts.apiShape ?? 'current'],
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** A customer.subscription.* event around `subscriptionObject(sub)`. */
export function subscriptionEvent(
  type: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted',
  sub: FakeSubscriptionInput,
  created: number,
  opts: { id?: string } = {},
): Json {
  const status = sub.status ?? (type === 'customer.subscription.deleted' ? 'canceled' : 'active');
  return event(type, subscriptionObject({ ...sub, status }), created, { ...opts, apiShape: sub.apiShape });
}

export interface FakeInvoiceInput {
  id?: string;
  /** Stripe's subscription id. */
  subscription: string;
  ourId?: string | null;
  customer?: string;
  /** Minor units. */
  amountPaid?: number;
  currency?: string;
  /** Unix seconds of the subscription line's period. */
  periodStart: number;
  periodEnd: number;
  paidAt?: number;
  apiShape?: ApiShape;
}

/** A paid subscription invoice as Stripe sends it. */
export function invoiceObject(input: FakeInvoiceInput): Stripe.Invoice & Json {
  const id = input.id ?? rid('in');
  const amount = input.amountPaid ?? 1000;
  const currency = input.currency ?? 'eur';
  const paidAt = input.paidAt ?? now();
  const metadata: Record<string, string> = input.ourId ? { treffpunkt_subscription_id: input.ourId } : {};
  const line: Json = {
    id: rid('il'),
    object: 'line_item',
    amount,
    currency,
    description: '1 × Membership',
    discounts: [],
    invoice: id,
    livemode: false,
    metadata,
    period: { start: input.periodStart, end: input.periodEnd },
    quantity: 1,
    subtotal: amount,
  };
  const inv: Json = {
    id,
    object: 'invoice',
    amount_due: amount,
    amount_paid: amount,
    amount_remaining: 0,
    attempt_count: 1,
    attempted: true,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: paidAt,
    currency,
    customer: input.customer ?? rid('cus'),
    customer_email: 'member@example.org',
    lines: { object: 'list', data: [line], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    number: `TEST-${Math.floor(Math.random() * 9000 + 1000)}`,
    // The invoice's own period is that of pending items, not the service period: apps read the line.
    period_end: input.periodStart,
    period_start: input.periodStart,
    status: 'paid',
    status_transitions: {
      finalized_at: paidAt,
      marked_uncollectible_at: null,
      paid_at: paidAt,
      voided_at: null,
    },
    subtotal: amount,
    total: amount,
  };
  if (input.apiShape === 'legacy') {
    inv.subscription = input.subscription;
    inv.subscription_details = { metadata };
    line.type = 'subscription';
    line.subscription = input.subscription;
  } else {
    inv.parent = {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata, subscription: input.subscription },
    };
    line.parent = {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: input.subscription,
        subscription_item: rid('si'),
      },
    };
  }
  return inv as unknown as Stripe.Invoice & Json;
}

/** An invoice.paid event around `invoiceObject(inv)`. */
export function invoicePaidEvent(inv: FakeInvoiceInput, created: number, opts: { id?: string } = {}): Json {
  return event('invoice.paid', invoiceObject(inv), created, { ...opts, apiShape: inv.apiShape });
}

export interface FakeCheckoutInput {
  id?: string;
  mode: 'subscription' | 'payment';
  ourId: string;
  customer?: string;
  /** Stripe's subscription id (subscription mode). */
  subscription?: string;
  paymentIntent?: string;
  amountTotal?: number;
  currency?: string;
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
}

/** A completed Checkout session as Stripe sends it. */
export function checkoutSessionObject(input: FakeCheckoutInput): Stripe.Checkout.Session & Json {
  const amount = input.amountTotal ?? 1000;
  const metadata = { treffpunkt_subscription_id: input.ourId };
  return {
    id: input.id ?? rid('cs'),
    object: 'checkout.session',
    amount_subtotal: amount,
    amount_total: amount,
    client_reference_id: input.ourId,
    created: now() - 60,
    currency: input.currency ?? 'eur',
    customer: input.customer ?? rid('cus'),
    customer_details: { email: 'member@example.org', name: 'Mia Member' },
    expires_at: now() + 23 * 3600,
    invoice: input.mode === 'subscription' ? rid('in') : null,
    livemode: false,
    locale: 'de',
    metadata,
    mode: input.mode,
    payment_intent: input.mode === 'payment' ? (input.paymentIntent ?? rid('pi')) : null,
    payment_status: input.paymentStatus ?? 'paid',
    status: 'complete',
    subscription: input.mode === 'subscription' ? (input.subscription ?? rid('sub')) : null,
    ui_mode: 'hosted',
    url: null,
  } as unknown as Stripe.Checkout.Session & Json;
}

/** A checkout.session.completed event around `checkoutSessionObject(session)`. */
export function checkoutCompletedEvent(
  session: FakeCheckoutInput,
  created: number,
  opts: { id?: string } = {},
): Json {
  return event('checkout.session.completed', checkoutSessionObject(session), created, opts);
}
