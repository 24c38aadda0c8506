import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.ts';

// The real binary, as an operator runs it: embedded PostgreSQL in a fresh DATA_DIR, started twice,
// stopped by SIGTERM while writes are in flight.
const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = process.execPath;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-life-'));
const procs: ChildProcess[] = [];

async function start(port: number) {
  const child = spawn(NODE, ['bin/treffpunkt.js', 'start', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'production', RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base, exited, output: () => output };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy:\n${output}`);
}

function pgRunning(): boolean {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('server lifecycle', () => {
  it('keeps every committed write across SIGTERM and reuses the data on the next start', async () => {
    const port = await freePort();
    const first = await start(port);
    const origin = { Origin: first.base, 'Content-Type': 'application/json' };
    const setup = await fetch(`${first.base}/api/setup`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({
        communityName: 'Lebenszyklus',
        name: 'Olga',
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

    // Write bios as fast as we can and stop the server in the middle of it.
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop && i < 5000; i++) {
        try {
          const r = await fetch(`${first.base}/api/me`, {
            method: 'PATCH',
            headers: { ...origin, Cookie: cookie },
            body: JSON.stringify({ bio: `write ${i}` }),
          });
          if (r.status === 200) acknowledged.push(`write ${i}`);
        } catch {
          return;
        }
      }
    })();
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGTERM');
    const code = await first.exited;
    stop = true;
    await writer;
    expect(code, first.output()).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    expect(pgRunning()).toBe(false);

    const second = await start(port);
    const community = await (await fetch(`${second.base}/api/community`)).json();
    expect(community).toMatchObject({ name: 'Lebenszyklus', setupNeeded: false });
    const login = await fetch(`${second.base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ email: 'olga@example.org', password: 'owner-password-1' }),
    });
    expect(login.status).toBe(200);
    const me = await (
      await fetch(`${second.base}/api/me`, {
        headers: { Cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
      })
    ).json();
    // The last acknowledged write (or a later one whose answer was cut off) is what the database holds.
    const lastAck = Number(acknowledged.at(-1)!.split(' ')[1]);
    expect(Number(me.bio.split(' ')[1])).toBeGreaterThanOrEqual(lastAck);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(pgRunning()).toBe(false);
  }, 120_000);
});
