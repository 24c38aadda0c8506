import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { userChannel } from '../../src/platform/realtime/index.ts';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';

// The realtime module as wired in createTreffpunkt: the full app behind a real HTTP server.
let t: TestApp;
let server: ServerType;

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
  const owner = await t.setupOwner();
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
