import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';
import {
  checkoutCompletedEvent,
  type FakeStripe,
  invoicePaidEvent,
  signedWebhook,
  startFakeStripe,
  subscriptionEvent,
} from '../../../../tests/helpers/fake-stripe.ts';

const SECRET = 'whsec_testsecret0123456789abcdef';
let t: TestApp;
let stripe: FakeStripe;
let host: Agent;
let priceId: string;
let tierId: string;
let counter = 0;

async function post(payload: object, opts: { timestamp?: number; header?: string | null; body?: string } = {}) {
  const signed = signedWebhook(payload, SECRET, { timestamp: opts.timestamp });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (opts.header !== null) headers['Stripe-Signature'] = opts.header ?? signed.header;
  return t.agent().json('/api/memberships/stripe/webhook', { method: 'POST', body: opts.body ?? signed.body, headers });
}

/** A member who started a Stripe checkout: our pending subscription id. */
async function pendingStripeSub(): Promise<string> {
  const m = await t.member(`card${++counter}@example.org`, `Card ${counter}`);
  const r = await m.json('/api/memberships/checkout', {
    method: 'POST',
    json: { priceId, provider: 'stripe', billing: { name: `Card ${counter}`, address: 'Weg 1\n12345 Ort' } },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.redirectUrl).toContain(stripe.url);
  return r.body.subscriptionId;
}

async function state(id: string) {
  const s = await t.db.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const inv = await t.db.db.selectFrom('invoices').select(['provider_ref', 'gross_total', 'period_start', 'status']).where('subscription_id', '=', id).orderBy('period_start').execute();
  return {
    status: s.status,
    periodStart: s.current_period_start?.toISOString() ?? null,
    periodEnd: s.current_period_end?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancel_at_period_end,
    activatedAt: s.activated_at?.toISOString() ?? null,
    endedAt: s.ended_at?.toISOString() ?? null,
    customer: s.stripe_customer_id,
    stripeSub: s.stripe_subscription_id,
    invoices: inv.map((i) => [i.gross_total, i.period_start?.toISOString(), i.status]),
  };
}

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await createTestApp({ STRIPE_API_BASE: stripe.url });
  host = await t.setupOwner();
  const tier = await host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 1' } });
  tierId = tier.body.id;
  priceId = (await host.json(`/api/memberships/tiers/${tierId}/prices`, { method: 'POST', json: { interval: 'month', amount: 500, currency: 'EUR' } })).body.id;
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

describe('Stripe webhooks', () => {
  it('is not there while Stripe is not set up, and offers no card checkout', async () => {
    const r = await post({ id: 'evt_x', type: 'ping' });
    expect(r.status).toBe(404);
    const m = await t.member('nocard@example.org', 'No Card');
    const c = await m.json('/api/memberships/checkout', { method: 'POST', json: { priceId, provider: 'stripe', billing: { name: 'N C', address: 'Weg 1, Ort' } } });
    expect(c.status).toBe(422);
    expect((await t.agent().json('/api/memberships/offer')).body.stripeEnabled).toBe(false);
    const ok = await host.json('/api/memberships/settings', { method: 'PATCH', json: { stripeSecretKey: 'sk_test_0123456789abcdefgh', stripeWebhookSecret: SECRET } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stripeConfigured: true, stripeWebhookConfigured: true });
    expect(JSON.stringify(ok.body)).not.toContain('sk_test_0123456789abcdefgh');
    expect((await t.agent().json('/api/memberships/offer')).body.stripeEnabled).toBe(true);
  });

  it('rejects a bad signature, a stale timestamp, an edited body and a missing header', async () => {
    const payload = subscriptionEvent('customer.subscription.updated', { ourId: null }, Math.floor(Date.now() / 1000));
    const wrong = signedWebhook(payload, 'whsec_another0123456789abcdef');
    for (const r of [
      await post(payload, { header: wrong.header }),
      await post(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      await post(payload, { body: signedWebhook(payload, SECRET).body.replace('"active"', '"canceled"') }),
      await post(payload, { header: null }),
    ]) {
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_signature');
    }
    expect(await t.db.db.selectFrom('payment_events').selectAll().execute()).toEqual([]);
  });

  it('sends the buyer to Stripe Checkout with our id and the price', async () => {
    const id = await pendingStripeSub();
    const req = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
    const body = req.body as any;
    expect(body.mode).toBe('subscription');
    expect(body.client_reference_id).toBe(id);
    expect(body.subscription_data.metadata.treffpunkt_subscription_id).toBe(id);
    expect(body.line_items[0].price_data).toMatchObject({ unit_amount: '500', currency: 'eur', recurring: { interval: 'month' } });
  });

  it('applies the same event sent 5 times at once exactly once', async () => {
    const id = await pendingStripeSub();
    const now = Math.floor(Date.now() / 1000);
    const inv = invoicePaidEvent({ subscription: 'sub_dup', ourId: id, amountPaid: 500, periodStart: now, periodEnd: now + 30 * 86400 }, now, { id: 'evt_dup_invoice' });
    const sub = subscriptionEvent('customer.subscription.created', { id: 'sub_dup', ourId: id, currentPeriodStart: now, currentPeriodEnd: now + 30 * 86400 }, now, { id: 'evt_dup_sub' });
    const results = await Promise.all([...Array(5)].flatMap(() => [post(inv), post(sub)]));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.applied)).toHaveLength(2);
    const s = await state(id);
    expect(s.invoices).toHaveLength(1);
    expect(s.status).toBe('active');
    const started = await t.db.db.selectFrom('membership_events').select('kind').where('subscription_id', '=', id).execute();
    expect(started.map((e) => e.kind)).toEqual(['started']);
    const welcome = await t.db.db.selectFrom('mail_outbox').select('id').where('template', '=', 'memberships.welcome').where('to_address', 'like', `card${counter}@%`).execute();
    expect(welcome).toHaveLength(1);
  });

  // Deterministic shuffles: the same orders every run.
  function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let x = seed;
    for (let i = out.length - 1; i > 0; i--) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const j = x % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  function lifecycle(id: string, stripeSub: string, t0: number, end: 'canceled' | 'deleted') {
    const p1 = { currentPeriodStart: t0, currentPeriodEnd: t0 + 30 * 86400 };
    const p2 = { currentPeriodStart: t0 + 30 * 86400, currentPeriodEnd: t0 + 60 * 86400 };
    const base = { id: stripeSub, ourId: id, customer: `cus_${stripeSub}`, startDate: t0 };
    const events = [
      checkoutCompletedEvent({ mode: 'subscription', ourId: id, subscription: stripeSub, customer: `cus_${stripeSub}` }, t0),
      subscriptionEvent('customer.subscription.created', { ...base, ...p1, status: 'incomplete' }, t0),
      subscriptionEvent('customer.subscription.updated', { ...base, ...p1 }, t0 + 1),
      invoicePaidEvent({ subscription: stripeSub, ourId: id, amountPaid: 500, periodStart: p1.currentPeriodStart, periodEnd: p1.currentPeriodEnd }, t0 + 1),
      subscriptionEvent('customer.subscription.updated', { ...base, ...p2 }, t0 + 30 * 86400),
      invoicePaidEvent({ subscription: stripeSub, ourId: id, amountPaid: 500, periodStart: p2.currentPeriodStart, periodEnd: p2.currentPeriodEnd }, t0 + 30 * 86400),
      subscriptionEvent('customer.subscription.updated', { ...base, ...p2, cancelAtPeriodEnd: true }, t0 + 40 * 86400),
    ];
    if (end === 'deleted') events.push(subscriptionEvent('customer.subscription.deleted', { ...base, ...p2, cancelAtPeriodEnd: true }, t0 + 60 * 86400));
    return events;
  }

  for (const end of ['canceled', 'deleted'] as const) {
    it(`reaches the same state from the subscription lifecycle in shuffled orders (ending ${end})`, async () => {
      const t0 = Math.floor(Date.now() / 1000) - 45 * 86400;
      const finals: unknown[] = [];
      for (const seed of [0, 1, 7, 42, 99]) {
        const id = await pendingStripeSub();
        const stripeSub = `sub_${end}_${seed}`;
        const events = lifecycle(id, stripeSub, t0, end);
        const order = seed === 0 ? events : shuffled(events, seed);
        for (const e of order) expect((await post(e)).status).toBe(200);
        const { customer, stripeSub: s, ...rest } = await state(id);
        expect(customer).toBe(`cus_${stripeSub}`);
        expect(s).toBe(stripeSub);
        finals.push(rest);
      }
      for (const f of finals) expect(f).toEqual(finals[0]);
      const f = finals[0] as Awaited<ReturnType<typeof state>>;
      expect(f.invoices).toHaveLength(2);
      expect(f.activatedAt).toBe(new Date(t0 * 1000).toISOString());
      if (end === 'deleted') expect(f).toMatchObject({ status: 'expired' });
      else expect(f).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: true, periodEnd: new Date((t0 + 60 * 86400) * 1000).toISOString() });
    });
  }

  it('a cancelled Stripe membership keeps access until its period ends', async () => {
    const id = await pendingStripeSub();
    const now = Math.floor(Date.now() / 1000);
    await post(subscriptionEvent('customer.subscription.updated', { id: 'sub_keep', ourId: id, currentPeriodStart: now - 86400, currentPeriodEnd: now + 86400, cancelAtPeriodEnd: true }, now));
    const g = await t.tp.memberships.service.grants({ id: (await t.db.db.selectFrom('subscriptions').select('user_id').where('id', '=', id).executeTakeFirstOrThrow()).user_id as string, role: 'member', email: '', name: '', locale: 'de', sessionId: '' });
    expect(g.has(`tier:${tierId}`)).toBe(true);
  });
});
