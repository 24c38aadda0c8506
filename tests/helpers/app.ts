import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTreffpunkt, type Treffpunkt } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const ORIGIN = 'http://localhost:3000';

/** A browser-like client: keeps cookies, sends Origin on writes, has its own IP for rate limits. */
export interface Agent {
  ip: string;
  cookies: Map<string, string>;
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: T; res: Response }>;
}

export interface TestApp {
  tp: Treffpunkt;
  db: TestDatabase;
  dataDir: string;
  agent(): Agent;
  /** The newest outbox mail to `to` (optionally of a template), or throws. */
  lastMail(to: string, template?: string): Promise<{ subject: string; text: string; html: string; template: string }>;
  /** The first http(s) link in a mail's text. */
  linkIn(mail: { text: string }): string;
  /** Runs first-run setup and returns the owner's logged-in agent. */
  setupOwner(email?: string): Promise<Agent>;
  /** Signs up, verifies through the mailed link and logs in a member. */
  member(email: string, name?: string): Promise<Agent>;
  close(): Promise<void>;
}

let ipCounter = 1;

/** The whole app against a fresh cloned database, spoken to in-process with `app.request`. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-app-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-better-auth-0123456789',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: ORIGIN,
    ...env,
  });
  const logger = createLogger('silent');
  const tp = await createTreffpunkt({ config, logger, databaseUrl: db.url, migrate: false });
  await tp.start();

  function agent(): Agent {
    const cookies = new Map<string, string>();
    const ip = `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;
    const request = async (p: string, init: RequestInit & { json?: unknown } = {}) => {
      const headers = new Headers(init.headers);
      const method = (init.method ?? 'GET').toUpperCase();
      if (!['GET', 'HEAD'].includes(method) && !headers.has('Origin')) headers.set('Origin', ORIGIN);
      if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', ip);
      if (cookies.size && !headers.has('Cookie')) {
        headers.set('Cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      }
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const res = await tp.app.request(`${ORIGIN}${p}`, { ...init, method, headers, body });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const idx = pair!.indexOf('=');
        const name = pair!.slice(0, idx).trim();
        const value = pair!.slice(idx + 1);
        if (/max-age=0/i.test(c) || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
      return res;
    };
    return {
      ip,
      cookies,
      request,
      async json(p, init) {
        const res = await request(p, init);
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, res };
      },
    };
  }

  async function lastMail(to: string, template?: string) {
    let q = db.db
      .selectFrom('mail_outbox')
      .select(['subject', 'text_body', 'html_body', 'template'])
      .where('to_address', '=', to);
    if (template) q = q.where('template', '=', template);
    const row = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new Error(`No mail to ${to}${template ? ` (${template})` : ''}`);
    return { subject: row.subject, text: row.text_body, html: row.html_body, template: row.template };
  }

  function linkIn(mail: { text: string }): string {
    const m = mail.text.match(/https?:\/\/\S+/);
    if (!m) throw new Error(`No link in mail:\n${mail.text}`);
    return m[0];
  }

  async function setupOwner(email = 'owner@example.org') {
    const a = agent();
    const r = await a.json('/api/setup', {
      method: 'POST',
      json: { communityName: 'Testgemeinschaft', brandColor: '#2f6f5e', name: 'Olga Owner', email, password: 'owner-password-1', locale: 'de' },
    });
    if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`);
    return a;
  }

  async function member(email: string, name = 'Mia Mitglied') {
    const a = agent();
    const password = 'member-password-1';
    const s = await a.json('/api/auth/sign-up/email', { method: 'POST', json: { email, password, name } });
    if (s.status !== 200) throw new Error(`sign-up failed: ${s.status} ${JSON.stringify(s.body)}`);
    const link = linkIn(await lastMail(email, 'accounts.verifyEmail'));
    const v = await a.request(link.replace(ORIGIN, ''));
    if (v.status >= 400) throw new Error(`verification failed: ${v.status}`);
    const l = await a.json('/api/auth/sign-in/email', { method: 'POST', json: { email, password } });
    if (l.status !== 200) throw new Error(`login failed: ${l.status} ${JSON.stringify(l.body)}`);
    return a;
  }

  return {
    tp,
    db,
    dataDir,
    agent,
    lastMail,
    linkIn,
    setupOwner,
    member,
    async close() {
      await tp.stop();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
