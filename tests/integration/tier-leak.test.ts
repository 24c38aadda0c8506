import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../helpers/app.ts';

// Content only Stufe 2 may see carries a unique marker. A Stufe-1 member (who held Stufe 2 before,
// followed its space and asked for mails) and an anonymous visitor must never receive it: on any
// route of the router, in lists, feeds, search, notifications, instant mails and digests, or file URLs.

const MARKER = `STUFEZWEI${Date.now().toString(36).toUpperCase()}`;
let t: TestApp;
let host: Agent;
let mia: Agent;
let paula: Agent;
const s2: Record<string, string> = {};

async function body(p: Promise<{ status: number; body: any }>, status = 200) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

async function settle() {
  for (let i = 0; i < 150; i++) {
    const open = await t.db.db.selectFrom('pgboss.job').select('id').where('name', '=', 'spaces.event').where('state', 'in', ['created', 'retry', 'active']).execute();
    if (open.length === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('notification jobs did not finish');
}

beforeAll(async () => {
  t = await createTestApp();
  host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  paula = await t.member('paula@example.org', 'Paula');
  await body(host.json('/api/memberships/settings', { method: 'PATCH', json: { sellerName: 'Host', sellerAddress: 'Weg 1', iban: 'DE89370400440532013000' } }));
  const tier1 = await body(host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 1' } }), 201);
  const tier2 = await body(host.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 2' } }), 201);
  const price1 = await body(host.json(`/api/memberships/tiers/${tier1.id}/prices`, { method: 'POST', json: { interval: 'month', amount: 500 } }), 201);
  await body(host.json('/api/spaces', { method: 'POST', json: { name: 'Werkstatt', visibility: 'restricted', grants: [`tier:${tier1.id}`] } }), 201);
  const space = await body(host.json('/api/spaces', { method: 'POST', json: { name: 'Mastermind', visibility: 'restricted', grants: [`tier:${tier2.id}`], description: `${MARKER} Beschreibung` } }), 201);
  s2.spaceId = space.id;
  s2.slug = space.slug;

  // Mia buys Stufe 1 by transfer; the host confirms.
  await body(mia.json('/api/memberships/checkout', { method: 'POST', json: { priceId: price1.id, billing: { name: 'Mia M', address: 'Weg 2, 12345 Ort' } } }), 201);
  const inv = (await body(host.json('/api/memberships/invoices?status=open'))).items[0];
  await body(host.json(`/api/memberships/invoices/${inv.id}/confirm`, { method: 'POST' }));
  // Mia also held Stufe 2 for a while: she followed its space and asked for instant mails and a daily digest.
  const miaId = (await body(mia.json('/api/me'))).id;
  await body(host.json('/api/memberships/grants', { method: 'POST', json: { userId: miaId, tierId: tier2.id, reason: 'Probemonat' } }), 204);
  await body(mia.json(`/api/notifications/follows/${s2.slug}`, { method: 'PUT', json: { following: true } }));
  await body(
    mia.json('/api/notifications/preferences', {
      method: 'PUT',
      json: { items: [{ kind: 'new_post', email: 'daily' }, { kind: 'mention', email: 'instant' }, { kind: 'reflection', email: 'instant' }] },
    }),
  );
  const members = await body(host.json(`/api/memberships/members?tier=${tier2.id}&q=mia`));
  const grant = members.items[0].subscriptions.find((s: any) => s.provider === 'grant');
  await body(host.json(`/api/memberships/subscriptions/${grant.id}/revoke`, { method: 'POST', json: { reason: 'Probemonat vorbei' } }), 204);
  // Paula holds Stufe 2.
  const paulaId = (await body(paula.json('/api/me'))).id;
  await body(host.json('/api/memberships/grants', { method: 'POST', json: { userId: paulaId, tierId: tier2.id, reason: 'Mentorin' } }), 204);

  const pdf = new FormData();
  pdf.append('file', new Blob([new TextEncoder().encode(`%PDF-1.4\n% ${MARKER}\n%%EOF\n`)], { type: 'application/pdf' }), `${MARKER}.pdf`);
  s2.fileId = (await body(paula.json('/api/attachments', { method: 'POST', body: pdf }), 201)).id;
  const post = await body(
    paula.json(`/api/spaces/${s2.slug}/posts`, { method: 'POST', json: { title: `${MARKER} Titel`, body: `${MARKER} Text für @Mia`, attachmentIds: [s2.fileId] } }),
    201,
  );
  s2.postId = post.id;
  const poll = await body(paula.json(`/api/spaces/${s2.slug}/posts`, { method: 'POST', json: { kind: 'poll', title: `${MARKER} Umfrage`, poll: { options: [`${MARKER} ja`, 'nein'] } } }), 201);
  s2.pollId = poll.id;
  s2.optionId = poll.poll.options[0].id;
  s2.commentId = (await body(paula.json(`/api/posts/${s2.postId}/comments`, { method: 'POST', json: { body: `${MARKER} Kommentar @Mia` } }), 201)).id;
  await body(host.json(`/api/spaces/${s2.slug}/posts`, { method: 'POST', json: { kind: 'reflection', title: `${MARKER} Frage`, body: 'Was denkst du?' } }), 201);
  // Events: one for Stufe 2 by audience, one in the Stufe-2 space (public by itself, hidden by its space).
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const ev = (title: string, extra: Record<string, unknown>) =>
    body(host.json('/api/events', { method: 'POST', json: { title, description: `${MARKER} Beschreibung`, timeZone: 'Europe/Berlin', startsLocal: `${soon}T19:00`, endsLocal: `${soon}T20:00`, ...extra } }), 201);
  s2.eventId = (await ev(`${MARKER} Runde`, { audience: 'restricted', grants: [`tier:${tier2.id}`], repeat: { freq: 'weekly' } })).id;
  s2.spaceEventId = (await ev(`${MARKER} im Raum`, { audience: 'public', spaceId: s2.spaceId })).id;
  await body(paula.json(`/api/events/${s2.eventId}/rsvp`, { method: 'POST', json: { occurrence: 'series', status: 'going' } }));
  await settle();
  await t.tp.notifications.worker.runDigest('daily');
});
afterAll(async () => t?.close());

function leaks(text: string): string[] {
  return [MARKER, s2.postId, s2.commentId, s2.fileId, s2.pollId, s2.optionId].filter((s) => s && text.includes(s)) as string[];
}

describe('Stufe-2 content, seen by a Stufe-1 member and by a visitor', () => {
  it('Mia holds Stufe 1 and not Stufe 2 (the setup can fail)', async () => {
    const me = await body(mia.json('/api/memberships/me'));
    expect(me.subscriptions.filter((s: any) => s.active).map((s: any) => s.tierName)).toEqual(['Stufe 1']);
    expect((await body(mia.json('/api/spaces'))).items.map((s: any) => s.slug)).toEqual(['werkstatt']);
  });

  for (const who of ['stufe1', 'anonymous'] as const) {
    it(`${who}: every route of the router that takes an identifier gives no success and no trace`, async () => {
      const agent = who === 'stufe1' ? mia : t.agent();
      const ids = Object.values(s2);
      const routes = t.tp.app.routes.filter((r) => r.path.includes('/:') && r.method !== 'ALL' && !r.path.startsWith('/api/auth/'));
      expect(routes.length).toBeGreaterThan(40);
      const checked = new Set<string>();
      for (const r of routes) {
        const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        if (params.some((p) => /user/i.test(p))) continue; // about members, not about the space
        for (const id of ids) {
          const path = r.path.replace(/:(\w+)/g, id);
          const res = await agent.request(path, { method: r.method, ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { json: {} }) });
          const text = await res.text();
          expect(res.status < 200 || res.status >= 300, `${r.method} ${path} → ${res.status}`).toBe(true);
          expect(leaks(text), `${r.method} ${path}`).toEqual([]);
          checked.add(`${r.method} ${r.path}`);
        }
      }
      expect(checked.size).toBeGreaterThan(30);
    });

    it(`${who}: lists, feeds, search, the public page and file URLs show nothing`, async () => {
      const agent = who === 'stufe1' ? mia : t.agent();
      const paths = ['/api/spaces', '/api/feed?limit=50', '/api/feed?limit=50&sort=active', `/api/search?q=${MARKER}`, `/api/search?q=${MARKER}&type=comments`, '/api/search?q=Titel', '/api/memberships/offer', '/join'];
      const from = new Date().toISOString();
      const to = new Date(Date.now() + 60 * 86_400_000).toISOString();
      paths.push('/api/events/upcoming?limit=50', `/api/events/calendar?from=${from}&to=${to}`, '/api/events/focus-days', '/api/calendar/public.ics');
      if (who === 'stufe1') {
        paths.push('/api/notifications', '/api/notifications/follows', '/api/notifications/unread-count', '/api/memberships/me', '/api/events/upcoming?limit=50&mine=true');
        paths.push((await body(mia.json('/api/events/me/feed'))).url.replace('http://localhost:3000', ''));
      }
      for (const p of paths) {
        const res = await agent.request(p);
        const text = await res.text();
        expect(res.status, p).toBeLessThan(500);
        expect(leaks(text), p).toEqual([]);
      }
      expect((await agent.request(`/api/files/${s2.fileId}`)).status).toBe(404);
    });
  }

  it('no mail to Mia carries it: instant mails and the daily digest were checked against her access', async () => {
    const mails = await t.db.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body', 'template']).where('to_address', '=', 'mia@example.org').execute();
    expect(mails.length).toBeGreaterThan(2); // order, welcome, payment: she does get mail
    for (const m of mails) expect(leaks(`${m.subject} ${m.text_body} ${m.html_body}`), m.template).toEqual([]);
  });

  it('Paula (Stufe 2) does see it, so the test can fail', async () => {
    expect(leaks(await (await paula.request(`/api/posts/${s2.postId}`)).text())).toContain(MARKER);
    expect(leaks(await (await paula.request(`/api/events/${s2.eventId}`)).text())).toContain(MARKER);
    expect(leaks(await (await paula.request(`/api/events/${s2.spaceEventId}`)).text())).toContain(MARKER);
    expect(leaks(await (await paula.request((await body(paula.json('/api/events/me/feed'))).url.replace('http://localhost:3000', ''))).text())).toContain(MARKER);
    expect((await paula.request(`/api/files/${s2.fileId}`)).status).toBe(200);
    expect(leaks(await (await paula.request(`/api/search?q=${MARKER}`)).text())).toContain(MARKER);
  });
});
