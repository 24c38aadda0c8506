import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../helpers/app.ts';

// Every documented route, called without a session and with a too-low role. The list comes from
// /api/openapi.json, so a new route is covered the moment it is added.
let t: TestApp;
let member: Agent;
let moderator: Agent;
let doc: any;

const SAMPLE_ID = '01937a1c-7c3e-7000-8000-000000000001';

function fill(path: string): string {
  return path.replace(/\{[^}]+\}/g, SAMPLE_ID);
}

function operations(access: (a: string) => boolean) {
  const out: { method: string; path: string; access: string }[] = [];
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (access(op['x-access'])) out.push({ method: method.toUpperCase(), path, access: op['x-access'] });
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.setupOwner();
  member = await t.member('mia@example.org');
  const modAgent = await t.member('moritz@example.org', 'Moritz Moderator');
  await t.db.db.updateTable('users').set({ role: 'moderator' }).where('email', '=', 'moritz@example.org').execute();
  moderator = modAgent;
  doc = (await t.agent().json('/api/openapi.json')).body;
});
afterAll(async () => t?.close());

describe('route access', () => {
  it('documents every API route with its access level', () => {
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
        expect(['public', 'member', 'moderator', 'admin', 'owner'], `${method} ${path}`).toContain(op['x-access']);
      }
    }
    const undocumented = t.tp.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .filter((r) => !r.path.startsWith('/api/auth/') && !r.path.startsWith('/api/docs') && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !documented.has(k));
    expect(undocumented).toEqual([]);
    expect(Object.keys(doc.paths)).toContain('/api/auth/sign-in/email');
  });

  it('answers 401 in the shared shape to every protected route without a session', async () => {
    const ops = operations((a) => a !== 'public');
    expect(ops.length).toBeGreaterThan(15);
    const anon = t.agent();
    for (const op of ops) {
      const r = await anon.json(fill(op.path), { method: op.method, ...(op.method === 'GET' ? {} : { json: {} }) });
      expect(r.status, `${op.method} ${op.path}`).toBe(401);
      expect(r.body.error.code, `${op.method} ${op.path}`).toMatch(/unauthenticated|UNAUTHORIZED/i);
      expect(typeof r.body.requestId).toBe('string');
    }
  });

  it('answers 403 to members on admin and moderator routes', async () => {
    const ops = operations((a) => a === 'admin' || a === 'owner' || a === 'moderator');
    expect(ops.length).toBeGreaterThan(4);
    for (const op of ops) {
      const r = await member.json(fill(op.path), { method: op.method, ...(op.method === 'GET' ? {} : { json: {} }) });
      expect(r.status, `${op.method} ${op.path}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });

  it('answers 403 to moderators on admin routes', async () => {
    for (const op of operations((a) => a === 'admin' || a === 'owner')) {
      const r = await moderator.json(fill(op.path), { method: op.method, ...(op.method === 'GET' ? {} : { json: {} }) });
      expect(r.status, `${op.method} ${op.path}`).toBe(403);
    }
  });
});
