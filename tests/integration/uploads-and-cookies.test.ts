import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let owner: Agent;

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 600, channels: 3, background: '#c0ffee' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Secret Person' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' } })
    .toBuffer();
}

function form(data: Buffer | string, name = 'photo.jpg', type = 'image/jpeg'): FormData {
  const f = new FormData();
  f.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }), name);
  return f;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
});
afterAll(async () => t?.close());

describe('avatar and logo uploads through the API', () => {
  it('stores an avatar re-encoded, without metadata, served as an image', async () => {
    const r = await owner.json('/api/me/avatar', { method: 'POST', body: form(await photoWithGps()) });
    expect(r.status).toBe(200);
    expect(r.body.image).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    const res = await t.agent().request(r.body.image);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(512);
    expect((await owner.json('/api/me')).body.image).toBe(r.body.image);
  });

  it('replaces the old avatar file and removes it on delete', async () => {
    const first = (await owner.json('/api/me')).body.image;
    const second = (await owner.json('/api/me/avatar', { method: 'POST', body: form(await photoWithGps()) })).body.image;
    expect(second).not.toBe(first);
    expect((await t.agent().request(first)).status).toBe(404);
    expect((await owner.request('/api/me/avatar', { method: 'DELETE' })).status).toBe(204);
    expect((await owner.json('/api/me')).body.image).toBeNull();
    expect((await t.agent().request(second)).status).toBe(404);
  });

  it('refuses HTML and SVG dressed up as images, and a missing file, with 4xx in the shared shape', async () => {
    const html = await owner.json('/api/me/avatar', {
      method: 'POST',
      body: form('<html><script>alert(1)</script></html>', 'x.jpg', 'image/jpeg'),
    });
    expect(html.status).toBe(415);
    expect(html.body.error.code).toBe('unsupported_media_type');
    const svg = await owner.json('/api/me/avatar', {
      method: 'POST',
      body: form('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'x.svg', 'image/svg+xml'),
    });
    expect(svg.status).toBe(415);
    const none = await owner.json('/api/me/avatar', { method: 'POST', body: new FormData() });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('validation_failed');
    const notForm = await owner.json('/api/me/avatar', { method: 'POST', json: { file: 'x' } });
    expect(notForm.status).toBeGreaterThanOrEqual(400);
    expect(notForm.status).toBeLessThan(500);
  });

  it('lets admins set the community logo, shown in /api/community', async () => {
    const r = await owner.json('/api/community/logo', { method: 'POST', body: form(await photoWithGps()) });
    expect(r.status).toBe(200);
    expect(r.body.logoUrl).toMatch(/^\/api\/files\//);
    expect((await t.agent().json('/api/community')).body.logoUrl).toBe(r.body.logoUrl);
    const removed = await owner.json('/api/community/logo', { method: 'DELETE' });
    expect(removed.body.logoUrl).toBeNull();
  });

  it('changes name and brand colour, and /brand.css keeps text readable on any colour', async () => {
    const r = await owner.json('/api/community', { method: 'PATCH', json: { name: 'Neuer Name', brandColor: '#FFEE00' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Neuer Name', brandColor: '#ffee00' });
    const css = await (await t.agent().request('/brand.css')).text();
    expect(css).toContain('--on-brand:#000000');
    expect(css).not.toContain('--brand-text:#ffee00');
    const bad = await owner.json('/api/community', { method: 'PATCH', json: { brandColor: 'red' } });
    expect(bad.status).toBe(400);
  });
});

describe('cookies behind HTTPS', () => {
  it('marks the session cookie Secure when the public URL is https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://community.example.org' });
    try {
      const a = https.agent();
      const res = await a.request('/api/setup', {
        method: 'POST',
        headers: { Origin: 'https://community.example.org' },
        json: { communityName: 'Sicher', name: 'Olga', email: 'olga@example.org', password: 'owner-password-1', locale: 'de' },
      });
      expect(res.status).toBe(201);
      const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='))!;
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie.startsWith('__Secure-')).toBe(true);
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await https.close();
    }
  });
});
