import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';
import { createLru, etagOf, matchesEtag } from './cache.ts';

// The feeds' ETag and body cache (issue 6): 304 for a known version, a new ETag after any change,
// and one viewer's feed is never served to another.

let t: TestApp;
let owner: Agent;
let mia: Agent;
let noah: Agent;
const Y = String(new Date().getUTCFullYear() + 1);

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
  mia = await t.member('mia.cache@example.org');
  noah = await t.member('noah.cache@example.org');
});
afterAll(async () => t?.close());

const path = (url: string) => url.replace('http://localhost:3000', '');

describe('feed caching', () => {
  it('answers If-None-Match with 304, gzips from the cache, and changes its ETag with the data', async () => {
    const created = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Lesekreis',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-03-10T19:00`,
        endsLocal: `${Y}-03-10T21:00`,
        audience: 'members',
      },
    });
    expect(created.status).toBe(201);
    const feed = path((await mia.json('/api/events/me/feed')).body.url);
    const anon = t.agent();

    const first = await anon.request(feed);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = await first.text();
    expect(body).toContain('Lesekreis');

    const again = await anon.request(feed, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await anon.request(feed, { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(
      304,
    );

    const zipped = await anon.request(feed, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).toBe(etag);
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(body);

    // A change anywhere in the events data: a new ETag and the new text.
    const patched = await owner.json(`/api/events/${created.body.id}`, {
      method: 'PATCH',
      json: { title: 'Lesekreis am Dienstag' },
    });
    expect(patched.status).toBe(200);
    const changed = await anon.request(feed, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Lesekreis am Dienstag');
  });

  it('keeps viewers apart: a host’s own restricted event stays out of another member’s cached feed', async () => {
    const miaId = (await mia.json('/api/auth/get-session')).body?.user?.id as string;
    const hidden = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Vorbereitung nur für Mia',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-04-02T10:00`,
        endsLocal: `${Y}-04-02T11:00`,
        audience: 'restricted',
        grants: ['role:admin'],
        hostIds: [miaId],
      },
    });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
    const anon = t.agent();
    const miaFeed = await anon.request(path((await mia.json('/api/events/me/feed')).body.url));
    const noahFeed = await anon.request(path((await noah.json('/api/events/me/feed')).body.url));
    expect(await miaFeed.text()).toContain('Vorbereitung nur für Mia');
    expect(await noahFeed.text()).not.toContain('Vorbereitung nur für Mia');
    expect(miaFeed.headers.get('etag')).not.toBe(noahFeed.headers.get('etag'));
    // Noah cannot get Mia's version by sending her ETag.
    const probe = await anon.request(path((await noah.json('/api/events/me/feed')).body.url), {
      headers: { 'if-none-match': miaFeed.headers.get('etag')! },
    });
    expect(probe.status).toBe(200);
  });

  it('the calendar counts follow RSVPs at once (the counts cache is keyed by the RSVP version)', async () => {
    const created = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Zählabend',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-05-10T19:00`,
        endsLocal: `${Y}-05-10T21:00`,
        audience: 'members',
        capacity: 10,
      },
    });
    expect(created.status).toBe(201);
    const url = `/api/events/calendar?from=${Y}-05-01T00:00:00Z&to=${Y}-06-01T00:00:00Z`;
    const find = async (a: Agent) =>
      (
        (await a.json(url)).body.items as Array<{ eventId: string; taken: number; myStatus: string | null }>
      ).find((o) => o.eventId === created.body.id)!;
    expect(await find(noah)).toMatchObject({ taken: 0, myStatus: null });
    const key = `${Y}0510T1900`;
    const r = await mia.json(`/api/events/${created.body.id}/rsvp`, {
      method: 'POST',
      json: { occurrence: key, status: 'going' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await find(noah)).toMatchObject({ taken: 1, myStatus: null });
    expect(await find(mia)).toMatchObject({ taken: 1, myStatus: 'going' });
  });
});

describe('cache helpers', () => {
  it('matches ETags as If-None-Match does', () => {
    const tag = etagOf('a');
    expect(tag).not.toBe(etagOf('b'));
    expect(matchesEtag(tag, tag)).toBe(true);
    expect(matchesEtag(`W/${tag}`, tag)).toBe(true);
    expect(matchesEtag('*', tag)).toBe(true);
    expect(matchesEtag('"x", "y"', tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
  });

  it('builds once for concurrent callers, evicts the least recently used, forgets failures', async () => {
    const lru = createLru<string>({ maxEntries: 2 });
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return 'v';
    };
    await Promise.all([lru.get('a', build), lru.get('a', build), lru.get('a', build)]);
    expect(builds).toBe(1);
    await lru.get('b', build);
    await lru.get('a', build); // a is now the most recent
    await lru.get('c', build);
    expect(lru.has('a')).toBe(true);
    expect(lru.has('b')).toBe(false);
    await expect(lru.get('d', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await new Promise((r) => setTimeout(r, 0));
    expect(lru.has('d')).toBe(false);
  });
});
