import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';

let t: TestApp;
let host: Agent;
let mod: Agent;
let mia: Agent;
let ben: Agent;
let postId: string;
let benId: string;

beforeAll(async () => {
  t = await createTestApp();
  host = await t.setupOwner();
  mod = await t.member('moritz@example.org', 'Moritz');
  await t.db.db.updateTable('users').set({ role: 'moderator' }).where('email', '=', 'moritz@example.org').execute();
  mia = await t.member('mia@example.org', 'Mia');
  ben = await t.member('ben@example.org', 'Ben');
  benId = (await ben.json('/api/me')).body.id;
  await host.json('/api/spaces', { method: 'POST', json: { name: 'Lounge' } });
  postId = (await ben.json('/api/spaces/lounge/posts', { method: 'POST', json: { body: 'Kauft meine Pillen!' } })).body.id;
});
afterAll(async () => t?.close());

describe('reports and the queue', () => {
  it('takes reports once per person, shows them to moderators, and hides the target on resolve', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await mia.json('/api/reports', { method: 'POST', json: { targetType: 'post', targetId: postId, reason: 'spam', note: 'Werbung' } });
      expect(r.status).toBe(202);
    }
    const q = (await mod.json('/api/moderation/queue')).body;
    expect(q.reports).toHaveLength(1);
    expect(q.reports[0]).toMatchObject({ targetId: postId, reason: 'spam', reporter: 'Mia' });
    expect((await mia.json('/api/moderation/queue')).status).toBe(403);
    expect((await mod.request(`/api/moderation/reports/${q.reports[0].id}/resolve`, { method: 'POST', json: { action: 'hide' } })).status).toBe(204);
    expect((await mia.json(`/api/posts/${postId}`)).status).toBe(404);
    expect((await mod.json(`/api/posts/${postId}`)).body.status).toBe('hidden');
    expect((await mod.json('/api/moderation/queue')).body.reports).toHaveLength(0);
    const log = (await mod.json('/api/moderation/log')).body.items;
    expect(log[0]).toMatchObject({ action: 'post.hide', targetId: postId, actor: 'Moritz' });
  });

  it('refuses reports on things the reporter cannot see', async () => {
    const r = await mia.json('/api/reports', { method: 'POST', json: { targetType: 'post', targetId: postId, reason: 'spam' } });
    expect(r.status).toBe(404);
  });

  it('restores hidden posts and logs it', async () => {
    expect((await mod.request('/api/moderation/visibility', { method: 'PUT', json: { targetType: 'post', targetId: postId, status: 'published', reason: 'Fehlalarm' } })).status).toBe(204);
    expect((await mia.json(`/api/posts/${postId}`)).status).toBe(200);
    expect((await mod.json('/api/moderation/log')).body.items[0]).toMatchObject({ action: 'post.publish', reason: 'Fehlalarm' });
  });

  it('locks a thread for comments', async () => {
    expect((await mod.request(`/api/moderation/posts/${postId}/lock`, { method: 'PUT', json: { locked: true } })).status).toBe(204);
    expect((await mia.json(`/api/posts/${postId}/comments`, { method: 'POST', json: { body: 'Noch was' } })).status).toBe(409);
    await mod.request(`/api/moderation/posts/${postId}/lock`, { method: 'PUT', json: { locked: false } });
  });
});

describe('first posts wait for approval when the host says so', () => {
  it('holds a new member’s first post and comment until a moderator approves, then publishes normally', async () => {
    expect((await mod.json('/api/moderation/settings', { method: 'PUT', json: { approveFirstPosts: true } })).status).toBe(403);
    expect((await host.json('/api/moderation/settings', { method: 'PUT', json: { approveFirstPosts: true } })).body).toEqual({ approveFirstPosts: true });
    const neu = await t.member('neu@example.org', 'Neu');
    const p = await neu.json('/api/spaces/lounge/posts', { method: 'POST', json: { body: 'Mein erster Beitrag' } });
    expect(p.status).toBe(201);
    expect(p.body.status).toBe('pending');
    expect((await mia.json(`/api/posts/${p.body.id}`)).status).toBe(404);
    expect((await mia.json('/api/feed')).body.items.map((x: any) => x.id)).not.toContain(p.body.id);
    const c = await neu.json(`/api/posts/${postId}/comments`, { method: 'POST', json: { body: 'Erster Kommentar' } });
    expect(c.body.status).toBe('pending');
    expect((await mia.json(`/api/posts/${postId}/comments`)).body.items.map((x: any) => x.id)).not.toContain(c.body.id);
    const q = (await mod.json('/api/moderation/queue')).body;
    expect(q.pendingPosts.map((x: any) => x.id)).toContain(p.body.id);
    expect(q.pendingComments.map((x: any) => x.id)).toContain(c.body.id);
    await mod.request('/api/moderation/visibility', { method: 'PUT', json: { targetType: 'post', targetId: p.body.id, status: 'published' } });
    await mod.request('/api/moderation/visibility', { method: 'PUT', json: { targetType: 'comment', targetId: c.body.id, status: 'published' } });
    expect((await mia.json(`/api/posts/${p.body.id}`)).status).toBe(200);
    expect((await mia.json(`/api/posts/${postId}`)).body.commentCount).toBe(1);
    const events = await t.db.db.selectFrom('pgboss.job').select('data').where('name', '=', 'spaces.event').execute();
    expect(events.some((e: any) => e.data.postId === p.body.id && e.data.type === 'post.published')).toBe(true);
    const second = await neu.json('/api/spaces/lounge/posts', { method: 'POST', json: { body: 'Jetzt ohne Warten' } });
    expect(second.body.status).toBe('published');
    await host.json('/api/moderation/settings', { method: 'PUT', json: { approveFirstPosts: false } });
  });
});

describe('mute and block', () => {
  it('hides a muted member’s posts and comments from me only', async () => {
    await ben.json(`/api/posts/${postId}/comments`, { method: 'POST', json: { body: 'Ben kommentiert' } });
    expect((await mia.request(`/api/me/mutes/${benId}`, { method: 'PUT', json: { kind: 'mute' } })).status).toBe(204);
    expect((await mia.json('/api/me/mutes')).body.items).toEqual([expect.objectContaining({ userId: benId, kind: 'mute', name: 'Ben' })]);
    const feed = (await mia.json('/api/feed?limit=50')).body.items;
    expect(feed.some((p: any) => p.author?.id === benId)).toBe(false);
    const comments = (await mia.json(`/api/posts/${postId}/comments`)).body.items;
    expect(comments.some((c: any) => c.author?.id === benId)).toBe(false);
    expect((await mod.json('/api/feed?limit=50')).body.items.some((p: any) => p.author?.id === benId)).toBe(true);
    expect((await mia.request(`/api/me/mutes/${benId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mia.json('/api/feed?limit=50')).body.items.some((p: any) => p.author?.id === benId)).toBe(true);
    const self = await mia.json(`/api/me/mutes/${(await mia.json('/api/me')).body.id}`, { method: 'PUT', json: { kind: 'block' } });
    expect(self.status).toBe(400);
  });
});
