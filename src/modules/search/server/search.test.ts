import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../../../../tests/helpers/app.ts';
import { type Api, createHttpApp } from '../../../platform/http/app.ts';
import { createLogger } from '../../../platform/logger.ts';
import { createMetrics } from '../../../platform/metrics.ts';
import { createSearchModule } from './index.ts';

// The module is mounted on its own HTTP app (the platform's middleware, error shape and session
// resolution) until the lead wires it into src/app.ts; the data comes through the real app's API.
let t: TestApp;
let api: Api;
/** The same module with a match cap of 0: every search takes the primary-key walk (common words). */
let walkApi: Api;
let host: Agent;
let mia: Agent;
let ben: Agent;
let mod: Agent;
let anon: Agent;
const ids: Record<string, string> = {};

async function search(agent: Agent, params: Record<string, string | number>, via: Api = api) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const headers = new Headers();
  if (agent.cookies.size) headers.set('Cookie', [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  const res = await via.request(`${ORIGIN}/api/search?${qs}`, { headers });
  return { status: res.status, body: (await res.json()) as any };
}

async function hits(agent: Agent, params: Record<string, string | number>) {
  const r = await search(agent, { limit: 50, ...params });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Array<{
    type: string;
    id: string;
    title: string;
    snippet: string;
    url: string;
    spaceName?: string;
    author?: { id: string };
  }>;
}

async function post(agent: Agent, space: string, body: Record<string, unknown>): Promise<string> {
  const r = await agent.json(`/api/spaces/${space}/posts`, { method: 'POST', json: body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function comment(agent: Agent, postId: string, body: string): Promise<string> {
  const r = await agent.json(`/api/posts/${postId}/comments`, { method: 'POST', json: { body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const mount = (matchCap?: number) =>
    createHttpApp({
      config: { publicUrl: ORIGIN, TRUST_PROXY: false, UPLOAD_MAX_BYTES: 1024 * 1024 },
      logger: createLogger(process.env.SEARCH_TEST_LOG ?? 'silent'),
      metrics: createMetrics(),
      checkHealth: async () => {},
      resolveActor: (req) => t.tp.accounts.resolveActor(req),
      modules: [createSearchModule({ db: t.db.db, spaces: t.tp.spaces.spaces, matchCap }).http],
    });
  api = mount();
  walkApi = mount(0);
  host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  ben = await t.member('ben@example.org', 'Ben');
  mod = await t.member('moritz@example.org', 'Moritz');
  anon = t.agent();
  await t.db.db
    .updateTable('users')
    .set({ role: 'moderator' })
    .where('email', '=', 'moritz@example.org')
    .execute();
  for (const [name, a] of [
    ['mia', mia],
    ['ben', ben],
    ['mod', mod],
  ] as const)
    ids[name] = (await a.json('/api/me')).body.id;
  for (const s of [
    { name: 'Lounge', visibility: 'members' },
    { name: 'Offener Treff', slug: 'offen', visibility: 'public' },
    { name: 'Moderationsteam', slug: 'team', visibility: 'restricted', grants: ['role:moderator'] },
  ]) {
    const r = await host.json('/api/spaces', { method: 'POST', json: s });
    expect(r.status).toBe(201);
    ids[r.body.slug] = r.body.id;
  }
  ids.workshop = await post(mia, 'lounge', {
    title: 'Workshop im Mai',
    body: 'Wir planen einen **Workshop** zur Achtsamkeit. #Achtsamkeit',
  });
  ids.achtsamBody = await post(ben, 'lounge', { body: 'Ein Buch über Achtsamkeit, das mir geholfen hat.' });
  ids.public = await post(host, 'offen', {
    title: 'Offener Abend',
    body: 'Ein offener Workshop für alle Interessierten.',
  });
  ids.secret = await post(mod, 'team', {
    title: 'Intern',
    body: 'Zauberwürfel-Fall aus dem Workshop besprechen.',
  });
  ids.secretComment = await comment(mod, ids.secret!, 'Zauberwürfel: ich übernehme das Gespräch.');
  ids.comment = await comment(ben, ids.workshop!, 'Ich komme gern, Pausenkekse bringe ich mit.');
  ids.swedish = await post(ben, 'lounge', { title: 'Fika', body: 'Vi ses på nästa träff i Malmö.' });
  ids.umlaut = await post(ben, 'lounge', { body: 'Übungen für zu Hause gegen Grübelgedanken.' });
  ids.xss = await post(ben, 'lounge', {
    body: 'Vorsicht <script>alert(1)</script> und <img src=x onerror=alert(2)> vor dem Kekswerkstatt-Termin, 3 < 4 & "so".',
  });
  expect(
    (
      await mia.json('/api/me', {
        method: 'PATCH',
        json: { bio: 'Ich leite Kurse zur Achtsamkeit und Atmung.' },
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => t?.close());

describe('stemming', () => {
  it('finds the post saying "Workshop" when a German reader searches "Workshops"', async () => {
    const r = await hits(mia, { q: 'Workshops', type: 'posts' });
    const hit = r.find((h) => h.id === ids.workshop)!;
    expect(hit).toMatchObject({
      type: 'post',
      title: 'Workshop im Mai',
      url: `/posts/${ids.workshop}`,
      spaceName: 'Lounge',
    });
    expect(hit.author).toMatchObject({ id: ids.mia, name: 'Mia' });
    expect(hit.snippet).toContain('<mark>Workshop</mark>');
    // German alone would not have found it: the snowball stemmer keeps "workshops".
    const german = await sql<{
      ok: boolean;
    }>`select to_tsvector('german', 'Workshop') @@ websearch_to_tsquery('german', 'Workshops') as ok`.execute(
      t.db.db,
    );
    expect(german.rows[0]!.ok).toBe(false);
  });

  it('uses the Swedish stemmer: "träffar" finds "träff"', async () => {
    const r = await hits(mia, { q: 'träffar', type: 'posts' });
    expect(r.map((h) => h.id)).toEqual([ids.swedish]);
    expect(r[0]!.snippet).toContain('<mark>träff</mark>');
    const other = await sql<{ de: boolean; en: boolean }>`select
      to_tsvector('german', 'träff') @@ websearch_to_tsquery('german', 'träffar') as de,
      to_tsvector('english', 'träff') @@ websearch_to_tsquery('english', 'träffar') as en`.execute(t.db.db);
    expect(other.rows[0]).toEqual({ de: false, en: false });
  });

  it('matches capitalised umlauts whatever the case of the query, and highlights them', async () => {
    for (const q of ['übung', 'ÜBUNGEN', 'Übung']) {
      const r = await hits(mia, { q, type: 'posts' });
      expect(
        r.map((h) => h.id),
        q,
      ).toEqual([ids.umlaut]);
      expect(r[0]!.snippet).toContain('<mark>Übungen</mark>');
    }
  });

  it('ranks title matches first', async () => {
    const r = await hits(mia, { q: 'Workshop', type: 'posts' });
    expect(r[0]!.id).toBe(ids.workshop);
    const body = await post(mia, 'lounge', { body: 'Supervision, Supervision und nochmals Supervision.' });
    const title = await post(ben, 'lounge', { title: 'Supervision', body: 'Wer hat Erfahrungen damit?' });
    expect((await hits(mia, { q: 'Supervision' })).map((h) => h.id)).toEqual([title, body]);
  });

  it('understands phrases, exclusions and or', async () => {
    expect((await hits(mia, { q: '"offener Workshop"' })).map((h) => h.id)).toEqual([ids.public]);
    expect((await hits(mia, { q: 'Workshop -Achtsamkeit', type: 'posts' })).map((h) => h.id)).not.toContain(
      ids.workshop,
    );
    for (const q of ['Pausenkekse or Grübelgedanken', 'Pausenkekse oder Grübelgedanken']) {
      const either = (await hits(mia, { q })).map((h) => h.id);
      expect(either, q).toEqual(expect.arrayContaining([ids.comment, ids.umlaut]));
    }
    // Stop words of any language are left out instead of required.
    expect((await hits(mia, { q: 'Übungen für Grübelgedanken', type: 'posts' })).map((h) => h.id)).toEqual([
      ids.umlaut,
    ]);
    expect((await hits(mia, { q: 'the Grübelgedanken', type: 'posts' })).map((h) => h.id)).toEqual([
      ids.umlaut,
    ]);
  });

  it('matches #topics only where they are topics', async () => {
    const r = await hits(mia, { q: '#achtsamkeit' });
    expect(r.map((h) => h.id)).toEqual([ids.workshop]);
    // The plain word still finds both.
    expect((await hits(mia, { q: 'Achtsamkeit', type: 'posts' })).length).toBe(2);
  });
});

describe('access', () => {
  it('never shows a member anything from a restricted space, in items or snippets', async () => {
    for (const type of ['all', 'posts', 'comments']) {
      const r = await search(mia, { q: 'Zauberwürfel', type });
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([]);
    }
    const all = await hits(mia, { q: 'Workshop' });
    expect(all.map((h) => h.id)).not.toContain(ids.secret);
    expect(JSON.stringify(all)).not.toMatch(/Zauberw|Intern|Moderationsteam/);
    expect((await search(mia, { q: 'Workshop', space: 'team' })).status).toBe(404);
    expect((await search(mia, { q: 'Workshop', space: ids.team! })).status).toBe(404);
  });

  it('shows it to a moderator holding the grant', async () => {
    const r = await hits(mod, { q: 'Zauberwürfel' });
    expect(r.map((h) => [h.type, h.id]).sort()).toEqual(
      [
        ['comment', ids.secretComment],
        ['post', ids.secret],
      ].sort(),
    );
    const c = r.find((h) => h.type === 'comment')!;
    expect(c).toMatchObject({
      title: 'Intern',
      url: `/posts/${ids.secret}#comment-${ids.secretComment}`,
      spaceName: 'Moderationsteam',
    });
    expect(c.snippet).toContain('<mark>Zauberwürfel</mark>');
  });

  it('gives visitors public spaces only and no members', async () => {
    const r = await hits(anon, { q: 'Workshop' });
    expect(r.map((h) => h.id)).toEqual([ids.public]);
    expect((await hits(anon, { q: 'Achtsamkeit' })).filter((h) => h.type === 'member')).toEqual([]);
    const members = await search(anon, { q: 'Mia', type: 'members' });
    expect(members.status).toBe(401);
    expect(members.body.error.code).toBe('unauthenticated');
  });

  it('finds members by name and bio for members, without their email', async () => {
    const r = await hits(ben, { q: 'Atmung', type: 'members' });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ type: 'member', id: ids.mia, title: 'Mia', url: `/members/${ids.mia}` });
    expect(r[0]!.snippet).toContain('<mark>Atmung</mark>');
    expect(JSON.stringify(r)).not.toContain('mia@example.org');
    expect((await hits(ben, { q: 'Mia', type: 'members' })).map((h) => h.id)).toEqual([ids.mia]);
  });

  it('hides scheduled reflection questions until their time', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const id = await post(host, 'lounge', {
      kind: 'reflection',
      title: 'Reflexionsfrage',
      body: 'Welcher Moment im Quartalsrückblick hat dich berührt?',
      publishAt: later,
    });
    expect(await hits(mia, { q: 'Quartalsrückblick' })).toEqual([]);
    expect(await hits(host, { q: 'Quartalsrückblick' })).toEqual([]);
    await t.db.db
      .updateTable('posts')
      .set({ publish_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect((await hits(mia, { q: 'Quartalsrückblick' })).map((h) => h.id)).toEqual([id]);
  });

  it('drops deleted and hidden posts and comments, and comments on them', async () => {
    const gone = await post(ben, 'lounge', { body: 'Löschkandidat mit Eintagsfliege' });
    const onGone = await comment(mia, gone, 'Eintagsfliege auch hier');
    const hidden = await post(ben, 'lounge', { body: 'Versteckt: Eintagsfliege zwei' });
    const hiddenComment = await comment(mia, ids.workshop!, 'Eintagsfliege im Kommentar');
    expect((await hits(mia, { q: 'Eintagsfliege' })).length).toBe(4);
    expect((await ben.request(`/api/posts/${gone}`, { method: 'DELETE' })).status).toBe(204);
    await t.db.db.updateTable('posts').set({ status: 'hidden' }).where('id', '=', hidden).execute();
    await t.db.db.updateTable('comments').set({ status: 'hidden' }).where('id', '=', hiddenComment).execute();
    expect(await hits(mia, { q: 'Eintagsfliege' })).toEqual([]);
    expect(await hits(mod, { q: 'Eintagsfliege' })).toEqual([]);
    expect(onGone).toBeTruthy();
  });
});

describe('results', () => {
  it('escapes snippets: member text never becomes markup', async () => {
    const r = await hits(mia, { q: 'Kekswerkstatt' });
    expect(r.map((h) => h.id)).toEqual([ids.xss]);
    const snippet = r[0]!.snippet;
    expect(snippet).toContain('<mark>Kekswerkstatt</mark>');
    expect(snippet).not.toMatch(/<script|<img/i);
    // Apart from our own <mark> pairs there is no tag, and the literal "<" is escaped.
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(snippet).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('pages by rank without duplicates or gaps', async () => {
    for (let i = 0; i < 23; i++)
      await post(ben, 'lounge', { body: `Sammelbeitrag ${i}: ${'Sammelbeitrag '.repeat(i % 4)}Ende` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await search(mia, { q: 'Sammelbeitrag', limit: 5, ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((h: any) => h.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen.length).toBe(23);
    // The order is the ranked order of one big page.
    expect((await hits(mia, { q: 'Sammelbeitrag' })).map((h) => h.id)).toEqual(seen);
  });

  it('filters by space, author, kind and date', async () => {
    expect((await hits(mia, { q: 'Workshop', space: 'offen' })).map((h) => h.id)).toEqual([ids.public]);
    expect((await hits(mia, { q: 'Workshop', space: ids.offen! })).map((h) => h.id)).toEqual([ids.public]);
    const byMia = await hits(mia, { q: 'Achtsamkeit', author: ids.mia! });
    expect(byMia.map((h) => h.id)).toEqual([ids.workshop]);
    const byBen = await hits(mia, { q: 'Pausenkekse', author: ids.ben!, type: 'comments' });
    expect(byBen.map((h) => h.id)).toEqual([ids.comment]);
    const poll = await post(mia, 'lounge', {
      kind: 'poll',
      title: 'Workshop-Themen',
      body: 'Welche Workshops wollt ihr?',
      poll: { options: ['Humor', 'Körper'] },
    });
    expect((await hits(mia, { q: 'Workshop', kind: 'poll' })).map((h) => h.id)).toEqual([poll]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(
      (await hits(mia, { q: 'Workshop', type: 'posts', from: today, to: today })).length,
    ).toBeGreaterThan(0);
    expect(await hits(mia, { q: 'Workshop', from: tomorrow })).toEqual([]);
    expect(await hits(mia, { q: 'Workshop', to: '2020-01-01' })).toEqual([]);
    // Content filters leave members out.
    expect(
      (await hits(ben, { q: 'Achtsamkeit', author: ids.mia! })).filter((h) => h.type === 'member'),
    ).toEqual([]);
    expect(
      (await hits(ben, { q: 'Achtsamkeit' })).filter((h) => h.type === 'member').map((h) => h.id),
    ).toEqual([ids.mia]);
  });

  it('answers malformed input with 400 in the shared error shape', async () => {
    const bad: Array<Record<string, string | number>> = [
      { q: '' },
      { q: '   ' },
      { q: 'x'.repeat(201) },
      { q: '-nur -nein' },
      { q: '!!! ???' },
      { q: 'a', type: 'everything' },
      { q: 'a', limit: 0 },
      { q: 'a', limit: 500 },
      { q: 'a', kind: 'rant' },
      { q: 'a', cursor: 'not-a-cursor' },
      { q: 'a', from: 'yesterday' },
      { q: 'a', from: '2026-02-30x' },
      { q: 'a', from: '2026-05-02', to: '2026-05-01' },
    ];
    for (const params of bad) {
      const r = await search(mia, params);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.body).toMatchObject({
        error: { code: 'validation_failed', message: expect.any(String) },
        requestId: expect.any(String),
      });
    }
    const missing = await api.request(`${ORIGIN}/api/search`);
    expect(missing.status).toBe(400);
  });

  it('is documented as a public route', async () => {
    const doc = (await (await api.request(`${ORIGIN}/api/openapi.json`)).json()) as any;
    expect(doc.paths['/api/search'].get['x-access']).toBe('public');
    expect(doc.paths['/api/search'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['q', 'type', 'space', 'author', 'kind', 'from', 'to', 'cursor', 'limit']),
    );
  });

  it('keeps the stored vectors out of what accounts answer', async () => {
    const session = await mia.json('/api/auth/get-session');
    expect(session.status).toBe(200);
    expect(Object.keys(session.body.user)).not.toContain('search');
    expect(Object.keys((await mia.json('/api/me')).body)).not.toContain('search');
  });
});

describe('common words', () => {
  it('walking the primary key (a word above the match cap) gives the same answers as the GIN path', async () => {
    const cases: Array<[Agent, Record<string, string | number>]> = [
      [mia, { q: 'Workshop' }],
      [mia, { q: 'Workshop', type: 'comments' }],
      [mia, { q: 'Zauberwürfel' }],
      [mod, { q: 'Zauberwürfel' }],
      [anon, { q: 'Workshop' }],
      [ben, { q: 'Achtsamkeit' }],
      [ben, { q: 'Atmung', type: 'members' }],
      [mia, { q: '#achtsamkeit' }],
      [mia, { q: 'Workshop -Achtsamkeit', type: 'posts' }],
      [mia, { q: 'Workshop', space: 'offen' }],
      [mia, { q: 'Achtsamkeit', author: ids.mia! }],
      [mia, { q: 'Workshop', kind: 'poll' }],
      [mia, { q: 'Workshop', to: '2020-01-01' }],
      [mia, { q: 'Sammelbeitrag', limit: 5 }],
      [mia, { q: 'Eintagsfliege' }],
    ];
    for (const [agent, params] of cases) {
      const gin = await search(agent, params);
      const walk = await search(agent, params, walkApi);
      expect(walk.status, JSON.stringify(params)).toBe(gin.status);
      expect(walk.body, JSON.stringify(params)).toEqual(gin.body);
      if (gin.body.nextCursor) {
        const next = { ...params, cursor: gin.body.nextCursor };
        expect((await search(agent, next, walkApi)).body, JSON.stringify(next)).toEqual(
          (await search(agent, next)).body,
        );
      }
    }
    // Nothing of the restricted space either way.
    expect((await search(mia, { q: 'Zauberwürfel' }, walkApi)).body.items).toEqual([]);
  });
});
