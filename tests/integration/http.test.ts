import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let owner: Agent;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
});
afterAll(async () => t?.close());

function expectShared(body: any, code?: string) {
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) }, requestId: expect.any(String) });
  expect(body.error).toHaveProperty('details');
  if (code) expect(body.error.code).toBe(code);
}

describe('platform HTTP behaviour', () => {
  it('reports health with a database check', async () => {
    const r = await t.agent().json('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('sets security headers with a CSP that forbids inline scripts and framing', async () => {
    const res = await t.agent().request('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const ok = await t.agent().request('/api/health', { headers: { 'X-Request-Id': 'trace-12345678' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-12345678');
    const bad = await t.agent().request('/api/health', { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('compresses with brotli or gzip as the client accepts', async () => {
    const br = await t.agent().request('/api/openapi.json', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gz = await t.agent().request('/api/openapi.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const none = await t.agent().request('/api/openapi.json');
    expect(none.headers.get('content-encoding')).toBeNull();
  });

  it('serves Prometheus metrics', async () => {
    await t.agent().request('/api/health');
    const res = await t.agent().request('/metrics');
    const text = await res.text();
    expect(text).toContain('treffpunkt_http_request_duration_seconds_bucket');
    expect(text).toContain('treffpunkt_process_cpu_seconds_total');
  });

  it('publishes an OpenAPI 3.1 document and renders docs without inline scripts', async () => {
    const doc = (await t.agent().json('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/me'].get['x-access']).toBe('member');
    const page = await (await t.agent().request('/api/docs')).text();
    expect(page).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
    expect((await t.agent().request('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('answers unknown API routes with a 404 in the shared shape', async () => {
    const r = await t.agent().json('/api/does-not-exist');
    expect(r.status).toBe(404);
    expectShared(r.body, 'not_found');
  });

  it('turns malformed JSON into a 400, never a 500', async () => {
    const r = await owner.json('/api/me', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "x",',
    });
    expect(r.status).toBe(400);
    expectShared(r.body);
  });

  it('turns wrongly typed fields into a 400 with the failing paths', async () => {
    const r = await owner.json('/api/me', { method: 'PATCH', json: { name: 42, locale: 'fr' } });
    expect(r.status).toBe(400);
    expectShared(r.body, 'validation_failed');
    expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual(['locale', 'name']);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const r = await owner.json('/api/me', { method: 'PATCH', json: { role: 'owner' } });
    expect(r.status).toBe(400);
    expectShared(r.body, 'validation_failed');
  });

  it('turns text PostgreSQL cannot store (NUL bytes) into a 400, never a 500', async () => {
    const r = await owner.json('/api/community', { method: 'PATCH', json: { name: 'Gemein\u0000schaft' } });
    expect(r.status).toBe(400);
    expectShared(r.body, 'bad_request');
    const bio = await owner.json('/api/me', { method: 'PATCH', json: { bio: 'Hallo\u0000Welt' } });
    expect(bio.status).toBe(200);
    expect(bio.body.bio).toBe('HalloWelt');
  });

  it('refuses oversized bodies with 413 in the shared shape', async () => {
    const r = await owner.json('/api/me', { method: 'PATCH', json: { bio: 'x'.repeat(2 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expectShared(r.body, 'payload_too_large');
  });

  it('refuses cross-site writes (CSRF) with 403', async () => {
    const evil = await owner.json('/api/me', {
      method: 'PATCH',
      headers: { Origin: 'https://evil.example' },
      json: { name: 'Hacked' },
    });
    expect(evil.status).toBe(403);
    expectShared(evil.body, 'forbidden');
    const noOrigin = await owner.json('/api/me', {
      method: 'PATCH',
      headers: { Origin: 'null' },
      json: { name: 'Hacked' },
    });
    expect(noOrigin.status).toBe(403);
    const authEvil = await t.agent().json('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
      json: { email: 'owner@example.org', password: 'owner-password-1' },
    });
    expect(authEvil.status).toBe(403);
    const me = await owner.json('/api/me');
    expect(me.body.name).toBe('Olga Owner');
  });

  it('accepts same-origin writes', async () => {
    const r = await owner.json('/api/me', { method: 'PATCH', headers: { Origin: ORIGIN }, json: { bio: 'Hallo' } });
    expect(r.status).toBe(200);
    expect(r.body.bio).toBe('Hallo');
  });
});
