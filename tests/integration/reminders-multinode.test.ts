import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/net.ts';

// Two real app processes (the binary as an operator runs it) share one database, and both work on
// jobs. Extra `events.tick` jobs are queued so that both nodes run the reminder pass at the same
// time; each member still gets each reminder exactly once (the claim row decides, not timing).
const ROOT = path.resolve(import.meta.dirname, '../..');
const AUTH_SECRET = randomBytes(36).toString('base64url');

let db: TestDatabase;
const children: ChildProcess[] = [];
const dirs: string[] = [];
const logs: string[] = [];

async function startNode(name: string): Promise<string> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `treffpunkt-rem-${name}-`));
  dirs.push(dataDir);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/treffpunkt.js', 'start', '--no-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: db.url,
      AUTH_SECRET,
      DATA_DIR: dataDir,
      RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const i = logs.push('') - 1;
  child.stdout!.on('data', (d) => (logs[i] = (logs[i]! + d).slice(-50_000)));
  child.stderr!.on('data', (d) => (logs[i] = (logs[i]! + d).slice(-50_000)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited: ${logs[i]}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return base;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`node ${name} did not become healthy: ${logs[i]}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))),
  );
  await db?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('reminders with two app processes', () => {
  it('send each reminder once per member and date', async () => {
    const [a] = await Promise.all([startNode('a'), startNode('b')]);
    // The owner through node A's API; the members and their RSVPs straight into the tables.
    const setup = await fetch(`${a}/api/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: a },
      body: JSON.stringify({
        communityName: 'Zwei Knoten',
        brandColor: '#2f6f5e',
        name: 'Olga Owner',
        email: 'olga@example.org',
        password: 'owner-password-1',
        locale: 'de',
      }),
    });
    expect(setup.status).toBe(201);
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const start = DateTime.now().setZone('Europe/Berlin').plus({ minutes: 45 }).startOf('minute');
    const r = await fetch(`${a}/api/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: a, Cookie: cookie },
      body: JSON.stringify({
        title: 'Offene Sprechstunde',
        timeZone: 'Europe/Berlin',
        startsLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsLocal: start.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        audience: 'members',
      }),
    });
    expect(r.status).toBe(201);
    const event = (await r.json()) as { id: string };
    const members = Array.from({ length: 12 }, (_, i) => ({
      id: `m${i}`,
      name: `Member ${i}`,
      email: `m${i}@example.org`,
      emailVerified: true,
    }));
    await db.db.insertInto('users').values(members).execute();
    const long = new Date(Date.now() - 3 * 86_400_000);
    await db.db
      .insertInto('event_rsvps')
      .values(
        members.map((m) => ({
          event_id: event.id,
          occurrence: start.toFormat("yyyy-MM-dd'T'HH:mm"),
          user_id: m.id,
          status: 'going',
          created_at: long,
          updated_at: long,
        })),
      )
      .execute();
    // Half of them also asked for a reminder 30 minutes ahead, which is not due yet.
    await db.db
      .insertInto('event_reminder_prefs')
      .values(
        members.slice(0, 6).map((m) => ({ user_id: m.id, offsets: [60, 30], by_mail: true, in_app: true })),
      )
      .execute();

    // Many ticks at once: both nodes' workers pick them up in parallel.
    await db.pool.query(
      `insert into pgboss.job (name, data) select 'events.tick', '{}'::jsonb from generate_series(1, 8)`,
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.pool.query(
        `select count(*)::int as n from pgboss.job where name = 'events.tick' and state in ('created', 'retry', 'active')`,
      );
      if (rows[0].n === 0) break;
      if (Date.now() > deadline) throw new Error(`ticks not worked off:\n${logs.join('\n---\n')}`);
      await new Promise((res) => setTimeout(res, 250));
    }
    const { rows: done } = await db.pool.query(
      `select count(*)::int as n from pgboss.job where name = 'events.tick' and state = 'completed'`,
    );
    expect(done[0].n).toBeGreaterThanOrEqual(8);

    const { rows: mails } = await db.pool.query(
      `select to_address, count(*)::int as n from mail_outbox where template = 'events.reminder' group by 1 order by 1`,
    );
    expect(mails.map((m) => m.to_address).sort()).toEqual(members.map((m) => m.email).sort());
    for (const m of mails) expect(m.n, m.to_address).toBe(1);
    const { rows: notices } = await db.pool.query(
      `select user_id, count(*)::int as n from notifications where kind = 'event_reminder' group by 1`,
    );
    expect(notices).toHaveLength(12);
    for (const n of notices) expect(n.n).toBe(1);
    const { rows: claims } = await db.pool.query(
      `select offset_minutes, count(*)::int as n from event_reminders_sent group by 1 order by 1`,
    );
    expect(claims).toEqual([{ offset_minutes: 60, n: 12 }]);
  }, 120_000);
});
