import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';
import { SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S } from './auth.ts';
import { verifiedToken } from './session.ts';

let t: TestApp;
let owner: Agent;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const token = (a: Agent) =>
  decodeURIComponent([...a.cookies].find(([k]) => k.endsWith('session_token'))![1]).split('.')[0]!;
const expiresAt = async (tok: string) =>
  (await sql<{ e: Date }>`select "expiresAt" as e from sessions where token = ${tok}`.execute(t.db.db))
    .rows[0]?.e;

describe('the fast session read', () => {
  it('accepts exactly the cookies better-auth signs', async () => {
    const secret = 'test-secret-that-is-long-enough-for-better-auth-0123456789';
    const signed = [...owner.cookies].find(([k]) => k.endsWith('session_token'))![1];
    const tok = token(owner);
    expect(await expiresAt(tok)).toBeInstanceOf(Date);
    expect(verifiedToken(signed, secret)).toBe(tok);
    expect(verifiedToken(signed, `${secret}x`)).toBeNull();
    expect(
      verifiedToken(signed.replace(tok, `${tok.slice(0, -1)}${tok.endsWith('a') ? 'b' : 'a'}`), secret),
    ).toBeNull();
    expect(verifiedToken(tok, secret)).toBeNull();
    expect(verifiedToken('%E0%A4%A', secret)).toBeNull();
  });

  it('knows the member from a valid cookie, and nobody from a forged one', async () => {
    expect((await owner.json('/api/me')).body.role).toBe('owner');
    const forged = t.agent();
    for (const [k, v] of owner.cookies)
      forged.cookies.set(
        k,
        v.replace(/.(%3D|=)*$/, (m) => (m[0] === 'A' ? 'B' : 'A') + m.slice(1)),
      );
    expect((await forged.json('/api/me')).status).toBe(401);
  });

  it('sees a role change and a deleted session at once (no cache)', async () => {
    const m = await t.member('fast@example.org');
    expect((await m.json('/api/admin/members')).status).toBe(403);
    await sql`update users set role = 'admin' where email = 'fast@example.org'`.execute(t.db.db);
    expect((await m.json('/api/admin/members')).status).not.toBe(403);
    await sql`delete from sessions where token = ${token(m)}`.execute(t.db.db);
    expect((await m.json('/api/me')).status).toBe(401);
  });

  it('leaves expired sessions and the daily extension to better-auth', async () => {
    const m = await t.member('extend@example.org');
    const tok = token(m);
    // A session created two days ago is due for its extension: better-auth moves its end forward.
    const old = new Date(Date.now() + SESSION_EXPIRES_IN_S * 1000 - 2 * DAY);
    await sql`update sessions set "expiresAt" = ${old} where token = ${tok}`.execute(t.db.db);
    expect((await m.json('/api/me')).status).toBe(200);
    expect((await expiresAt(tok))!.getTime()).toBeGreaterThan(old.getTime() + SESSION_UPDATE_AGE_S * 1000);
    // An expired one is refused and removed.
    await sql`update sessions set "expiresAt" = ${new Date(Date.now() - 1000)} where token = ${tok}`.execute(
      t.db.db,
    );
    expect((await m.json('/api/me')).status).toBe(401);
    expect(await expiresAt(tok)).toBeUndefined();
  });
});
