import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../../../tests/helpers/app.ts';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../../../tests/helpers/smtp-sink.ts';
import type { NotificationsModule } from './server/index.ts';
import type { SpaceEvent } from './server/recipients.ts';
import { signUnsubscribeToken } from './server/tokens.ts';

// The whole path, for real: a write in a space records a job; the worker (polling in-process) turns it
// into notification rows, realtime events and mails that leave over SMTP into the sink.
let t: TestApp;
let sink: SmtpSink;
let host: Agent;
let mia: Agent;
let ben: Agent;
const id: Record<string, string> = {};

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the spaces' event queue has no due job left (every event is handled). */
async function drained() {
  await until('the event queue to drain', async () => {
    const r = await t.db.db
      .withSchema('pgboss')
      .selectFrom('job')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', '=', 'spaces.event')
      .where('state', 'in', ['created', 'retry', 'active'])
      .where('start_after', '<=', new Date())
      .executeTakeFirst();
    return Number(r?.n) === 0;
  });
}

function rows(userId: string) {
  return t.db.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

async function post(agent: Agent, space: string, body: Record<string, unknown>) {
  const r = await agent.json(`/api/spaces/${space}/posts`, { method: 'POST', json: body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function comment(agent: Agent, postId: string, body: Record<string, unknown>) {
  const r = await agent.json(`/api/posts/${postId}/comments`, { method: 'POST', json: body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

// Typed this way so the file also compiles before app.ts exposes the module (see the wiring notes).
const worker = () => (t.tp as unknown as { notifications: NotificationsModule }).notifications.worker;
const mailsTo = (to: string) => sink.messages.filter((m) => m.to.includes(to));
/** A header as the receiving side reads it (unfolded). */
const header = (m: SinkMessage, name: string) =>
  m.parsed.headers.find((h) => h.key === name.toLowerCase())?.value.replace(/\s*\r?\n\s*/g, '') ?? null;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ SMTP_URL: sink.url });
  host = await t.setupOwner();
  mia = await t.member('mia@example.org', 'Mia');
  ben = await t.member('ben@example.org', 'Ben');
  expect((await ben.json('/api/me', { method: 'PATCH', json: { locale: 'en' } })).status).toBe(200);
  for (const email of ['mia@example.org', 'ben@example.org', 'owner@example.org']) {
    const u = await t.db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    id[email.split('@')[0]!] = u.id;
  }
  const a = await host.json('/api/spaces', { method: 'POST', json: { name: 'Gute Einstiege', visibility: 'members' } });
  const b = await host.json('/api/spaces', { method: 'POST', json: { name: 'Team intern', visibility: 'restricted', grants: ['role:moderator'] } });
  id.a = a.body.id;
  id.b = b.body.id;
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('instant notifications', () => {
  it('a mention creates an in-app notification, a live event and a mail in the member’s language', async () => {
    const live: unknown[] = [];
    const off = t.tp.bus.subscribe(`user:${id.ben!.toLowerCase()}`, (e) => live.push(e));
    const p = await post(mia, 'gute-einstiege', { title: 'Wie fangt ihr an?', body: 'Danke @Ben für den Tipp mit <b>fett</b> & Co.' });
    id.miaPost = p.id;

    const mail = await sink.waitFor((m) => m.to.includes('ben@example.org') && m.subject.includes('mentioned you'));
    expect(mail.subject).toBe('Mia mentioned you in “Wie fangt ihr an?”');
    // Member text is plain text: literal in the text part, escaped in the HTML part.
    expect(mail.text).toContain('“Danke @Ben für den Tipp mit <b>fett</b> & Co.”');
    expect(mail.text).toContain(`${ORIGIN}/posts/${p.id}`);
    expect(mail.html).not.toContain('<b>fett</b>');
    expect(mail.html).toContain('&lt;b&gt;fett&lt;/b&gt; &amp; Co.');
    expect(mail.text).toMatch(/\/unsubscribe\?token=/);
    expect(header(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:3000\/api\/notifications\/unsubscribe\?token=[^>]+>$/);
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    const list = await ben.json('/api/notifications');
    expect(list.status).toBe(200);
    expect(list.body.unreadCount).toBe(1);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      kind: 'mention',
      read: false,
      actor: { id: id.mia, name: 'Mia' },
      space: { id: id.a, name: 'Gute Einstiege' },
      post: { id: p.id, title: 'Wie fangt ihr an?' },
      url: `/posts/${p.id}`,
    });
    await until('the live event', async () => live.length > 0);
    expect(live[0]).toEqual({ type: 'notification.created', data: { id: list.body.items[0].id, unreadCount: 1 } });
    off();

    // The author hears nothing of her own post; she follows the space now that she wrote in it.
    expect(await rows(id.mia!)).toHaveLength(0);
    expect((await mia.json('/api/notifications/follows/gute-einstiege')).body.following).toBe(true);

    expect((await ben.json('/api/notifications/read', { method: 'POST', json: { all: true } })).body.unreadCount).toBe(0);
    expect((await ben.json('/api/notifications/unread-count')).body.unreadCount).toBe(0);
  });

  it('a reply notifies the parent comment’s author once, even when it also mentions them', async () => {
    const c = await comment(ben, id.miaPost!, { body: 'Ich fange mit einer Frage an.' });
    const reply = await comment(mia, id.miaPost!, { body: 'Gute Idee, @Ben!', parentId: c.id });
    await drained();

    const miaRows = await rows(id.mia!);
    expect(miaRows.map((r) => [r.kind, r.comment_id])).toEqual([['comment_on_post', c.id]]);
    const benRows = (await rows(id.ben!)).filter((r) => r.comment_id === reply.id);
    expect(benRows.map((r) => r.kind)).toEqual(['reply']);
    const mail = await sink.waitFor((m) => m.to.includes('ben@example.org') && m.subject.includes('replied'));
    expect(mail.subject).toBe('Mia replied to your comment on “Wie fangt ihr an?”');
    const miaMail = await sink.waitFor((m) => m.to.includes('mia@example.org') && m.subject.includes('kommentiert'));
    expect(miaMail.subject).toBe('Ben hat deinen Beitrag „Wie fangt ihr an?“ kommentiert');
  });

  it('a job retry does not duplicate notifications or mails', async () => {
    const job = await t.db.db
      .withSchema('pgboss')
      .selectFrom('job')
      .select('data')
      .where('name', '=', 'spaces.event')
      .where('state', '=', 'completed')
      .execute();
    const events = job.map((j) => j.data as SpaceEvent);
    expect(events.length).toBeGreaterThanOrEqual(3);
    const before = await t.db.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    const mailsBefore = await t.db.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    for (const e of events) {
      const [a, b] = await Promise.all([worker().handleEvent(e), worker().handleEvent(e)]);
      expect(a.created + b.created).toBe(0);
    }
    const after = await t.db.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    const mailsAfter = await t.db.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    expect(after?.n).toBe(before?.n);
    expect(mailsAfter?.n).toBe(mailsBefore?.n);
  });

  it('a reflection question scheduled 2 s ahead notifies members only from its time on', async () => {
    const publishAt = new Date(Date.now() + 2000);
    const q = await post(host, 'gute-einstiege', { kind: 'reflection', title: 'Was hat dich diese Woche überrascht?', body: 'Erzähl!', publishAt: publishAt.toISOString() });
    await drained();
    const early = await t.db.db.selectFrom('notifications').select('id').where('post_id', '=', q.id).execute();
    expect(early).toEqual([]);

    const got = await until('reflection notifications', async () => {
      const r = await t.db.db.selectFrom('notifications').select(['user_id', 'kind', 'created_at']).where('post_id', '=', q.id).execute();
      return r.length >= 2 ? r : null;
    });
    expect(got.map((r) => r.user_id).sort()).toEqual([id.ben, id.mia].sort());
    expect(got.every((r) => r.kind === 'reflection' && r.created_at.getTime() >= publishAt.getTime())).toBe(true);
    const mail = await sink.waitFor((m) => m.to.includes('mia@example.org') && m.subject.includes('Reflexionsfrage'));
    expect(mail.subject).toBe('Neue Reflexionsfrage in „Gute Einstiege“');
  });
});

describe('access', () => {
  it('never notifies a member of space A about restricted space B', async () => {
    const p = await post(host, 'team-intern', { title: 'Intern', body: 'Was meint @Mia dazu? Und @Ben?' });
    const r = await post(host, 'team-intern', { kind: 'reflection', title: 'Geheim', body: 'Nur fürs Team' });
    await drained();
    for (const postId of [p.id, r.id]) {
      expect(await t.db.db.selectFrom('notifications').select('id').where('post_id', '=', postId).execute()).toEqual([]);
    }
    expect(mailsTo('mia@example.org').some((m) => m.subject.includes('Intern') || m.subject.includes('Team intern'))).toBe(false);
    // Following or configuring B is refused as if it did not exist.
    expect((await mia.json('/api/notifications/follows/team-intern', { method: 'PUT', json: { following: true } })).status).toBe(404);
    expect((await mia.json('/api/notifications/preferences', { method: 'PUT', json: { items: [{ kind: 'new_post', spaceId: id.b, email: 'instant' }] } })).status).toBe(404);
    const follows = (await mia.json('/api/notifications/follows')).body.items.map((f: { slug: string }) => f.slug);
    expect(follows).not.toContain('team-intern');
  });
});

describe('preferences and digests', () => {
  it('respects "off": no mail, and no notification at all when in-app is off too', async () => {
    const put = await mia.json('/api/notifications/preferences', {
      method: 'PUT',
      json: { items: [{ kind: 'comment_on_post', email: 'off', inApp: false }, { kind: 'mention', email: 'off' }] },
    });
    expect(put.status).toBe(200);
    expect(put.body.kinds.find((k: { kind: string }) => k.kind === 'comment_on_post')).toMatchObject({ email: 'off', inApp: false });
    const mailsBefore = mailsTo('mia@example.org').length;
    const started = new Date();
    const c = await comment(ben, id.miaPost!, { body: 'Noch ein Gedanke, @Mia und du?' });
    await drained();
    const mine = (await rows(id.mia!)).filter((r) => r.comment_id === c.id);
    // Mention wins over comment-on-post; in-app stays on for mentions, mail is off.
    expect(mine.map((r) => [r.kind, r.in_app, r.email, r.emailed_at])).toEqual([['mention', true, 'off', null]]);
    const c2 = await comment(ben, id.miaPost!, { body: 'Und noch einer ohne Erwähnung.' });
    await drained();
    expect((await rows(id.mia!)).filter((r) => r.comment_id === c2.id)).toEqual([]);
    const queued = await t.db.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'mia@example.org').where('created_at', '>=', started).execute();
    expect(queued).toEqual([]);
    expect(mailsTo('mia@example.org').length).toBe(mailsBefore);
  });

  it('a digest collects several new posts into one mail, once per period', async () => {
    expect((await ben.json('/api/notifications/follows/gute-einstiege', { method: 'PUT', json: { following: true } })).body.following).toBe(true);
    const titles = ['Erster Einstieg', 'Zweiter Einstieg', 'Dritter Einstieg'];
    for (const title of titles) await post(mia, 'gute-einstiege', { title, body: 'Text' });
    await drained();
    const waiting = (await rows(id.ben!)).filter((r) => r.kind === 'new_post');
    expect(waiting).toHaveLength(3);
    expect(waiting.every((r) => r.email === 'daily' && r.emailed_at === null)).toBe(true);
    const before = mailsTo('ben@example.org').length;
    // The host follows the space too (she wrote the reflection question there): two members wait.
    const waitingMembers = await t.db.db
      .selectFrom('notifications')
      .select('user_id')
      .distinct()
      .where('email', '=', 'daily')
      .where('digest_sent_at', 'is', null)
      .execute();
    expect(waitingMembers.map((r) => r.user_id).sort()).toEqual([id.ben, id.owner].sort());

    // Two nodes' runs at once still send one mail per member.
    const runs = await Promise.all([worker().runDigest('daily'), worker().runDigest('daily')]);
    expect(runs[0].sent + runs[1].sent).toBe(2);
    const mail = await sink.waitFor((m) => m.to.includes('ben@example.org') && m.subject.includes('daily summary'));
    for (const title of titles) expect(mail.text).toContain(`Mia in “Gute Einstiege”: ${title}`);
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect((await worker().runDigest('daily')).sent).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo('ben@example.org').length).toBe(before + 1);
    expect((await rows(id.ben!)).filter((r) => r.kind === 'new_post').every((r) => r.digest_sent_at !== null)).toBe(true);
  });
});

describe('unsubscribe without login', () => {
  function tokenFrom(text: string): string {
    const m = text.match(/\/unsubscribe\?token=([A-Za-z0-9._%-]+)/);
    if (!m) throw new Error(`no unsubscribe link in\n${text}`);
    return decodeURIComponent(m[1]!);
  }
  const prefOf = async (agent: Agent, kind: string) =>
    (await agent.json('/api/notifications/preferences')).body.kinds.find((k: { kind: string }) => k.kind === kind);

  it('shows a confirmation page on GET and applies on POST, for a stranger’s browser', async () => {
    const mail = sink.messages.find((m) => m.to.includes('ben@example.org') && m.subject.includes('mentioned you'))!;
    const token = tokenFrom(mail.text);
    const anon = t.agent();
    const page = await anon.request(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Stop emails about: mentions?');
    expect(html).toContain('<form method="post" action="/unsubscribe">');
    expect(html).not.toContain('<script');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await prefOf(ben, 'mention')).email).toBe('instant');

    const done = await anon.request('/unsubscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You will no longer get emails about: mentions.');
    expect((await prefOf(ben, 'mention')).email).toBe('off');
  });

  it('supports RFC 8058 one-click from the List-Unsubscribe header', async () => {
    const mail = sink.messages.find((m) => m.to.includes('ben@example.org') && m.subject.includes('replied'))!;
    const url = header(mail, 'List-Unsubscribe')!.slice(1, -1);
    expect((await prefOf(ben, 'reply')).email).toBe('instant');
    // As a mail provider sends it: no cookie, no Origin.
    const res = await t.tp.app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await prefOf(ben, 'reply')).email).toBe('off');
  });

  it('changes nothing for a tampered or foreign token', async () => {
    const before = await t.db.db.selectFrom('notification_preferences').selectAll().orderBy('user_id').orderBy('kind').execute();
    const good = signUnsubscribeToken('test-secret-that-is-long-enough-for-better-auth-0123456789', { userId: id.mia!, scope: 'reflection', spaceId: null });
    const [payload, sig] = good.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ u: id.ben, k: 'reflection', s: null, t: 1 })).toString('base64url');
    const foreign = signUnsubscribeToken('some-other-secret-some-other-secret', { userId: id.mia!, scope: 'reflection', spaceId: null });
    for (const token of [`${forged}.${sig}`, `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, `${payload}.${sig.slice(0, 5)}${sig[5] === 'x' ? 'y' : 'x'}${sig.slice(6)}`, foreign, 'x.y']) {
      const api = await t.agent().json('/api/notifications/unsubscribe', { method: 'POST', json: { token } });
      expect(api.status, token).toBe(400);
      expect(api.body.error.code).toBe('bad_request');
      const get = await t.agent().request(`/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(get.status).toBe(400);
      const form = await t.agent().request('/unsubscribe', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(form.status).toBe(400);
    }
    expect((await t.agent().json('/api/notifications/unsubscribe', { method: 'POST', json: {} })).status).toBe(400);
    const after = await t.db.db.selectFrom('notification_preferences').selectAll().orderBy('user_id').orderBy('kind').execute();
    expect(after).toEqual(before);
    // The genuine token still works.
    expect((await t.agent().json('/api/notifications/unsubscribe', { method: 'POST', json: { token: good } })).status).toBe(200);
    expect((await prefOf(mia, 'reflection')).email).toBe('off');
  });
});

describe('event notices', () => {
  // The events module writes these rows itself (no space, post or actor; the event, its date and title).
  async function createEvent(title: string): Promise<string> {
    const r = await host.json('/api/events', {
      method: 'POST',
      json: { title, timeZone: 'Europe/Berlin', startsLocal: '2030-01-10T19:00', endsLocal: '2030-01-10T20:00', audience: 'members' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  }

  it('are listed with the event page as url, counted, marked read and paginated together with post notices', async () => {
    const eva = await t.member('eva@example.org', 'Eva');
    const evaId = (await t.db.db.selectFrom('users').select('id').where('email', '=', 'eva@example.org').executeTakeFirstOrThrow()).id;
    const eventId = await createEvent('Sommerfest');
    const goneId = await createEvent('Wird gelöscht');
    const base = Date.parse('2030-01-01T10:00:00Z');
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    // Interleaved in time, two sharing a timestamp (the id breaks the tie), one of each event kind.
    // One of each post kind: a member gets one notification of a kind per post (notifications_once_idx).
    const postRow = (kind: string, minutes: number) => ({
      id: crypto.randomUUID(),
      user_id: evaId,
      kind,
      actor_id: id.mia,
      space_id: id.a,
      post_id: id.miaPost,
      in_app: true,
      email: 'off',
      created_at: at(minutes),
    });
    const eventRow = (kind: string, minutes: number, event = eventId, title = 'Sommerfest') => ({
      id: crypto.randomUUID(),
      user_id: evaId,
      kind,
      event_id: event,
      occurrence: '2030-01-10 19:00',
      title,
      in_app: true,
      email: 'off',
      created_at: at(minutes),
    });
    const inserted = [
      postRow('new_post', 1),
      eventRow('event_reminder', 2),
      postRow('comment_on_post', 3),
      eventRow('event_promoted', 3),
      eventRow('event_changed', 4),
      postRow('mention', 5),
      eventRow('event_cancelled', 6),
      eventRow('event_changed', 7, goneId, 'Wird gelöscht'),
    ];
    for (const r of inserted) await t.db.db.insertInto('notifications').values(r).execute();

    expect((await eva.json('/api/notifications/unread-count')).body.unreadCount).toBe(8);
    // Deleting an event takes its notices along.
    expect((await host.json(`/api/events/${goneId}`, { method: 'DELETE' })).status).toBe(204);
    const rowsLeft = inserted.slice(0, -1);
    expect((await eva.json('/api/notifications/unread-count')).body.unreadCount).toBe(7);

    const first = await eva.json('/api/notifications?limit=10');
    expect(first.status).toBe(200);
    expect(first.body.unreadCount).toBe(7);
    const cancelled = first.body.items[0];
    expect(cancelled).toEqual({
      id: rowsLeft[6]!.id,
      kind: 'event_cancelled',
      createdAt: at(6).toISOString(),
      read: false,
      actor: null,
      space: null,
      post: null,
      event: { id: eventId, key: '20300110T1900', title: 'Sommerfest' },
      commentId: null,
      snippet: 'Sommerfest',
      url: `/events/${eventId}/20300110T1900`,
    });
    expect(first.body.items.map((n: { kind: string }) => n.kind)).toEqual([
      'event_cancelled',
      'mention',
      'event_changed',
      ...[rowsLeft[2]!, rowsLeft[3]!].sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => r.kind),
      'event_reminder',
      'new_post',
    ]);
    const mention = first.body.items.find((n: { kind: string }) => n.kind === 'mention');
    expect(mention).toMatchObject({ event: null, space: { id: id.a }, post: { id: id.miaPost }, url: `/posts/${id.miaPost}` });

    // Keyset pagination in pages of two walks the same order without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await eva.json(
        `/api/notifications?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.items.map((n) => n.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(first.body.items.map((n: { id: string }) => n.id));
    expect(pages).toBe(4);

    // Marking an event notice read lowers the count; so does "all".
    const read = await eva.json('/api/notifications/read', { method: 'POST', json: { ids: [cancelled.id] } });
    expect(read.status).toBe(200);
    expect(read.body.unreadCount).toBe(6);
    const after = await eva.json('/api/notifications?limit=1');
    expect(after.body.items[0]).toMatchObject({ id: cancelled.id, read: true });
    expect((await eva.json('/api/notifications/read', { method: 'POST', json: { all: true } })).body.unreadCount).toBe(0);
    expect((await eva.json('/api/notifications/unread-count')).body.unreadCount).toBe(0);
  });
});
