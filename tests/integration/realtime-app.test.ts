import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SESSION_ENDED, userChannel } from '../../src/platform/realtime/index.ts';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';

// The realtime module as wired in createTreffpunkt: the full app behind a real HTTP server.
let t: TestApp;
let server: ServerType;
let owner: Agent;

beforeAll(async () => {
  t = await createTestApp();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.tp.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  t.tp.realtime.injectWebSocket(server);
});

afterAll(async () => {
  await t.tp.realtime.close();
  await new Promise((r) => server.close(r));
  await t.close();
});

it('delivers a personal event to the logged-in member over /api/ws of the full app', async () => {
  owner = await t.setupOwner();
  const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const actor = await t.tp.accounts.resolveActor(new Request(ORIGIN, { headers: { Cookie: cookie } }));
  const port = (server.address() as AddressInfo).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { Origin: ORIGIN, Cookie: cookie } });
  const frames: unknown[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await expect.poll(() => frames.length).toBe(1);
  expect(frames[0]).toEqual({ type: 'subscribed', channel: userChannel(actor!.id) });
  await t.tp.bus.publish(userChannel(actor!.id), { type: 'notification.created', data: { id: 'n1' } });
  await expect.poll(() => frames.length).toBe(2);
  expect(frames[1]).toMatchObject({ type: 'event', event: { type: 'notification.created' } });
  const refused = await fetch(`http://127.0.0.1:${port}/api/ws`, { headers: { Cookie: cookie } });
  expect(refused.status).toBe(426);
  ws.close();
});

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
async function body(p: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

it('a revoked membership, a space closed to members and a sign-out reach open sockets (the database triggers)', async () => {
  const port = (server.address() as AddressInfo).port;
  // Stufe 1 keeps Mia a member (with tiers, only holders are); Stufe 2 (above it) opens the Mastermind.
  const basic = await body(
    owner.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 1' } }),
    201,
  );
  const tier = await body(
    owner.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 2' } }),
    201,
  );
  const mastermind = await body(
    owner.json('/api/spaces', {
      method: 'POST',
      json: { name: 'Mastermind', visibility: 'restricted', grants: [`tier:${tier.id}`] },
    }),
    201,
  );
  const lounge = await body(owner.json('/api/spaces', { method: 'POST', json: { name: 'Austausch' } }), 201);
  const mia = await t.member('mia.socket@example.org');
  const miaId = (await body(mia.json('/api/me'))).id as string;
  for (const tierId of [basic.id, tier.id])
    await body(
      owner.json('/api/memberships/grants', {
        method: 'POST',
        json: { userId: miaId, tierId, reason: 'Probemonat' },
      }),
      204,
    );

  const cookie = [...mia.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { Origin: ORIGIN, Cookie: cookie } });
  // biome-ignore lint/suspicious/noExplicitAny: frames are checked field by field
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await expect.poll(() => frames.length).toBe(1);
  for (const s of [mastermind, lounge])
    ws.send(JSON.stringify({ type: 'subscribe', channel: `space:${s.id}` }));
  await expect.poll(() => frames.filter((f) => f.type === 'subscribed').length).toBe(3);

  // The host ends the trial month: the Mastermind channel goes, the lounge stays.
  const members = await body(owner.json(`/api/memberships/members?tier=${tier.id}&q=mia`));
  const grant = members.items[0].subscriptions.find(
    (s: { provider: string; tierId: string }) => s.provider === 'grant' && s.tierId === tier.id,
  );
  await body(
    owner.json(`/api/memberships/subscriptions/${grant.id}/revoke`, {
      method: 'POST',
      json: { reason: 'Probemonat vorbei' },
    }),
    204,
  );
  await expect
    .poll(() => frames.find((f) => f.type === 'error' && f.channel === `space:${mastermind.id}`))
    .toMatchObject({ code: 'forbidden' });
  expect(frames).toContainEqual({
    type: 'event',
    channel: userChannel(miaId),
    event: { type: 'access.changed', data: null },
  });
  await t.tp.bus.publish(`space:${mastermind.id}`, { type: 'post.created', data: { marker: 'leak' } });
  await t.tp.bus.publish(`space:${lounge.id}`, { type: 'post.created', data: { marker: 'lounge' } });
  await expect.poll(() => frames.some((f) => f.event?.data?.marker === 'lounge')).toBe(true);
  expect(frames.some((f) => f.event?.data?.marker === 'leak')).toBe(false);

  // The host closes the lounge to a group Mia is not in: that channel goes too.
  await body(
    owner.json(`/api/spaces/${lounge.id}`, {
      method: 'PATCH',
      json: { visibility: 'restricted', grants: ['role:admin'] },
    }),
  );
  await expect
    .poll(() => frames.find((f) => f.type === 'error' && f.channel === `space:${lounge.id}`))
    .toMatchObject({ code: 'forbidden' });

  // Signing out in another tab closes the socket with 4401.
  expect((await mia.request('/api/auth/sign-out', { method: 'POST', json: {} })).status).toBe(200);
  expect(await closed).toBe(SESSION_ENDED);
});
