import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../../../../tests/helpers/app.ts';

let t: TestApp;
let host: Agent;
let mia: Agent;
let ben: Agent;
const ids: Record<string, string> = {};

async function ok(p: Promise<{ status: number; body: any }>, status = 200) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

async function userId(email: string): Promise<string> {
  return (await t.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id as string;
}

async function spaceSlugs(a: Agent): Promise<string[]> {
  return (await a.json('/api/spaces')).body.items.map((s: any) => s.slug).sort();
}

async function buy(a: Agent, priceId: string, extra: Record<string, unknown> = {}) {
  return a.json('/api/memberships/checkout', {
    method: 'POST',
    json: { priceId, provider: 'manual', billing: { name: 'Mia Muster', address: 'Lindenstraße 5\n10115 Berlin' }, ...extra },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  ben = await t.member('ben@example.org', 'Ben');
  await ok(
    host.json('/api/memberships/settings', {
      method: 'PATCH',
      json: {
        sellerName: 'Coaching Beispiel GmbH',
        sellerAddress: 'Hauptstraße 1\n20095 Hamburg',
        taxNumber: '22/123/45678',
        vatId: 'DE123456789',
        bankHolder: 'Coaching Beispiel GmbH',
        iban: 'DE89 3704 0044 0532 0130 00',
        bic: 'COBADEFFXXX',
      },
    }),
  );
  const s1 = await ok(host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 1', includes: ['Community-Server', 'Arbeitsblätter'] } }), 201);
  const s2 = await ok(host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 2', includes: ['Alles aus Stufe 1', 'Mastermind'] } }), 201);
  ids.s1 = s1.id;
  ids.s2 = s2.id;
  ids.p1 = (await ok(host.json(`/api/memberships/tiers/${s1.id}/prices`, { method: 'POST', json: { interval: 'month', amount: 500, currency: 'EUR' } }), 201)).id;
  ids.p2 = (await ok(host.json(`/api/memberships/tiers/${s2.id}/prices`, { method: 'POST', json: { interval: 'month', amount: 1500, currency: 'EUR' } }), 201)).id;
  for (const [name, grants] of [
    ['Werkstatt', [`tier:${s1.id}`]],
    ['Mastermind', [`tier:${s2.id}`]],
  ] as const) {
    await ok(host.json('/api/spaces', { method: 'POST', json: { name, visibility: 'restricted', grants } }), 201);
  }
  await ok(host.json('/api/spaces', { method: 'POST', json: { name: 'Lounge', visibility: 'members' } }), 201);
  await ok(host.json('/api/spaces', { method: 'POST', json: { name: 'Schaufenster', visibility: 'public' } }), 201);
});
afterAll(async () => t?.close());

describe('tiers and access', () => {
  it('shows tiers with prices publicly and keeps invite codes for hosts', async () => {
    const offer = await ok(t.agent().json('/api/memberships/offer'));
    expect(offer.tiers.map((x: any) => x.name)).toEqual(['Stufe 1', 'Stufe 2']);
    expect(offer.tiers[0].prices[0]).toMatchObject({ amount: 500, currency: 'EUR', interval: 'month' });
    expect(offer.tiers[0].inviteCode).toBeNull();
    const hostView = await ok(host.json('/api/memberships/tiers'));
    expect(hostView.items[0].inviteCode).toMatch(/^[\w-]{16}$/);
  });

  it('an account without a membership sees only public spaces once tiers exist', async () => {
    expect(await spaceSlugs(mia)).toEqual(['schaufenster']);
    expect(await spaceSlugs(host)).toEqual(['lounge', 'mastermind', 'schaufenster', 'werkstatt']);
  });

  it('validates tier and price input with the shared error shape', async () => {
    const r = await host.json('/api/memberships/tiers', { method: 'POST', json: { name: '', trialDays: -1 } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const p = await host.json(`/api/memberships/tiers/${ids.s1}/prices`, { method: 'POST', json: { interval: 'week', amount: 0, currency: 'USD' } });
    expect(p.status).toBe(400);
    const member = await mia.json('/api/memberships/tiers', { method: 'POST', json: { name: 'X' } });
    expect(member.status).toBe(403);
  });
});

describe('buying by bank transfer', () => {
  it('issues a numbered invoice with bank details and unlocks nothing until the host confirms', async () => {
    const r = await ok(buy(mia, ids.p1!), 201);
    expect(r.status).toBe('pending');
    expect(r.redirectUrl).toBe(`/membership?order=${r.subscriptionId}`);
    const mail = await t.lastMail('mia@example.org', 'memberships.orderPlaced');
    expect(mail.text).toContain('DE89370400440532013000');
    expect(mail.text).toMatch(/Rechnung \d{4}-\d{4}/);
    expect(await spaceSlugs(mia)).toEqual(['schaufenster']);
    const again = await buy(mia, ids.p1!);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('order_pending');

    const open = await ok(host.json('/api/memberships/invoices?status=open'));
    const inv = open.items.find((i: any) => i.member.email === 'mia@example.org');
    expect(inv.grossTotal).toBe(500);
    ids.miaInvoice = inv.id;
    await ok(host.json(`/api/memberships/invoices/${inv.id}/confirm`, { method: 'POST' }));
    // Confirming twice changes nothing.
    await ok(host.json(`/api/memberships/invoices/${inv.id}/confirm`, { method: 'POST' }));
    expect(await spaceSlugs(mia)).toEqual(['lounge', 'schaufenster', 'werkstatt']);
    const me = await ok(mia.json('/api/memberships/me'));
    expect(me.subscriptions[0]).toMatchObject({ tierName: 'Stufe 1', status: 'active', active: true });
    expect(me.invoices[0]).toMatchObject({ status: 'paid', number: inv.number });
    await t.lastMail('mia@example.org', 'memberships.welcome');
  });

  it('lets the member and hosts download the invoice PDF, nobody else', async () => {
    const res = await mia.request(`/api/memberships/invoices/${ids.miaInvoice}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
    const { text } = await extractText(pdf, { mergePages: true });
    for (const needle of ['Coaching Beispiel GmbH', 'Hauptstraße 1', 'Mia Muster', 'Lindenstraße 5', '22/123/45678', 'DE123456789', 'Stufe 1', '19', '4,20', '0,80', '5,00']) {
      expect(text).toContain(needle);
    }
    expect((await host.request(`/api/memberships/invoices/${ids.miaInvoice}/pdf`)).status).toBe(200);
    expect((await ben.request(`/api/memberships/invoices/${ids.miaInvoice}/pdf`)).status).toBe(404);
    expect((await t.agent().request(`/api/memberships/invoices/${ids.miaInvoice}/pdf`)).status).toBe(401);
  });

  it('numbers invoices without gaps, also when many are issued at once', async () => {
    const buyers = await Promise.all(Array.from({ length: 6 }, (_, i) => t.member(`num${i}@example.org`, `Num ${i}`)));
    await Promise.all(buyers.map((b) => ok(buy(b, ids.p2!), 201)));
    const rows = await t.db.db.selectFrom('invoices').select('number').orderBy('number').execute();
    const nums = rows.map((r) => Number(String(r.number).split('-')[1]));
    expect(nums).toEqual(Array.from({ length: nums.length }, (_, i) => i + 1));
  });

  it('refuses a closed enrolment, a free tier with a price, and unknown prices', async () => {
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'closed' } }));
    const r = await buy(ben, ids.p1!);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('enrolment_closed');
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'open' } }));
    expect((await buy(ben, '0195f000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await t.agent().json('/api/memberships/checkout', { method: 'POST', json: { priceId: ids.p1 } })).status).toBe(401);
  });

  it('a host cancels an unpaid order’s invoice: the order is given up, and a cancelled invoice cannot be confirmed', async () => {
    const olli = await t.member('olli@example.org', 'Olli');
    const r = await ok(buy(olli, ids.p1!), 201);
    const inv = (await ok(olli.json('/api/memberships/me'))).invoices[0];
    expect((await olli.json(`/api/memberships/invoices/${inv.id}/void`, { method: 'POST', json: { reason: 'doppelt' } })).status).toBe(403);
    expect((await host.json(`/api/memberships/invoices/${inv.id}/void`, { method: 'POST', json: { reason: 'x' } })).status).toBe(400);
    const voided = await ok(host.json(`/api/memberships/invoices/${inv.id}/void`, { method: 'POST', json: { reason: 'Doppelt bestellt' } }));
    expect(voided.status).toBe('void');
    const confirm = await host.json(`/api/memberships/invoices/${inv.id}/confirm`, { method: 'POST' });
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.code).toBe('invoice_void');
    const sub = await t.db.db.selectFrom('subscriptions').select('status').where('id', '=', r.subscriptionId).executeTakeFirstOrThrow();
    expect(sub.status).toBe('void');
    // Ordering again works now.
    expect((await buy(olli, ids.p1!)).status).toBe(201);
  });
});

describe('offers, coupons and limits', () => {
  it('a founding offer with 3 places sells exactly 3 under 8 concurrent buyers', async () => {
    const offer = await ok(
      host.json(`/api/memberships/tiers/${ids.s1}/prices`, { method: 'POST', json: { interval: 'month', amount: 300, currency: 'EUR', label: 'Gründungsmitglieder', maxUses: 3 } }),
      201,
    );
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => t.member(`found${i}@example.org`, `F ${i}`)));
    const results = await Promise.all(buyers.map((b) => buy(b, offer.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'offer_gone')).toHaveLength(5);
    const subs = await t.db.db.selectFrom('subscriptions').select('founding').where('price_id', '=', offer.id).execute();
    expect(subs.every((s) => s.founding)).toBe(true);
    const pub = await ok(t.agent().json('/api/memberships/offer'));
    expect(pub.tiers[0].prices.find((p: any) => p.id === offer.id)).toBeUndefined();
  });

  it('applies a coupon to the invoice and counts its redemptions', async () => {
    await ok(host.json('/api/memberships/coupons', { method: 'POST', json: { code: 'sommer20', percentOff: 20, duration: 'repeating', durationMonths: 2, maxRedemptions: 1 } }), 201);
    const dup = await host.json('/api/memberships/coupons', { method: 'POST', json: { code: 'SOMMER20', percentOff: 10 } });
    expect(dup.status).toBe(409);
    const bad = await host.json('/api/memberships/coupons', { method: 'POST', json: { code: 'X1Y', percentOff: 10, amountOff: 100 } });
    expect(bad.status).toBe(400);
    const c1 = await t.member('coupon1@example.org', 'C1');
    const q = await ok(c1.json('/api/memberships/quote', { method: 'POST', json: { priceId: ids.p2, couponCode: 'sommer20' } }));
    expect(q).toMatchObject({ listAmount: 1500, discount: 300, gross: 1200 });
    await ok(buy(c1, ids.p2!, { couponCode: 'SOMMER20' }), 201);
    const inv = (await ok(c1.json('/api/memberships/me'))).invoices[0];
    expect(inv.grossTotal).toBe(1200);
    const c2 = await t.member('coupon2@example.org', 'C2');
    const used = await buy(c2, ids.p2!, { couponCode: 'SOMMER20' });
    expect(used.status).toBe(400);
    expect(used.body.error.details[0].path).toBe('couponCode');
  });

  it('keeps a tier with a member limit to its limit', async () => {
    const small = await ok(host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Kleingruppe', free: true, memberLimit: 2 } }), 201);
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => t.member(`small${i}@example.org`, `S ${i}`)));
    const results = await Promise.all(people.map((p) => p.json('/api/memberships/checkout', { method: 'POST', json: { tierId: small.id } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'sold_out')).toHaveLength(2);
    await ok(host.json(`/api/memberships/tiers/${small.id}/archive`, { method: 'POST', json: { archived: true } }), 204);
  });
});

describe('the paid period', () => {
  it('access ends at the end of the paid period and returns on renewal', async () => {
    const sub = (await ok(mia.json('/api/memberships/me'))).subscriptions[0];
    // The period ends in 5 days: the renewal invoice is issued a week ahead, once.
    await t.db.db.updateTable('subscriptions').set({ current_period_end: sql`now() + interval '5 days'` }).where('id', '=', sub.id).execute();
    await t.tp.memberships.service.tick();
    await t.tp.memberships.service.tick();
    const renewals = await t.db.db.selectFrom('invoices').select(['id', 'status']).where('subscription_id', '=', sub.id).where('status', '=', 'open').execute();
    expect(renewals).toHaveLength(1);
    await t.lastMail('mia@example.org', 'memberships.renewalInvoice');
    // Unpaid, the period passes: access lapses.
    await t.db.db.updateTable('subscriptions').set({ current_period_end: sql`now() - interval '1 minute'` }).where('id', '=', sub.id).execute();
    await t.tp.memberships.service.tick();
    expect(await spaceSlugs(mia)).toEqual(['schaufenster']);
    expect((await ok(mia.json('/api/memberships/me'))).subscriptions[0]).toMatchObject({ status: 'past_due', active: false });
    // The host confirms the transfer: access is back, until the end of the renewed period.
    await ok(host.json(`/api/memberships/invoices/${renewals[0]!.id}/confirm`, { method: 'POST' }));
    expect(await spaceSlugs(mia)).toEqual(['lounge', 'schaufenster', 'werkstatt']);
  });

  it('a cancelled membership runs to its end, can be taken back, then expires', async () => {
    const sub = (await ok(mia.json('/api/memberships/me'))).subscriptions[0];
    await ok(mia.json(`/api/memberships/subscriptions/${sub.id}/cancel`, { method: 'POST' }), 204);
    expect((await ok(mia.json('/api/memberships/me'))).subscriptions[0]).toMatchObject({ status: 'canceled', active: true, cancelAtPeriodEnd: true });
    await t.lastMail('mia@example.org', 'memberships.canceled');
    expect((await ben.json(`/api/memberships/subscriptions/${sub.id}/resume`, { method: 'POST' })).status).toBe(404);
    await ok(mia.json(`/api/memberships/subscriptions/${sub.id}/resume`, { method: 'POST' }), 204);
    await ok(mia.json(`/api/memberships/subscriptions/${sub.id}/cancel`, { method: 'POST' }), 204);
    await t.db.db.updateTable('subscriptions').set({ current_period_end: sql`now() - interval '1 second'` }).where('id', '=', sub.id).execute();
    await t.tp.memberships.service.tick();
    expect((await ok(mia.json('/api/memberships/me'))).subscriptions[0]).toMatchObject({ status: 'expired', active: false });
    expect(await spaceSlugs(mia)).toEqual(['schaufenster']);
  });

  it('members pause only when the host allows it; a community pause moves everyone’s billing', async () => {
    const pia = await t.member('pia@example.org', 'Pia');
    const r = await ok(buy(pia, ids.p1!), 201);
    const open = (await ok(host.json('/api/memberships/invoices?status=open'))).items.find((i: any) => i.member.email === 'pia@example.org');
    await ok(host.json(`/api/memberships/invoices/${open.id}/confirm`, { method: 'POST' }));
    const refused = await pia.json(`/api/memberships/subscriptions/${r.subscriptionId}/pause`, { method: 'POST', json: { months: 2 } });
    expect(refused.status).toBe(403);
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { memberPauseAllowed: true, memberPauseMaxMonths: 2 } }));
    expect((await pia.json(`/api/memberships/subscriptions/${r.subscriptionId}/pause`, { method: 'POST', json: { months: 3 } })).status).toBe(400);
    await ok(pia.json(`/api/memberships/subscriptions/${r.subscriptionId}/pause`, { method: 'POST', json: { months: 2 } }), 204);
    const paused = (await ok(pia.json('/api/memberships/me'))).subscriptions[0];
    expect(paused.pauseFrom).toBe(paused.currentPeriodEnd);
    await ok(pia.json(`/api/memberships/subscriptions/${r.subscriptionId}/pause`, { method: 'POST', json: { months: null } }), 204);

    const before = new Date((await ok(pia.json('/api/memberships/me'))).subscriptions[0].currentPeriodEnd);
    const today = new Date().toISOString().slice(0, 10);
    const in9 = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const pause = await ok(host.json('/api/memberships/pauses', { method: 'POST', json: { startsOn: today, endsOn: in9, reason: 'Sommerpause' } }), 201);
    expect(pause.appliedAt).not.toBeNull();
    const after = new Date((await ok(pia.json('/api/memberships/me'))).subscriptions[0].currentPeriodEnd);
    expect(Math.round((after.getTime() - before.getTime()) / 86_400_000)).toBe(10);
    expect((await host.json(`/api/memberships/pauses/${pause.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await host.json('/api/memberships/pauses', { method: 'POST', json: { startsOn: in9, endsOn: today, reason: 'x1' } })).status).toBe(400);
  });
});

describe('grants, member list and dashboard', () => {
  it('a host grants and revokes a tier with a reason, audit-logged', async () => {
    const benId = await userId('ben@example.org');
    expect((await host.json('/api/memberships/grants', { method: 'POST', json: { userId: benId, tierId: ids.s2, reason: '' } })).status).toBe(400);
    await ok(host.json('/api/memberships/grants', { method: 'POST', json: { userId: benId, tierId: ids.s2, reason: 'Stipendium' } }), 204);
    // Stufe 2 includes the tiers below it.
    expect(await spaceSlugs(ben)).toEqual(['lounge', 'mastermind', 'schaufenster', 'werkstatt']);
    const list = await ok(host.json(`/api/memberships/members?tier=${ids.s2}&status=active&q=ben`));
    expect(list.items).toHaveLength(1);
    const sub = list.items[0].subscriptions.find((s: any) => s.provider === 'grant');
    await ok(host.json(`/api/memberships/subscriptions/${sub.id}/revoke`, { method: 'POST', json: { reason: 'Stipendium beendet' } }), 204);
    expect(await spaceSlugs(ben)).toEqual(['schaufenster']);
    expect((await ok(ben.json('/api/memberships/me'))).subscriptions.every((s: any) => s.reason === '')).toBe(true);
    const history = await ok(host.json(`/api/memberships/members/${benId}/history`));
    expect(history.items.map((h: any) => [h.kind, h.reason, h.actor])).toEqual([
      ['revoked', 'Stipendium beendet', 'Olga Owner'],
      ['granted', 'Stipendium', 'Olga Owner'],
    ]);
    expect((await mia.json(`/api/memberships/members/${benId}/history`)).status).toBe(403);
  });

  it('the dashboard counts members, MRR and revenue; the CSV matches it', async () => {
    const d = await ok(host.json('/api/memberships/dashboard'));
    expect(d.months).toHaveLength(12);
    const now = d.months[11];
    expect(now.members).toBe(d.now.members);
    expect(now.membersByTier[ids.s1!]).toBeGreaterThanOrEqual(1);
    expect(now.revenue).toBeGreaterThanOrEqual(1000);
    expect(now.mrr).toBeGreaterThanOrEqual(500);
    const csv = await host.request('/api/memberships/dashboard.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toContain('members: Stufe 1');
    expect(lines[12]).toContain((now.revenue / 100).toFixed(2));
  });
});

describe('the interest list', () => {
  it('double opt-in with consent record, a preparatory mail, the opening mail and one-click withdrawal', async () => {
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'closed', openingMailSubject: 'Es geht los', openingMailBody: 'Die Anmeldung ist offen!' } }));
    await ok(host.json('/api/memberships/interest-mails', { method: 'POST', json: { subject: 'Willkommen auf der Liste', body: 'Hallo {{name}}, schön dass du da bist.', delayDays: 0 } }), 201);
    await ok(host.json('/api/memberships/interest-mails', { method: 'POST', json: { subject: 'Drei Tage später', body: 'Noch ein Tipp.', delayDays: 3 } }), 201);
    const visitor = t.agent();
    const bad = await visitor.json('/api/memberships/interest', { method: 'POST', json: { email: 'nope', consent: false } });
    expect(bad.status).toBe(400);
    await ok(visitor.json('/api/memberships/interest', { method: 'POST', json: { email: 'Lea@Example.org', name: 'Lea', consent: true } }), 202);
    const confirm = await t.lastMail('lea@example.org', 'memberships.interestConfirm');
    expect(confirm.text).not.toContain('Willkommen auf der Liste');
    await t.tp.memberships.service.tick();
    await expect(t.lastMail('lea@example.org', 'memberships.hostMail')).rejects.toThrow();
    const link = t.linkIn(confirm).replace(ORIGIN, '');
    expect((await visitor.request(link)).status).toBe(200); // a page with a button; GET changes nothing
    expect((await t.db.db.selectFrom('interest_signups').select('status').executeTakeFirstOrThrow()).status).toBe('pending');
    const done = await visitor.request(link, { method: 'POST' });
    expect(done.status).toBe(200);
    const row = await t.db.db.selectFrom('interest_signups').selectAll().where('email', '=', 'lea@example.org').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'confirmed', consent_version: 1, requested_ip: visitor.ip, confirmed_ip: visitor.ip });
    expect(row.consent_text).toContain('E-Mails');
    const first = await t.lastMail('lea@example.org', 'memberships.hostMail');
    expect(first.subject).toBe('Willkommen auf der Liste');
    expect(first.text).toContain('Hallo Lea');
    await t.tp.memberships.service.tick();
    const sent = await t.db.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', 'lea@example.org').where('template', '=', 'memberships.hostMail').execute();
    expect(sent.map((s) => s.subject)).toEqual(['Willkommen auf der Liste']);
    // Three days later the second mail is due.
    await t.db.db.updateTable('interest_signups').set({ confirmed_at: sql`now() - interval '3 days 1 minute'` }).execute();
    await t.tp.memberships.service.tick();
    expect((await t.lastMail('lea@example.org', 'memberships.hostMail')).subject).toBe('Drei Tage später');

    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'open' } }));
    const opening = await t.lastMail('lea@example.org', 'memberships.hostMail');
    expect(opening.subject).toBe('Es geht los');
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'open' } }));
    const count = await t.db.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('subject', '=', 'Es geht los').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    const withdraw = opening.text.match(/https?:\/\/\S+\/join\/interest\/withdraw\?token=\S+/)![0].replace(ORIGIN, '');
    expect((await t.agent().request(withdraw, { method: 'POST' })).status).toBe(200);
    expect((await t.db.db.selectFrom('interest_signups').select('status').executeTakeFirstOrThrow()).status).toBe('withdrawn');
    expect((await t.agent().request('/join/interest/withdraw?token=forged.token', { method: 'POST' })).status).toBe(400);
    const list = await ok(host.json('/api/memberships/interest'));
    expect(list.items[0]).toMatchObject({ email: 'lea@example.org', status: 'withdrawn' });
  });

  it('the public page shows tiers and, while closed, the interest form that works without JavaScript', async () => {
    const page = await t.agent().request('/join');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Stufe 1');
    expect(html).toContain('/checkout?price=');
    expect(html).not.toContain('<script');
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'closed' } }));
    const closed = await (await t.agent().request('/join')).text();
    expect(closed).not.toContain('/checkout?price=');
    expect(closed).toContain('action="/join/interest"');
    const form = new URLSearchParams({ email: 'not-an-email', name: 'X' });
    const rejected = await t.agent().request('/join/interest', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain('aria-invalid="true"');
    const good = new URLSearchParams({ email: 'tom@example.org', name: 'Tom', consent: 'yes' });
    const accepted = await t.agent().request('/join/interest', { method: 'POST', body: good, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/join?interest=requested#interest');
    await t.lastMail('tom@example.org', 'memberships.interestConfirm');
    await ok(host.json('/api/memberships/settings', { method: 'PATCH', json: { enrolmentMode: 'open' } }));
  });
});
