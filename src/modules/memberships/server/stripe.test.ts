import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkoutCompletedEvent,
  checkoutSessionObject,
  type FakeStripe,
  invoiceObject,
  invoicePaidEvent,
  signedWebhook,
  startFakeStripe,
  subscriptionEvent,
  subscriptionObject,
} from '../../../../tests/helpers/fake-stripe.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  type CheckoutInput,
  checkoutFacts,
  createStripeProvider,
  invoiceFacts,
  type StripeProvider,
  subscriptionState,
} from './stripe.ts';

const SECRET = 'whsec_test_secret';
const OUR_ID = '0194a7a2-1b2c-7d3e-8f40-123456789abc';
const now = () => Math.floor(Date.now() / 1000);

let fake: FakeStripe;
let provider: StripeProvider;

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({ secretKey: 'sk_test_123', webhookSecret: SECRET, apiBase: fake.url });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function expectInvalidSignature(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('invalid_signature');
    expect(e.status).toBe(400);
    expect(e.message.length).toBeGreaterThan(10);
    return e;
  }
  throw new Error('expected verifyWebhook to throw');
}

describe('verifyWebhook', () => {
  const payload = subscriptionEvent('customer.subscription.updated', { ourId: OUR_ID }, now());

  it('accepts a good signature and returns the event', () => {
    const { body, header } = signedWebhook(payload, SECRET);
    const event = provider.verifyWebhook(body, header);
    expect(event.id).toBe(payload.id);
    expect(event.type).toBe('customer.subscription.updated');
  });

  it('accepts the raw body as a Buffer', () => {
    const { body, header } = signedWebhook(payload, SECRET);
    expect(provider.verifyWebhook(Buffer.from(body), header).id).toBe(payload.id);
  });

  it('accepts a timestamp just inside the 300 s tolerance', () => {
    const { body, header } = signedWebhook(payload, SECRET, { timestamp: now() - 290 });
    expect(provider.verifyWebhook(body, header).id).toBe(payload.id);
  });

  it('rejects a signature made with another secret', () => {
    const { body, header } = signedWebhook(payload, 'whsec_someone_else');
    expectInvalidSignature(() => provider.verifyWebhook(body, header));
  });

  it('rejects a stale timestamp (older than 300 s)', () => {
    const { body, header } = signedWebhook(payload, SECRET, { timestamp: now() - 301 });
    expectInvalidSignature(() => provider.verifyWebhook(body, header));
  });

  it('rejects an edited body', () => {
    const { body, header } = signedWebhook(payload, SECRET);
    const edited = body.replace('"customer.subscription.updated"', '"customer.subscription.deleted"');
    expect(edited).not.toBe(body);
    expectInvalidSignature(() => provider.verifyWebhook(edited, header));
  });

  it('rejects a re-serialized body (the raw body must be passed through untouched)', () => {
    const { body, header } = signedWebhook(payload, SECRET);
    expectInvalidSignature(() => provider.verifyWebhook(JSON.stringify(JSON.parse(body)), header));
  });

  it('rejects a missing or empty header', () => {
    const { body } = signedWebhook(payload, SECRET);
    for (const header of [undefined, null, '']) {
      const e = expectInvalidSignature(() => provider.verifyWebhook(body, header));
      expect(e.message).toMatch(/Stripe-Signature header is missing/);
    }
  });

  it('rejects a garbled header', () => {
    const { body } = signedWebhook(payload, SECRET);
    expectInvalidSignature(() => provider.verifyWebhook(body, 'nonsense'));
  });

  it('rejects a correctly signed body that is not JSON', () => {
    const body = '{not json';
    const t = now();
    const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`, 'utf8').digest('hex');
    const e = expectInvalidSignature(() => provider.verifyWebhook(body, `t=${t},v1=${v1}`));
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('rejects everything when no webhook secret is configured', () => {
    const unconfigured = createStripeProvider({
      secretKey: 'sk_test_123',
      webhookSecret: '',
      apiBase: fake.url,
    });
    const { body, header } = signedWebhook(payload, SECRET);
    expectInvalidSignature(() => unconfigured.verifyWebhook(body, header));
  });
});

const baseCheckout: CheckoutInput = {
  mode: 'subscription',
  subscriptionId: OUR_ID,
  email: 'mia@example.org',
  productName: 'Fördermitglied',
  amount: 1200,
  currency: 'EUR',
  interval: 'month',
  successUrl: 'https://club.example/m/success?s={CHECKOUT_SESSION_ID}',
  cancelUrl: 'https://club.example/m/cancel',
  locale: 'de',
};

describe('createCheckout', () => {
  it('sends a subscription checkout with inline price, our id everywhere and the trial', async () => {
    const result = await provider.createCheckout({ ...baseCheckout, trialDays: 14 });
    expect(result.id).toMatch(/^cs_test_/);
    expect(result.url).toContain(result.id);

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/checkout/sessions');
    expect(req.idempotencyKey).toMatch(new RegExp(`^tp_checkout_${OUR_ID}_[0-9a-f]{16}$`));
    expect(req.stripeVersion).toBeTruthy();
    expect(req.body).toMatchObject({
      mode: 'subscription',
      client_reference_id: OUR_ID,
      customer_email: 'mia@example.org',
      locale: 'de',
      success_url: baseCheckout.successUrl,
      cancel_url: baseCheckout.cancelUrl,
      metadata: { treffpunkt_subscription_id: OUR_ID },
      line_items: [
        {
          quantity: '1',
          price_data: {
            currency: 'eur',
            unit_amount: '1200',
            product_data: { name: 'Fördermitglied' },
            recurring: { interval: 'month' },
          },
        },
      ],
      subscription_data: { metadata: { treffpunkt_subscription_id: OUR_ID }, trial_period_days: '14' },
    });
    expect(req.body).not.toHaveProperty('customer');
    expect(req.body).not.toHaveProperty('payment_intent_data');
    expect(req.body).not.toHaveProperty('discounts');
  });

  it('uses the existing customer instead of the e-mail address', async () => {
    await provider.createCheckout({ ...baseCheckout, subscriptionId: 'sub-customer', customerId: 'cus_123' });
    const body = fake.requests[0]!.body;
    expect(body.customer).toBe('cus_123');
    expect(body).not.toHaveProperty('customer_email');
    expect(body).not.toHaveProperty('subscription_data.trial_period_days');
  });

  it('sends a one-off payment with payment_intent metadata and no recurring price', async () => {
    await provider.createCheckout({
      ...baseCheckout,
      mode: 'payment',
      subscriptionId: 'one-off-1',
      interval: undefined,
      currency: 'SEK',
      amount: 49900,
      locale: 'sv',
    });
    const body = fake.requests[0]!.body;
    expect(body).toMatchObject({
      mode: 'payment',
      locale: 'sv',
      client_reference_id: 'one-off-1',
      metadata: { treffpunkt_subscription_id: 'one-off-1' },
      payment_intent_data: { metadata: { treffpunkt_subscription_id: 'one-off-1' } },
      customer_creation: 'always',
      line_items: [{ price_data: { currency: 'sek', unit_amount: '49900' } }],
    });
    expect(body).not.toHaveProperty('subscription_data');
    expect(body).not.toHaveProperty('line_items.0.price_data.recurring');
  });

  it('creates the coupon once across two checkouts and applies it as a discount', async () => {
    const coupon = {
      id: 'c0ffee',
      name: 'WELCOME20',
      percentOff: 20,
      duration: 'repeating' as const,
      durationMonths: 3,
    };
    await provider.createCheckout({ ...baseCheckout, subscriptionId: 'coupon-1', coupon });
    await provider.createCheckout({ ...baseCheckout, subscriptionId: 'coupon-2', coupon });

    const couponCalls = fake.requests.filter((r) => r.path === '/v1/coupons');
    expect(couponCalls).toHaveLength(1);
    expect(couponCalls[0]!.body).toMatchObject({
      id: 'tp_c0ffee',
      name: 'WELCOME20',
      percent_off: '20',
      duration: 'repeating',
      duration_in_months: '3',
    });
    const checkouts = fake.requests.filter((r) => r.path === '/v1/checkout/sessions');
    expect(checkouts).toHaveLength(2);
    for (const c of checkouts) expect(c.body.discounts).toEqual([{ coupon: 'tp_c0ffee' }]);
    // The coupon is created before the first checkout uses it.
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/v1/coupons',
      '/v1/checkout/sessions',
      '/v1/checkout/sessions',
    ]);
  });

  it('uses a coupon another node already created (resource_already_exists)', async () => {
    const coupon = { id: 'amount5', amountOff: 500, currency: 'EUR', duration: 'once' as const };
    await provider.createCheckout({ ...baseCheckout, subscriptionId: 'coupon-3', coupon });
    // A second process does not know the coupon yet; Stripe answers resource_already_exists.
    const other = createStripeProvider({
      secretKey: 'sk_test_123',
      webhookSecret: SECRET,
      apiBase: fake.url,
    });
    const result = await other.createCheckout({ ...baseCheckout, subscriptionId: 'coupon-4', coupon });
    expect(result.url).toBeTruthy();

    const couponCalls = fake.requests.filter((r) => r.path === '/v1/coupons');
    expect(couponCalls).toHaveLength(2);
    expect(couponCalls[0]!.body).toMatchObject({
      id: 'tp_amount5',
      amount_off: '500',
      currency: 'eur',
      duration: 'once',
    });
    expect(fake.requests.at(-1)!.body.discounts).toEqual([{ coupon: 'tp_amount5' }]);
    expect(fake.coupons.size).toBeGreaterThanOrEqual(2);
  });

  it('returns the same session for a repeated identical request (idempotency key)', async () => {
    const a = await provider.createCheckout({ ...baseCheckout, subscriptionId: 'double-click' });
    const b = await provider.createCheckout({ ...baseCheckout, subscriptionId: 'double-click' });
    expect(b.id).toBe(a.id);
    const c = await provider.createCheckout({ ...baseCheckout, subscriptionId: 'double-click', amount: 900 });
    expect(c.id).not.toBe(a.id);
    const keys = fake.requests.map((r) => r.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('refuses a subscription without an interval', async () => {
    await expect(provider.createCheckout({ ...baseCheckout, interval: undefined })).rejects.toThrow(
      /interval/,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createPortal', () => {
  it('returns the billing portal URL', async () => {
    const url = await provider.createPortal('cus_42', 'https://club.example/account/billing');
    expect(url).toMatch(/\/p\/session\//);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/billing_portal/sessions',
      body: { customer: 'cus_42', return_url: 'https://club.example/account/billing' },
    });
  });
});

describe('subscription updates', () => {
  it('shiftBilling sets trial_end without proration', async () => {
    const until = new Date(Date.now() + 40 * 86400_000);
    await provider.shiftBilling('sub_shift', until);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/subscriptions/sub_shift',
      body: { trial_end: String(Math.floor(until.getTime() / 1000)), proration_behavior: 'none' },
    });
    expect(Object.keys(fake.requests[0]!.body).sort()).toEqual(['proration_behavior', 'trial_end']);
  });

  it('shiftBilling refuses a date in the past', async () => {
    await expect(provider.shiftBilling('sub_shift', new Date(Date.now() - 1000))).rejects.toThrow(/future/);
    expect(fake.requests).toHaveLength(0);
  });

  it('pauseCollection voids until the date, and null clears the pause', async () => {
    const resumes = new Date(Date.now() + 60 * 86400_000);
    await provider.pauseCollection('sub_pause', resumes);
    expect(fake.requests[0]).toMatchObject({
      path: '/v1/subscriptions/sub_pause',
      body: {
        pause_collection: { behavior: 'void', resumes_at: String(Math.floor(resumes.getTime() / 1000)) },
      },
    });
    expect(fake.subscriptions.get('sub_pause')?.pause_collection).toMatchObject({ behavior: 'void' });

    await provider.pauseCollection('sub_pause', null);
    expect(fake.requests[1]).toMatchObject({
      path: '/v1/subscriptions/sub_pause',
      body: { pause_collection: '' },
    });
    expect(fake.subscriptions.get('sub_pause')?.pause_collection).toBeNull();
  });

  it('cancelAtPeriodEnd sets and clears the flag', async () => {
    await provider.cancelAtPeriodEnd('sub_cancel', true);
    await provider.cancelAtPeriodEnd('sub_cancel', false);
    expect(fake.requests.map((r) => [r.path, r.body])).toEqual([
      ['/v1/subscriptions/sub_cancel', { cancel_at_period_end: 'true' }],
      ['/v1/subscriptions/sub_cancel', { cancel_at_period_end: 'false' }],
    ]);
  });

  it('surfaces Stripe errors to the caller', async () => {
    await expect(provider.createPortal('', 'https://club.example/')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
    });
  });
});

describe('subscriptionState', () => {
  const start = 1_767_225_600; // 2026-01-01T00:00:00Z
  const end = 1_769_904_000; // 2026-02-01T00:00:00Z

  for (const apiShape of ['current', 'legacy'] as const) {
    it(`reads the ${apiShape} API shape`, () => {
      const sub = subscriptionObject({
        id: 'sub_1',
        customer: 'cus_1',
        ourId: OUR_ID,
        status: 'active',
        currentPeriodStart: start,
        currentPeriodEnd: end,
        cancelAtPeriodEnd: true,
        pauseResumesAt: end + 86400,
        apiShape,
      });
      if (apiShape === 'current') expect(sub).not.toHaveProperty('current_period_end');
      else expect(sub.items.data[0]).not.toHaveProperty('current_period_end');
      expect(subscriptionState(sub)).toEqual({
        stripeSubscriptionId: 'sub_1',
        customerId: 'cus_1',
        ourId: OUR_ID,
        status: 'active',
        periodStart: new Date(start * 1000),
        periodEnd: new Date(end * 1000),
        cancelAtPeriodEnd: true,
        pausedUntil: new Date((end + 86400) * 1000),
        collectionPaused: true,
        trialEnd: null,
      });
    });
  }

  it('reads a subscription out of a webhook event, with an expanded customer and no metadata', () => {
    const event = subscriptionEvent('customer.subscription.deleted', { ourId: null }, now());
    const sub = (event.data as { object: ReturnType<typeof subscriptionObject> }).object;
    (sub as { customer: unknown }).customer = { id: 'cus_expanded', object: 'customer' };
    const state = subscriptionState(sub);
    expect(state).toMatchObject({ customerId: 'cus_expanded', ourId: null, status: 'canceled' });
    expect(state.pausedUntil).toBeNull();
    expect(state.collectionPaused).toBe(false);
  });

  it('tells an open-ended pause from no pause', () => {
    const state = subscriptionState(subscriptionObject({ pauseResumesAt: null }));
    expect(state.pausedUntil).toBeNull();
    expect(state.collectionPaused).toBe(true);
  });
});

describe('invoiceFacts', () => {
  const start = 1_767_225_600;
  const end = 1_769_904_000;
  const paid = start + 120;

  for (const apiShape of ['current', 'legacy'] as const) {
    it(`reads the ${apiShape} API shape`, () => {
      const inv = invoiceObject({
        id: 'in_1',
        subscription: 'sub_1',
        ourId: OUR_ID,
        customer: 'cus_1',
        amountPaid: 1200,
        currency: 'eur',
        periodStart: start,
        periodEnd: end,
        paidAt: paid,
        apiShape,
      });
      expect(invoiceFacts(inv)).toEqual({
        invoiceId: 'in_1',
        subscriptionId: 'sub_1',
        ourId: OUR_ID,
        customerId: 'cus_1',
        amountPaid: 1200,
        currency: 'EUR',
        periodStart: new Date(start * 1000),
        periodEnd: new Date(end * 1000),
        paidAt: new Date(paid * 1000),
      });
    });
  }

  it('falls back to line metadata for our id', () => {
    const inv = invoiceObject({ subscription: 'sub_2', ourId: OUR_ID, periodStart: start, periodEnd: end });
    inv.parent!.subscription_details!.metadata = null;
    expect(invoiceFacts(inv).ourId).toBe(OUR_ID);
  });

  it('reads an invoice.paid event payload', () => {
    const event = invoicePaidEvent(
      { subscription: 'sub_3', ourId: 'x', periodStart: start, periodEnd: end },
      now(),
    );
    const inv = (event.data as { object: ReturnType<typeof invoiceObject> }).object;
    expect(invoiceFacts(inv)).toMatchObject({ subscriptionId: 'sub_3', ourId: 'x', amountPaid: 1000 });
  });
});

describe('checkoutFacts', () => {
  it('reads a completed subscription checkout', () => {
    const session = checkoutSessionObject({
      mode: 'subscription',
      ourId: OUR_ID,
      customer: 'cus_9',
      subscription: 'sub_9',
    });
    expect(checkoutFacts(session)).toMatchObject({
      mode: 'subscription',
      ourId: OUR_ID,
      customerId: 'cus_9',
      stripeSubscriptionId: 'sub_9',
      paymentIntentId: null,
      paymentStatus: 'paid',
      currency: 'EUR',
    });
  });

  it('reads a completed one-off payment out of a signed event', () => {
    const payload = checkoutCompletedEvent(
      { mode: 'payment', ourId: 'one-off', paymentIntent: 'pi_1' },
      now(),
    );
    const { body, header } = signedWebhook(payload, SECRET);
    const event = provider.verifyWebhook(body, header);
    expect(event.type).toBe('checkout.session.completed');
    if (event.type !== 'checkout.session.completed') return;
    expect(checkoutFacts(event.data.object)).toMatchObject({
      mode: 'payment',
      ourId: 'one-off',
      stripeSubscriptionId: null,
      paymentIntentId: 'pi_1',
    });
  });

  it('gives every built event a unique id unless one is given', () => {
    const a = subscriptionEvent('customer.subscription.created', {}, now());
    const b = subscriptionEvent('customer.subscription.created', {}, now());
    const c = invoicePaidEvent({ subscription: 's', periodStart: 1, periodEnd: 2 }, now(), {
      id: 'evt_fixed',
    });
    expect(a.id).not.toBe(b.id);
    expect(c.id).toBe('evt_fixed');
  });
});
