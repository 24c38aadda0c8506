import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';

let t: TestApp;
let host: Agent;
let mia: Agent;
let ben: Agent;
let mod: Agent;
const ids: Record<string, string> = {};

async function space(body: Record<string, unknown>) {
  const r = await host.json('/api/spaces', { method: 'POST', json: body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function post(agent: Agent, spaceSlug: string, body: Record<string, unknown>) {
  return agent.json(`/api/spaces/${spaceSlug}/posts`, { method: 'POST', json: body });
}

beforeAll(async () => {
  t = await createTestApp();
  host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  ben = await t.member('ben@example.org', 'Ben');
  mod = await t.member('moritz@example.org', 'Moritz');
  await t.db.db.updateTable('users').set({ role: 'moderator' }).where('email', '=', 'moritz@example.org').execute();
  ids.lounge = (await space({ name: 'Lounge', description: 'Alles, was euch bewegt', visibility: 'members' })).id;
  ids.news = (await space({ name: 'Ankündigungen', kind: 'announcement', visibility: 'public' })).id;
  ids.team = (await space({ name: 'Moderationsteam', visibility: 'restricted', grants: ['role:moderator'] })).id;
  ids.sprint = (await space({ name: 'Umsetzungssprint', optional: true })).id;
});
afterAll(async () => t?.close());

describe('spaces', () => {
  it('lists what each person may see, in order, with German-friendly slugs', async () => {
    const anon = (await t.agent().json('/api/spaces')).body.items.map((s: any) => s.slug);
    expect(anon).toEqual(['ankuendigungen']);
    const member = (await mia.json('/api/spaces')).body.items.map((s: any) => s.slug);
    expect(member).toEqual(['lounge', 'ankuendigungen', 'umsetzungssprint']);
    const moderator = (await mod.json('/api/spaces')).body.items.map((s: any) => s.slug);
    expect(moderator).toContain('moderationsteam');
  });

  it('lets members join and leave optional spaces only', async () => {
    expect((await mia.json('/api/spaces/umsetzungssprint')).body.joined).toBe(false);
    expect((await mia.json('/api/spaces/umsetzungssprint/join', { method: 'POST' })).body.joined).toBe(true);
    expect((await mia.json('/api/spaces/lounge/leave', { method: 'POST' })).status).toBe(409);
    expect((await mia.json('/api/spaces/umsetzungssprint/leave', { method: 'POST' })).body.joined).toBe(false);
  });

  it('keeps announcement spaces for hosts', async () => {
    expect((await post(mia, 'ankuendigungen', { body: 'Hallo?' })).status).toBe(403);
    expect((await post(host, 'ankuendigungen', { title: 'Willkommen', body: 'Schön, dass ihr da seid.' })).status).toBe(201);
  });
});

describe('restricted spaces stay closed on every path', () => {
  let secret: string;
  beforeAll(async () => {
    const r = await post(mod, 'moderationsteam', { title: 'Intern', body: 'Nur für das Team' });
    expect(r.status).toBe(201);
    secret = r.body.id;
  });

  it('answers 404 to members for the space, its feed, the post, its comments, reactions and votes', async () => {
    expect((await mia.json(`/api/spaces/${ids.team}`)).status).toBe(404);
    expect((await mia.json('/api/spaces/moderationsteam/posts')).status).toBe(404);
    expect((await mia.json(`/api/posts/${secret}`)).status).toBe(404);
    expect((await mia.json(`/api/posts/${secret}/comments`)).status).toBe(404);
    expect((await post(mia, 'moderationsteam', { body: 'x' })).status).toBe(404);
    const react = await mia.json('/api/reactions', { method: 'POST', json: { targetType: 'post', targetId: secret, emoji: '👍', on: true } });
    expect(react.status).toBe(404);
    expect((await mia.json(`/api/posts/${secret}/comments`, { method: 'POST', json: { body: 'x' } })).status).toBe(404);
    const feed = (await mia.json('/api/feed?limit=50')).body.items.map((p: any) => p.id);
    expect(feed).not.toContain(secret);
    expect((await t.agent().json(`/api/posts/${secret}`)).status).toBe(404);
  });

  it('opens to those holding the grant', async () => {
    expect((await mod.json(`/api/posts/${secret}`)).status).toBe(200);
    expect((await mod.json('/api/feed?limit=50')).body.items.map((p: any) => p.id)).toContain(secret);
  });
});

describe('posts and feeds', () => {
  it('renders Markdown to safe HTML at write time', async () => {
    const r = await post(mia, 'lounge', {
      title: 'Gute Einstiege',
      body: '**Frage:** wie startet ihr Sitzungen?\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1))',
    });
    expect(r.status).toBe(201);
    expect(r.body.bodyHtml).toContain('<strong>Frage:</strong>');
    expect(r.body.bodyHtml).not.toContain('<script');
    expect(r.body.bodyHtml).not.toMatch(/href="javascript:/);
    ids.einstiege = r.body.id;
  });

  it('links @mentions to members and records the event for notifications with the change', async () => {
    const r = await post(mia, 'lounge', { body: 'Was meinst du, @Ben? Und @Niemand?' });
    const link = r.body.bodyHtml.match(/<a [^>]*>@Ben<\/a>/)?.[0] ?? '';
    expect(link).toContain('class="mention"');
    expect(link).toMatch(/href="\/members\/[0-9a-f-]{36}"/);
    expect(r.body.bodyHtml).toContain('@Niemand');
    const jobs = await t.db.db
      .selectFrom('pgboss.job')
      .select(['data'])
      .where('name', '=', 'spaces.event')
      .execute();
    const ev = jobs.map((j: any) => j.data).find((d: any) => d.postId === r.body.id);
    expect(ev).toMatchObject({ type: 'post.published', kind: 'discussion', mentions: [expect.any(String)] });
  });

  it('pages through a space with a stable cursor, newest first, no duplicates', async () => {
    for (let i = 0; i < 23; i++) expect((await post(ben, 'lounge', { body: `Beitrag ${i}` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page: any = (await mia.json(`/api/spaces/lounge/posts?limit=10${q}`)).body;
      seen.push(...page.items.map((p: any) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(25);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('shows unread markers until a post is opened, and again after new comments', async () => {
    const first = (await mia.json('/api/spaces/lounge/posts?limit=1')).body.items[0];
    expect(first.unread).toBe(true);
    await mia.json(`/api/posts/${first.id}`);
    expect((await mia.json('/api/spaces/lounge/posts?limit=1')).body.items[0].unread).toBe(false);
    await ben.json(`/api/posts/${first.id}/comments`, { method: 'POST', json: { body: 'Nachtrag' } });
    const active = (await mia.json('/api/spaces/lounge/posts?limit=1&sort=active')).body.items[0];
    expect(active.id).toBe(first.id);
    expect(active.unread).toBe(true);
  });

  it('edits with history; only author or moderators may edit', async () => {
    expect((await ben.json(`/api/posts/${ids.einstiege}`, { method: 'PATCH', json: { body: 'gehackt' } })).status).toBe(403);
    const e = await mia.json(`/api/posts/${ids.einstiege}`, { method: 'PATCH', json: { body: 'Wie startet ihr **Sitzungen**?' } });
    expect(e.status).toBe(200);
    expect(e.body.editedAt).not.toBeNull();
    const revs = (await mia.json(`/api/posts/${ids.einstiege}/revisions`)).body.items;
    expect(revs[0].body).toContain('<script>');
  });

  it('soft-deletes, hides from members, and lets moderators restore', async () => {
    const p = (await post(ben, 'lounge', { body: 'Versehen' })).body;
    expect((await ben.request(`/api/posts/${p.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mia.json(`/api/posts/${p.id}`)).status).toBe(404);
    expect((await mod.json(`/api/posts/${p.id}`)).body.status).toBe('deleted');
    expect((await mod.json(`/api/posts/${p.id}/restore`, { method: 'POST' })).body.status).toBe('published');
    expect((await mia.json(`/api/posts/${p.id}`)).status).toBe(200);
  });

  it('lets hosts schedule reflection questions that appear at their time', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    expect((await post(mia, 'lounge', { kind: 'reflection', body: 'Was hat dich diese Woche bewegt?', publishAt: later })).status).toBe(403);
    const r = await post(host, 'lounge', { kind: 'reflection', title: 'Reflexionsfrage', body: 'Was hat dich diese Woche bewegt?', publishAt: later });
    expect(r.status).toBe(201);
    expect(r.body.scheduled).toBe(true);
    expect((await mia.json(`/api/posts/${r.body.id}`)).status).toBe(404);
    expect((await mia.json('/api/feed?limit=50')).body.items.map((p: any) => p.id)).not.toContain(r.body.id);
    await t.db.db.updateTable('posts').set({ publish_at: new Date(Date.now() - 1000) }).where('id', '=', r.body.id).execute();
    expect((await mia.json('/api/feed?limit=50')).body.items.map((p: any) => p.id)).toContain(r.body.id);
  });

  it('announces a scheduled reflection question to live viewers when it appears, not before', async () => {
    const seen: { type: string; at: number; data: any }[] = [];
    const off = t.tp.bus.subscribe(`space:${ids.lounge}`, (e) => seen.push({ ...e, at: Date.now() }));
    const at = Date.now() + 1500;
    const r = await post(host, 'lounge', { kind: 'reflection', body: 'Was nimmst du mit?', publishAt: new Date(at).toISOString() });
    expect(r.status).toBe(201);
    for (let i = 0; i < 100 && !seen.some((e) => e.data?.postId === r.body.id); i++) await new Promise((res) => setTimeout(res, 100));
    off();
    const announced = seen.find((e) => e.data?.postId === r.body.id);
    expect(announced?.type).toBe('post.created');
    expect(announced!.at).toBeGreaterThanOrEqual(at);
  });

  it('requires a link for finds and options for polls', async () => {
    expect((await post(mia, 'lounge', { kind: 'find', body: 'schau mal' })).status).toBe(400);
    expect((await post(mia, 'lounge', { kind: 'poll', body: 'Welche?' })).status).toBe(400);
    expect((await post(mia, 'lounge', { kind: 'discussion', body: '' })).status).toBe(400);
  });
});

describe('comments, answers, reactions, polls', () => {
  let question: string;
  it('threads one level of replies and marks an answer', async () => {
    question = (await post(mia, 'lounge', { kind: 'question', title: 'Humor in der Beratung?', body: 'Wie geht ihr damit um?' })).body.id;
    const c1 = (await ben.json(`/api/posts/${question}/comments`, { method: 'POST', json: { body: 'Vorsichtig dosiert.' } })).body;
    const reply = await mia.json(`/api/posts/${question}/comments`, { method: 'POST', json: { body: 'Danke!', parentId: c1.id } });
    expect(reply.status).toBe(201);
    const deeper = await ben.json(`/api/posts/${question}/comments`, { method: 'POST', json: { body: 'x', parentId: reply.body.id } });
    expect(deeper.status).toBe(400);
    expect((await ben.json(`/api/posts/${question}/answer`, { method: 'PUT', json: { commentId: c1.id } })).status).toBe(403);
    const marked = await mia.json(`/api/posts/${question}/answer`, { method: 'PUT', json: { commentId: c1.id } });
    expect(marked.body.answerCommentId).toBe(c1.id);
    const list = (await t.agent().json(`/api/posts/${question}/comments`)).status;
    expect(list).toBe(404); // the lounge is for members only
    const comments = (await ben.json(`/api/posts/${question}/comments`)).body.items;
    expect(comments.map((c: any) => c.isAnswer)).toEqual([true, false]);
    // The Markdown source goes to its author (to edit it), not to others.
    expect(comments[0].bodyMd).toBe('Vorsichtig dosiert.');
    expect(comments[1].bodyMd).toBeUndefined();
    const edited = await ben.json(`/api/comments/${c1.id}`, { method: 'PATCH', json: { body: 'Vorsichtig **dosiert**.' } });
    expect(edited.body.bodyHtml).toContain('<strong>dosiert</strong>');
    expect((await mia.json(`/api/comments/${c1.id}`, { method: 'PATCH', json: { body: 'gehackt' } })).status).toBe(403);
    expect((await mia.json(`/api/posts/${question}`)).body.commentCount).toBe(2);
  });

  it('refuses comments on closed posts except from moderators', async () => {
    expect((await mod.json(`/api/posts/${question}/flags`, { method: 'PATCH', json: { closed: true, pinned: true } })).body).toMatchObject({ closed: true, pinned: true });
    expect((await ben.json(`/api/posts/${question}/comments`, { method: 'POST', json: { body: 'noch was' } })).status).toBe(409);
    expect((await mod.json(`/api/posts/${question}/comments`, { method: 'POST', json: { body: 'Wir schließen hier.' } })).status).toBe(201);
  });

  it('puts pinned posts first in their space, once', async () => {
    const first = (await mia.json('/api/spaces/lounge/posts?limit=5')).body;
    expect(first.items[0].id).toBe(question);
    expect(first.items[0].pinned).toBe(true);
    const ids: string[] = first.items.map((p: any) => p.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await mia.json(`/api/spaces/lounge/posts?limit=20&cursor=${cursor}`)).body;
      ids.push(...page.items.map((p: any) => p.id));
      cursor = page.nextCursor;
    }
    expect(ids.filter((id) => id === question)).toHaveLength(1);
  });

  it('keeps reaction counts exact under concurrent use', async () => {
    const agents = [mia, ben, mod, host];
    for (let i = 0; i < 8; i++) agents.push(await t.member(`fan${i}@example.org`, `Fan ${i}`));
    await Promise.all(
      agents.flatMap((a) => [
        a.json('/api/reactions', { method: 'POST', json: { targetType: 'post', targetId: question, emoji: '👍', on: true } }),
        a.json('/api/reactions', { method: 'POST', json: { targetType: 'post', targetId: question, emoji: '👍', on: true } }),
      ]),
    );
    const p = (await mia.json(`/api/posts/${question}`)).body;
    expect(p.reactions['👍']).toBe(agents.length);
    expect(p.myReactions).toEqual(['👍']);
    await mia.json('/api/reactions', { method: 'POST', json: { targetType: 'post', targetId: question, emoji: '👍', on: false } });
    expect((await ben.json(`/api/posts/${question}`)).body.reactions['👍']).toBe(agents.length - 1);
    const bad = await mia.json('/api/reactions', { method: 'POST', json: { targetType: 'post', targetId: question, emoji: '💩', on: true } });
    expect(bad.status).toBe(400);
  });

  it('runs a poll on workshop topics: results after voting, one choice, vote can change', async () => {
    const r = await post(mia, 'lounge', {
      kind: 'poll',
      title: 'Nächste Workshop-Themen',
      body: 'Was wollt ihr als Nächstes?',
      poll: { options: ['Grübelgedanken', 'Körperliche Beschwerden', 'Humor in der Beratung'] },
    });
    expect(r.status).toBe(201);
    const pollId = r.body.id;
    const [a, b] = r.body.poll.options;
    expect((await ben.json(`/api/posts/${pollId}`)).body.poll.options[0].votes).toBeNull();
    expect((await ben.json(`/api/posts/${pollId}/votes`, { method: 'POST', json: { optionIds: [a.id, b.id] } })).status).toBe(400);
    const v = await ben.json(`/api/posts/${pollId}/votes`, { method: 'POST', json: { optionIds: [a.id] } });
    expect(v.body.poll.options.map((o: any) => o.votes)).toEqual([1, 0, 0]);
    await ben.json(`/api/posts/${pollId}/votes`, { method: 'POST', json: { optionIds: [b.id] } });
    const again = (await mod.json(`/api/posts/${pollId}/votes`, { method: 'POST', json: { optionIds: [b.id] } })).body;
    expect(again.poll.options.map((o: any) => o.votes)).toEqual([0, 2, 0]);
    expect(again.poll.totalVoters).toBe(2);
    await t.db.db.updateTable('polls').set({ closes_at: new Date(Date.now() - 1000) }).where('post_id', '=', pollId).execute();
    expect((await mia.json(`/api/posts/${pollId}/votes`, { method: 'POST', json: { optionIds: [a.id] } })).status).toBe(409);
    expect((await mia.json(`/api/posts/${pollId}`)).body.poll.closed).toBe(true);
  });
});

describe('attachments follow their post', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  function form(data: Buffer | string, name: string, type: string): FormData {
    const f = new FormData();
    f.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }), name);
    return f;
  }

  it('uploads, attaches, and serves files only to those who may read the post', async () => {
    const sharp = (await import('sharp')).default;
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#abcdef' } }).jpeg().toBuffer();
    const doc = await mod.json('/api/attachments', { method: 'POST', body: form(pdf, 'Protokoll März.pdf', 'application/pdf') });
    expect(doc.status).toBe(201);
    expect(doc.body).toMatchObject({ contentType: 'application/pdf', isImage: false });
    const img = await mod.json('/api/attachments', { method: 'POST', body: form(jpeg, 'foto.jpg', 'image/jpeg') });
    expect(img.body.isImage).toBe(true);
    // Before it is attached, only its owner can fetch it.
    expect((await mia.request(doc.body.url)).status).toBe(404);
    expect((await mod.request(doc.body.url)).status).toBe(200);
    // Someone else cannot attach it.
    const stolen = await post(mia, 'lounge', { body: 'Schau mal', attachmentIds: [doc.body.id] });
    expect(stolen.status).toBe(400);
    const p = await post(mod, 'moderationsteam', { title: 'Protokoll', body: 'Anbei', attachmentIds: [doc.body.id, img.body.id] });
    expect(p.status).toBe(201);
    expect(p.body.attachments.map((a: any) => a.name)).toEqual(['Protokoll März.pdf', expect.stringMatching(/foto/)]);
    // Restricted space: members get 404 for both files, the moderator gets them with safe headers.
    expect((await mia.request(doc.body.url)).status).toBe(404);
    expect((await mia.request(img.body.url)).status).toBe(404);
    expect((await t.agent().request(img.body.url)).status).toBe(404);
    const res = await mod.request(doc.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await mod.request(img.body.url)).headers.get('content-disposition')).toMatch(/^inline/);
    // Used once only.
    expect((await post(mod, 'lounge', { body: 'nochmal', attachmentIds: [doc.body.id] })).status).toBe(400);
  });

  it('refuses files that are neither images nor documents', async () => {
    const html = await mia.json('/api/attachments', { method: 'POST', body: form('<html><script>alert(1)</script></html>', 'x.pdf', 'application/pdf') });
    expect(html.status).toBe(415);
  });
});

describe('since the last visit', () => {
  it("tells what is new since the last visit, not counting one's own", async () => {
    const first = (await ben.json('/api/feed/since-last-visit')).body;
    expect(first).toMatchObject({ newPosts: expect.any(Number) });
    // Everything so far happened yesterday; Ben's last visit was an hour ago; then others write.
    await t.db.db.updateTable('posts').set((eb) => ({ publish_at: eb('publish_at', '-', sql`interval '1 day'`) })).execute();
    await t.db.db.updateTable('comments').set((eb) => ({ created_at: eb('created_at', '-', sql`interval '1 day'`) })).execute();
    await t.db.db.updateTable('feed_visits').set({ seen_at: new Date(Date.now() - 3600_000) }).execute();
    await post(mia, 'lounge', { body: 'Neu seit Bens Besuch' });
    await post(ben, 'lounge', { body: 'Mein eigener zählt nicht' });
    const fresh = (await post(mia, 'lounge', { body: 'Noch einer' })).body.id;
    await mia.json(`/api/posts/${fresh}/comments`, { method: 'POST', json: { body: 'Neuer Kommentar' } });
    await ben.json(`/api/posts/${fresh}/comments`, { method: 'POST', json: { body: 'Meiner zählt nicht' } });
    const r = (await ben.json('/api/feed/since-last-visit')).body;
    expect(r.since).not.toBeNull();
    expect(r).toMatchObject({ newPosts: 2, newComments: 1 });
    // Within the same visit, the baseline stays.
    expect((await ben.json('/api/feed/since-last-visit')).body.since).toBe(r.since);
  });

});
