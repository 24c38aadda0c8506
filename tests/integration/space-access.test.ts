import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../helpers/app.ts';

// A member of space A must not read, search, be notified about, or fetch attachments of restricted
// space B through ANY route. The routes come from the app's router, so a new route is covered the
// moment it exists: every route is called with space B's identifiers in its path parameters.

const SECRET = 'GEHEIMSACHE';
let t: TestApp;
let mia: Agent;
const b: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  const mod = await t.member('moritz@example.org', 'Moritz');
  await t.db.db.updateTable('users').set({ role: 'moderator' }).where('email', '=', 'moritz@example.org').execute();
  await host.json('/api/spaces', { method: 'POST', json: { name: 'Lounge' } });
  const space = await host.json('/api/spaces', {
    method: 'POST',
    json: { name: 'Team B', visibility: 'restricted', grants: ['role:moderator'], description: SECRET },
  });
  b.spaceId = space.body.id;
  b.slug = space.body.slug;
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'geheim.pdf');
  b.fileId = (await mod.json('/api/attachments', { method: 'POST', body: form })).body.id;
  const post = await mod.json(`/api/spaces/${b.slug}/posts`, {
    method: 'POST',
    json: { title: `${SECRET} Titel`, body: `${SECRET} Text, @Mia schau mal`, attachmentIds: [b.fileId] },
  });
  expect(post.status).toBe(201);
  b.postId = post.body.id;
  const poll = await mod.json(`/api/spaces/${b.slug}/posts`, {
    method: 'POST',
    json: { kind: 'poll', title: `${SECRET} Umfrage`, poll: { options: ['ja', 'nein'] } },
  });
  b.pollId = poll.body.id;
  b.optionId = poll.body.poll.options[0].id;
  b.commentId = (await mod.json(`/api/posts/${b.postId}/comments`, { method: 'POST', json: { body: `${SECRET} Kommentar @Mia` } })).body.id;
  await mod.json(`/api/spaces/${b.slug}/posts`, { method: 'POST', json: { kind: 'reflection', title: `${SECRET} Frage`, body: 'Was denkst du?' } });
  // Let the notification worker see every event before we look for leaks.
  for (let i = 0; i < 100; i++) {
    const open = await t.db.db
      .selectFrom('pgboss.job')
      .select('id')
      .where('name', '=', 'spaces.event')
      .where('state', 'in', ['created', 'retry', 'active'])
      .execute();
    if (open.length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => t?.close());

function leaks(text: string): string[] {
  return [SECRET, b.postId, b.commentId, b.fileId, b.pollId].filter((s) => s && text.includes(s!)) as string[];
}

describe('restricted space B, seen by a member of A', () => {
  it('answers every route that takes an identifier with no success and no trace of B', async () => {
    const ids = [b.spaceId, b.slug, b.postId, b.commentId, b.fileId, b.pollId, b.optionId];
    const routes = t.tp.app.routes.filter(
      (r) => r.path.startsWith('/api/') && r.path.includes('/:') && r.method !== 'ALL' && !r.path.startsWith('/api/auth/'),
    );
    expect(routes.length).toBeGreaterThan(20);
    const checked: string[] = [];
    for (const r of routes) {
      const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      // Parameters naming another member are not about space B.
      if (params.some((p) => /user/i.test(p))) continue;
      for (const id of ids) {
        const path = r.path.replace(/:(\w+)/g, id!);
        const res = await mia.request(path, {
          method: r.method,
          ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { json: {} }),
        });
        const body = await res.text();
        expect(res.status < 200 || res.status >= 300, `${r.method} ${path} → ${res.status}`).toBe(true);
        expect(leaks(body), `${r.method} ${path}`).toEqual([]);
        checked.push(`${r.method} ${r.path}`);
      }
    }
    expect(new Set(checked).size).toBeGreaterThan(15);
  });

  it('lists, feeds, search, notifications and mails show nothing of B', async () => {
    for (const path of [
      '/api/spaces',
      '/api/feed?limit=50',
      '/api/feed?limit=50&sort=active',
      `/api/search?q=${SECRET}`,
      `/api/search?q=${SECRET}&type=comments`,
      '/api/search?q=Titel',
      '/api/notifications',
      '/api/notifications/follows',
    ]) {
      const res = await mia.request(path);
      expect(res.status, path).toBe(200);
      expect(leaks(await res.text()), path).toEqual([]);
    }
    const unread = (await mia.json('/api/notifications/unread-count')).body;
    expect(JSON.stringify(unread)).not.toMatch(/[1-9]/);
    const mails = await t.db.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'mia@example.org').execute();
    for (const m of mails) expect(leaks(`${m.subject} ${m.text_body}`)).toEqual([]);
    // The file itself, by its URL.
    expect((await mia.request(`/api/files/${b.fileId}`)).status).toBe(404);
  });

  it('still works for those holding the grant (the test can fail)', async () => {
    const mod = await t.agent();
    const login = await mod.json('/api/auth/sign-in/email', { method: 'POST', json: { email: 'moritz@example.org', password: 'member-password-1' } });
    expect(login.status).toBe(200);
    expect(leaks(await (await mod.request(`/api/posts/${b.postId}`)).text())).toContain(SECRET);
    expect((await mod.request(`/api/files/${b.fileId}`)).status).toBe(200);
  });
});
