import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { webBuildIsStale } from '../../src/cli/build-web.ts';
import { freePort } from '../helpers/net.ts';

// Two real app processes (the binary as an operator runs it) on two ports, sharing one PostgreSQL
// database: a comment posted through node A appears live, without a reload, in a browser that is
// connected to node B, and a comment written in that browser reaches a socket on node A. Events cross
// the nodes only through LISTEN/NOTIFY.
const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = process.execPath;
const AUTH_SECRET = randomBytes(36).toString('base64url');
const LIVE_MS = 15_000;
const OWNER = { email: 'olga@example.org', password: 'owner-password-1', name: 'Olga Owner' };
const MEMBER = { email: 'mia@example.org', password: 'member-password-1', name: 'Mia Mitglied' };

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
type Json = any;
/** A frame the server sends on /api/ws. */
interface Frame {
  type: string;
  channel?: string;
  event?: { type: string; data?: Record<string, unknown> };
}

interface AppNode {
  name: string;
  base: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

const nodes: AppNode[] = [];
const dataDirs: string[] = [];
const browserLog: string[] = [];
const steps: string[] = [];
const t0 = Date.now();
/** Marks progress, so a timeout tells how far the test got and how long each step took. */
const step = (what: string) => steps.push(`${String(Date.now() - t0).padStart(6)} ms  ${what}`);
let dbName: string;
let dbUrl: string;
let db: pg.Client;
let browser: Browser | null = null;
let nodeA: AppNode;
let nodeB: AppNode;

/** Both nodes' output (and what the browser saw), so that a failure explains itself. */
function diagnostics(): string {
  const parts = nodes.map((n) => `--- node ${n.name} (${n.base}) ---\n${n.output() || '(no output)'}`);
  if (browserLog.length) parts.push(`--- browser ---\n${browserLog.slice(-80).join('\n')}`);
  parts.push(`--- steps ---\n${steps.join('\n')}`);
  return parts.join('\n');
}

/** Runs `fn`; a failure carries both nodes' logs in its message. */
async function explained<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && !err.message.includes('--- node ')) {
      err.message += `\n\n${diagnostics()}`;
    }
    throw err;
  }
}

function startNode(name: string, port: number): Promise<AppNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `treffpunkt-node-${name.toLowerCase()}-`));
  dataDirs.push(dataDir);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(NODE, ['bin/treffpunkt.js', 'start', '--no-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: dbUrl,
      AUTH_SECRET,
      DATA_DIR: dataDir,
      RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer) => {
    output += d;
    // Keep the tail only: a node that loops on an error must not fill the memory.
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const node: AppNode = { name, base, child, exited, output: () => output };
  nodes.push(node);
  return (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`node ${name} exited early with ${child.exitCode}`);
      try {
        if ((await fetch(`${base}/api/health`)).ok) {
          step(`node ${name} healthy`);
          return node;
        }
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`node ${name} did not become healthy within 60 s`);
  })();
}

/** A cookie-keeping API client for one node; sends that node's Origin on writes. */
function client(node: AppNode) {
  const cookies = new Map<string, string>();
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  async function call(method: string, p: string, json?: unknown) {
    const headers: Record<string, string> = {};
    if (method !== 'GET') headers.Origin = node.base;
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (cookies.size) headers.Cookie = cookie();
    const res = await fetch(`${node.base}${p}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
    const text = await res.text();
    let body: Json = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body };
  }
  /** The call's body when it answered `status`, else an error naming the node and the answer. */
  async function expectStatus(status: number, method: string, p: string, json?: unknown) {
    const r = await call(method, p, json);
    if (r.status !== status) {
      throw new Error(
        `${method} ${p} on node ${node.name}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`,
      );
    }
    return r.body;
  }
  return { call, expectStatus, cookie };
}

async function newestMailLink(to: string, template: string): Promise<string> {
  const { rows } = await db.query(
    `select text_body from mail_outbox where to_address = $1 and template = $2
     order by created_at desc, id desc limit 1`,
    [to, template],
  );
  const link = rows[0]?.text_body.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no ${template} mail with a link to ${to} in mail_outbox`);
  return link;
}

/** Waits until every node's realtime listener holds its LISTEN (events published before would be lost). */
async function bothListening(): Promise<void> {
  const deadline = Date.now() + 15_000;
  let n = 0;
  while (Date.now() < deadline) {
    const { rows } = await db.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = $1 and application_name = 'treffpunkt-listen' and query ilike 'listen%'`,
      [dbName],
    );
    n = rows[0].n;
    if (n >= 2) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`only ${n} of 2 nodes LISTEN on the realtime channel`);
}

/** A raw WebSocket to a node's /api/ws, as a browser on that node's origin would open it. */
function socket(node: AppNode, cookie: string) {
  const ws = new WebSocket(`${node.base.replace('http', 'ws')}/api/ws`, {
    headers: { Origin: node.base, Cookie: cookie },
  });
  const frames: Frame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`ws refused by node ${node.name}: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
  async function waitFor(what: string, match: (f: Frame) => boolean): Promise<Frame> {
    const deadline = Date.now() + LIVE_MS;
    while (Date.now() < deadline) {
      const f = frames.find(match);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `socket on node ${node.name}: no ${what} within ${LIVE_MS} ms; frames: ${JSON.stringify(frames)}`,
    );
  }
  return { ws, frames, opened, waitFor };
}

/**
 * `npm test` builds the SPA only after vitest, so build it here when dist/web is missing or stale. In a
 * child process with NODE_ENV=production: in this worker (NODE_ENV=test) Vite would write React's
 * development bundle into dist/web, which `npm start` would then serve.
 */
async function ensureWebBuilt(): Promise<void> {
  if (!webBuildIsStale()) return;
  const script =
    "const { ensureWebBuild } = await import('./src/cli/build-web.ts'); await ensureWebBuild(() => {});";
  const child = spawn(NODE, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`building the web app failed (${code}):\n${output}`);
}

beforeAll(async () => {
  await ensureWebBuilt();
  const adminUrl = inject('pgAdminUrl');
  dbName = `t_multinode_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${dbName} template ${inject('templateDb')}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const [portA, portB] = [await freePort(), await freePort()];
  await explained(async () => {
    // At the same moment, on a database whose job queues do not exist yet: proves that racing nodes
    // survive pg-boss's queue creation (it deadlocks; the jobs wrapper retries).
    [nodeA, nodeB] = await Promise.all([startNode('A', portA), startNode('B', portB)]);
    await bothListening();
  });
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  for (const n of nodes)
    if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
  await Promise.all(nodes.map((n) => n.exited));
  await db?.end().catch(() => {});
  if (dbName) {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
}, 30_000);

describe('two app nodes sharing one PostgreSQL', () => {
  it('shows a comment posted through node A live in a browser on node B, and the reverse', async () => {
    await explained(async () => {
      // 1. Through node A: first-run setup, a space, a post, and a verified member.
      const owner = client(nodeA);
      await owner.expectStatus(201, 'POST', '/api/setup', {
        communityName: 'Zwei Knoten',
        name: OWNER.name,
        email: OWNER.email,
        password: OWNER.password,
        locale: 'de',
      });
      const space = await owner.expectStatus(201, 'POST', '/api/spaces', {
        name: 'Werkstatt',
        slug: 'werkstatt',
        visibility: 'members',
      });
      const post = await owner.expectStatus(201, 'POST', `/api/spaces/${space.id}/posts`, {
        title: 'Treffen über zwei Knoten',
        body: 'Wer ist am Donnerstag dabei?',
      });
      step('set up through node A');
      const visitor = client(nodeA);
      await visitor.expectStatus(200, 'POST', '/api/auth/sign-up/email', MEMBER);
      const verify = new URL(await newestMailLink(MEMBER.email, 'accounts.verifyEmail'));
      const verified = await visitor.call('GET', `${verify.pathname}${verify.search}`);
      if (verified.status >= 400)
        throw new Error(`verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
      step('member verified');

      // 2. The owner listens on node A (a raw socket), for the reverse direction.
      const onA = socket(nodeA, owner.cookie());
      await onA.opened;
      onA.ws.send(JSON.stringify({ type: 'subscribe', channel: `space:${space.id}` }));
      await onA.waitFor('subscription', (f) => f.type === 'subscribed' && f.channel === `space:${space.id}`);
      step('owner listens on node A');

      // 3. The member signs in on node B in Chromium and opens the post there.
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const context: BrowserContext = await browser.newContext({ locale: 'de-DE' });
      const login = await context.request.post(`${nodeB.base}/api/auth/sign-in/email`, {
        data: { email: MEMBER.email, password: MEMBER.password },
        headers: { Origin: nodeB.base },
      });
      if (login.status() !== 200)
        throw new Error(`sign-in on node B: ${login.status()} ${await login.text()}`);
      step('member signed in on node B');
      const page: Page = await context.newPage();
      page.on('console', (m) => browserLog.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => browserLog.push(`pageerror: ${e.message}`));
      const wsFrames: string[] = [];
      const wsUrls: string[] = [];
      page.on('websocket', (ws) => {
        wsUrls.push(ws.url());
        browserLog.push(`websocket ${ws.url()}`);
        ws.on('framereceived', (f) => {
          const text = String(f.payload);
          wsFrames.push(text);
          browserLog.push(`ws <- ${text}`);
        });
        ws.on('framesent', (f) => browserLog.push(`ws -> ${String(f.payload)}`));
        ws.on('close', () => browserLog.push('ws closed'));
      });
      await page.goto(`${nodeB.base}/posts/${post.id}`);
      // Loading the page is not what is measured: give a busy machine time for it.
      await page.getByRole('heading', { name: 'Treffen über zwei Knoten' }).waitFor({ timeout: 30_000 });
      step('post page shown by node B');
      const spaceSubscribed = JSON.stringify({ type: 'subscribed', channel: `space:${space.id}` });
      await expect
        .poll(() => wsFrames.includes(spaceSubscribed), { timeout: LIVE_MS, interval: 50 })
        .toBe(true);
      step('page subscribed to the space on node B');
      // The socket is node B's own: whatever arrives on it crossed over from node A through PostgreSQL.
      expect(wsUrls).toEqual([`${nodeB.base.replace('http', 'ws')}/api/ws`]);
      // Set on this document: it is gone if anything reloads the page.
      await page.evaluate(() => {
        (window as unknown as { __noReload: boolean }).__noReload = true;
      });

      // 4. The owner comments through node A; the page on node B shows it without a reload.
      const fromA = 'Ich bringe Kaffee mit (über Knoten A).';
      const ownerComment = await owner.expectStatus(201, 'POST', `/api/posts/${post.id}/comments`, {
        body: fromA,
      });
      step('owner commented through node A');
      await page.getByTestId('comment').filter({ hasText: fromA }).waitFor({ timeout: LIVE_MS });
      step('comment shown live on node B');
      expect(wsFrames.some((f) => f.includes('"comment.created"') && f.includes(ownerComment.id))).toBe(true);

      // A reaction through node A updates the count on node B's page. The comment event also made the
      // page refetch the post; wait until that landed ("1 Kommentar" comes from the post), or the answer,
      // read before the reaction, could overwrite the count the reaction event patches in.
      await page.getByRole('heading', { name: '1 Kommentar', exact: true }).waitFor({ timeout: LIVE_MS });
      await owner.expectStatus(200, 'POST', '/api/reactions', {
        targetType: 'post',
        targetId: post.id,
        emoji: '👍',
        on: true,
      });
      await page
        .getByTestId('post')
        .getByRole('button', { name: 'Daumen hoch: 1', exact: true })
        .waitFor({ timeout: LIVE_MS });
      step('reaction shown live on node B');
      expect(wsFrames.some((f) => f.includes('"reaction.changed"'))).toBe(true);

      // 5. The reverse: the member comments in the browser on node B; the owner's socket on node A hears it.
      const fromB = 'Ich komme auch (über Knoten B).';
      await page.getByLabel('Dein Kommentar').fill(fromB);
      await page.getByRole('button', { name: 'Kommentieren' }).click();
      await page.getByTestId('comment').filter({ hasText: fromB }).waitFor({ timeout: LIVE_MS });
      step('member commented in the browser on node B');
      const event = await onA.waitFor(
        "the member's comment.created",
        (f) =>
          f.type === 'event' &&
          f.event?.type === 'comment.created' &&
          f.event.data?.postId === post.id &&
          f.event.data?.commentId !== ownerComment.id,
      );
      const comments = await owner.expectStatus(200, 'GET', `/api/posts/${post.id}/comments`);
      const memberComment = comments.items.find((c: { id: string }) => c.id === event.event?.data?.commentId);
      expect(memberComment?.author?.name).toBe(MEMBER.name);
      expect(memberComment?.bodyHtml).toContain('Ich komme auch');
      step("member's comment heard on node A");
      onA.ws.close();

      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(
        true,
      );
      expect(browserLog.filter((l) => l.startsWith('pageerror'))).toEqual([]);
      await context.close();
      await browser.close();
      browser = null;
    });
  }, 90_000);

  it('stops both nodes cleanly on SIGTERM', async () => {
    await explained(async () => {
      for (const n of nodes) n.child.kill('SIGTERM');
      const codes = await Promise.race([
        Promise.all(nodes.map((n) => n.exited)),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the nodes did not stop within 20 s of SIGTERM')), 20_000),
        ),
      ]);
      expect(codes).toEqual([0, 0]);
    });
  }, 30_000);
});
