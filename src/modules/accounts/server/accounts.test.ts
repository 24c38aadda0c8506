import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../../../../tests/helpers/app.ts';

let t: TestApp;
let owner: Agent;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** RFC 6238 TOTP for the test, from an otpauth:// URI's base32 secret. */
function totp(uri: string, at = Date.now()): string {
  const secret = new URL(uri).searchParams.get('secret')!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1]! & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('first-run setup', () => {
  it('is needed on an empty install and blocks sign-up until done', async () => {
    expect((await t.agent().json('/api/setup')).body).toEqual({ needed: true });
    expect((await t.agent().json('/api/community')).body.setupNeeded).toBe(true);
    const s = await t.agent().json('/api/auth/sign-up/email', {
      method: 'POST',
      json: { email: 'early@example.org', password: 'early-password-1', name: 'Early' },
    });
    expect(s.status).toBe(409);
    expect(s.body.error.code).toBe('setup_required');
  });

  it('creates the owner, names the community and logs the owner in; only once', async () => {
    owner = await t.setupOwner();
    const me = await owner.json('/api/me');
    expect(me.body).toMatchObject({ role: 'owner', email: 'owner@example.org', emailVerified: true });
    const c = (await t.agent().json('/api/community')).body;
    expect(c).toMatchObject({ name: 'Testgemeinschaft', setupNeeded: false, brandColor: '#2f6f5e' });
    const again = await t.agent().json('/api/setup', {
      method: 'POST',
      json: { communityName: 'Evil', name: 'X', email: 'x@example.org', password: 'xxxxxxxxxxxx', locale: 'de' },
    });
    expect(again.status).toBe(409);
    expect((await t.agent().json('/api/community')).body.name).toBe('Testgemeinschaft');
  });

  it('styles the UI with the brand colour through /brand.css', async () => {
    const css = await (await t.agent().request('/brand.css')).text();
    expect(css).toContain('--brand:#2f6f5e');
    expect(css).toContain('--on-brand:#ffffff');
  });
});

describe('sign-up, verification and login', () => {
  it('answers known and unknown addresses alike and mails the real owner of a known one', async () => {
    const fresh = await t.agent().json('/api/auth/sign-up/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'new-password-12', name: 'Neu' },
    });
    const known = await t.agent().json('/api/auth/sign-up/email', {
      method: 'POST',
      json: { email: 'owner@example.org', password: 'whatever-pass-1', name: 'Neu' },
    });
    expect(fresh.status).toBe(200);
    expect(known.status).toBe(200);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(fresh.body).sort());
    const mail = await t.lastMail('owner@example.org', 'accounts.existingSignUp');
    expect(mail.text.length).toBeGreaterThan(20);
  });

  it('refuses login before verification, then verifies through the mailed link', async () => {
    const a = t.agent();
    const before = await a.json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'new-password-12' },
    });
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe('EMAIL_NOT_VERIFIED');
    const mail = await t.lastMail('new@example.org', 'accounts.verifyEmail');
    expect(mail.text).toContain('Neu');
    expect(mail.html).toContain('<');
    const link = t.linkIn(mail);
    expect(link.startsWith(`${ORIGIN}/api/auth/verify-email?token=`)).toBe(true);
    const v = await a.request(link.replace(ORIGIN, ''));
    expect([200, 302]).toContain(v.status);
    const login = await a.json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'new-password-12' },
    });
    expect(login.status).toBe(200);
    const me = await a.json('/api/me');
    expect(me.body).toMatchObject({ email: 'new@example.org', role: 'member', emailVerified: true, locale: 'de' });
  });

  it('brings a sign-up that started at a checkout back to it through the confirmation link', async () => {
    // The SPA sends `/verified?next=<where the person came from>`; the mailed link must keep it.
    const callbackURL = `/verified?next=${encodeURIComponent('/checkout?price=0193a0d4-0000-7000-8000-000000000001')}`;
    const s = await t.agent().json('/api/auth/sign-up/email', {
      method: 'POST',
      json: { email: 'buyer@example.org', password: 'buyer-password-1', name: 'Käuferin', callbackURL },
    });
    expect(s.status).toBe(200);
    const link = new URL(t.linkIn(await t.lastMail('buyer@example.org', 'accounts.verifyEmail')));
    expect(link.searchParams.get('callbackURL')).toBe(callbackURL);
    const v = await t.agent().request(`${link.pathname}${link.search}`, { redirect: 'manual' });
    expect(v.status).toBe(302);
    expect(v.headers.get('location')).toBe(callbackURL);
    // (Foreign callback URLs are refused by better-auth's origin check, which it switches off under NODE_ENV=test.)
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const a = t.agent();
    const res = await a.request('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'new-password-12' },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('treffpunkt.session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('gives the same error for a wrong password and an unknown address', async () => {
    const wrong = await t.agent().json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'not-the-password' },
    });
    const unknown = await t.agent().json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'nobody@example.org', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  it('rate-limits login attempts with 429 and Retry-After', async () => {
    const a = t.agent();
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 7; i++) {
      last = await a.request('/api/auth/sign-in/email', {
        method: 'POST',
        json: { email: 'new@example.org', password: 'wrong-password-x' },
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await last!.json();
    expect(body.error.code).toBe('rate_limited');
    // Another client is not affected.
    const other = await t.agent().json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'new-password-12' },
    });
    expect(other.status).toBe(200);
  });

  it('rate-limits password reset requests too', async () => {
    const a = t.agent();
    let status = 0;
    for (let i = 0; i < 4; i++) {
      status = (
        await a.request('/api/auth/request-password-reset', {
          method: 'POST',
          json: { email: 'nobody@example.org', redirectTo: '/reset-password' },
        })
      ).status;
    }
    expect(status).toBe(429);
  });
});

describe('password reset and magic link', () => {
  it('answers the same for known and unknown addresses and resets through the link', async () => {
    const known = await t.agent().json('/api/auth/request-password-reset', {
      method: 'POST',
      json: { email: 'new@example.org', redirectTo: '/reset-password' },
    });
    const unknown = await t.agent().json('/api/auth/request-password-reset', {
      method: 'POST',
      json: { email: 'ghost@example.org', redirectTo: '/reset-password' },
    });
    expect(known.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    const link = t.linkIn(await t.lastMail('new@example.org', 'accounts.resetPassword'));
    const a = t.agent();
    const r = await a.request(link.replace(ORIGIN, ''), { redirect: 'manual' });
    expect(r.status).toBe(302);
    const token = new URL(r.headers.get('location')!, ORIGIN).searchParams.get('token')!;
    expect(token).toBeTruthy();
    const reset = await a.json('/api/auth/reset-password', { method: 'POST', json: { newPassword: 'brand-new-pass-1', token } });
    expect(reset.status).toBe(200);
    const login = await t.agent().json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'new@example.org', password: 'brand-new-pass-1' },
    });
    expect(login.status).toBe(200);
  });

  it('logs in by magic link, and sends nothing to unknown addresses', async () => {
    const a = t.agent();
    const r = await a.json('/api/auth/sign-in/magic-link', { method: 'POST', json: { email: 'new@example.org', callbackURL: '/' } });
    expect(r.status).toBe(200);
    const ghost = await t.agent().json('/api/auth/sign-in/magic-link', {
      method: 'POST',
      json: { email: 'ghost@example.org', callbackURL: '/' },
    });
    expect(ghost.body).toEqual(r.body);
    await expect(t.lastMail('ghost@example.org')).rejects.toThrow();
    const link = t.linkIn(await t.lastMail('new@example.org', 'accounts.magicLink'));
    await a.request(link.replace(ORIGIN, ''), { redirect: 'manual' });
    expect((await a.json('/api/me')).body.email).toBe('new@example.org');
  });
});

describe('profile, email, sessions, second factor, deletion', () => {
  let m: Agent;
  beforeAll(async () => {
    m = await t.member('lena@example.org', 'Lena');
  });

  it('edits the profile', async () => {
    const r = await m.json('/api/me', { method: 'PATCH', json: { name: 'Lena Lustig', bio: 'Ich helfe bei Moderation.', locale: 'sv' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Lena Lustig', bio: 'Ich helfe bei Moderation.', locale: 'sv' });
  });

  it('mails in the member’s language', async () => {
    await t.agent().json('/api/auth/request-password-reset', {
      method: 'POST',
      json: { email: 'lena@example.org', redirectTo: '/reset-password' },
    });
    const sv = await t.lastMail('lena@example.org', 'accounts.resetPassword');
    await t.agent().json('/api/auth/request-password-reset', {
      method: 'POST',
      json: { email: 'new@example.org', redirectTo: '/reset-password' },
    });
    const de = await t.lastMail('new@example.org', 'accounts.resetPassword');
    expect(sv.subject).not.toEqual(de.subject);
  });

  it('changes the email only with the right password, confirmed from the new address', async () => {
    const wrong = await m.json('/api/me/email', { method: 'POST', json: { newEmail: 'lena2@example.org', password: 'nope-nope-nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_password');
    const ok = await m.json('/api/me/email', { method: 'POST', json: { newEmail: 'lena2@example.org', password: 'member-password-1' } });
    expect(ok.status).toBe(202);
    expect((await m.json('/api/me')).body.email).toBe('lena@example.org');
    const link = t.linkIn(await t.lastMail('lena2@example.org'));
    await m.request(link.replace(ORIGIN, ''), { redirect: 'manual' });
    expect((await m.json('/api/me')).body.email).toBe('lena2@example.org');
  });

  it('lists sessions and logs out everywhere', async () => {
    const second = t.agent();
    const l = await second.json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'lena2@example.org', password: 'member-password-1' },
    });
    expect(l.status).toBe(200);
    const list = (await m.json('/api/me/sessions')).body.sessions;
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.filter((s: any) => s.current)).toHaveLength(1);
    const other = list.find((s: any) => !s.current);
    expect((await m.request(`/api/me/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await second.json('/api/me')).status).toBe(401);
    expect((await m.request(`/api/me/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(404);
    const r = await m.request('/api/me/sessions/revoke-all', { method: 'POST' });
    expect(r.status).toBe(204);
    expect((await m.json('/api/me')).status).toBe(401);
  });

  it('enables TOTP as a second factor and asks for it at login', async () => {
    const a = t.agent();
    await a.json('/api/auth/sign-in/email', { method: 'POST', json: { email: 'lena2@example.org', password: 'member-password-1' } });
    const en = await a.json('/api/auth/two-factor/enable', { method: 'POST', json: { password: 'member-password-1' } });
    expect(en.status).toBe(200);
    expect(en.body.totpURI).toMatch(/^otpauth:\/\/totp\//);
    expect(en.body.backupCodes.length).toBe(10);
    const confirm = await a.json('/api/auth/two-factor/verify-totp', { method: 'POST', json: { code: totp(en.body.totpURI) } });
    expect(confirm.status).toBe(200);
    expect((await a.json('/api/me')).body.twoFactorEnabled).toBe(true);

    const b = t.agent();
    const first = await b.json('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'lena2@example.org', password: 'member-password-1' },
    });
    expect(first.body.twoFactorRedirect).toBe(true);
    expect((await b.json('/api/me')).status).toBe(401);
    const bad = await b.json('/api/auth/two-factor/verify-totp', { method: 'POST', json: { code: '000000' } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    const good = await b.json('/api/auth/two-factor/verify-totp', { method: 'POST', json: { code: totp(en.body.totpURI) } });
    expect(good.status).toBe(200);
    expect((await b.json('/api/me')).body.email).toBe('lena2@example.org');
    m = b;
  });

  it("does not expose better-auth's unvalidated writes (e.g. any image URL via /update-user)", async () => {
    for (const p of ['/api/auth/update-user', '/api/auth/change-password', '/api/auth/delete-user', '/api/auth/sign-in/social']) {
      const r = await owner.json(p, { method: 'POST', json: { image: 'javascript:alert(1)', name: 'x' } });
      expect(r.status, p).toBe(404);
    }
    expect((await owner.json('/api/me')).body.image).toBeNull();
  });

  it('manages roles: admins cannot appoint admins, the owner can', async () => {
    const members = (await owner.json('/api/admin/members')).body.items;
    const lena = members.find((x: any) => x.email === 'lena2@example.org');
    expect((await owner.json(`/api/admin/members/${lena.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
    const other = members.find((x: any) => x.email === 'new@example.org');
    const byAdmin = await m.json(`/api/admin/members/${other.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(byAdmin.status).toBe(403);
    const mod = await m.json(`/api/admin/members/${other.id}`, { method: 'PATCH', json: { role: 'moderator' } });
    expect(mod.status).toBe(200);
    const ownerRow = members.find((x: any) => x.role === 'owner');
    expect((await m.json(`/api/admin/members/${ownerRow.id}`, { method: 'PATCH', json: { role: 'member' } })).status).toBe(403);
  });

  it('paginates the member list with a cursor and rejects a forged one', async () => {
    const p1 = (await owner.json('/api/admin/members?limit=2')).body;
    expect(p1.items).toHaveLength(2);
    const p2 = (await owner.json(`/api/admin/members?limit=2&cursor=${p1.nextCursor}`)).body;
    expect(p2.items[0].id).not.toBe(p1.items[1].id);
    const bad = await owner.json('/api/admin/members?cursor=garbage');
    expect(bad.status).toBe(400);
  });

  it('refuses the owner deleting their account, deletes a member with the right password', async () => {
    expect((await owner.json('/api/me', { method: 'DELETE', json: { password: 'owner-password-1' } })).status).toBe(403);
    const wrong = await m.json('/api/me', { method: 'DELETE', json: { password: 'wrong-wrong-1' } });
    expect(wrong.status).toBe(400);
    const ok = await m.request('/api/me', { method: 'DELETE', json: { password: 'member-password-1' } });
    expect(ok.status).toBe(204);
    expect((await m.json('/api/me')).status).toBe(401);
    const row = await t.db.db.selectFrom('users').select('id').where('email', '=', 'lena2@example.org').executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
