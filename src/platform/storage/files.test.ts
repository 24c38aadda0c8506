import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { OpenAPIHono } from '@hono/zod-openapi';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { type S3Server, startS3Server } from '../../../tests/helpers/s3-server.ts';
import { AppError, renderError, zodDetails } from '../http/errors.ts';
import type { AppEnv } from '../http/types.ts';
import { createLogger } from '../logger.ts';
import { createFileService, type FileService } from './files.ts';
import { filesModule } from './route.ts';
import { createLocalStorage, createS3Storage, type Storage } from './storage.ts';

const logger = createLogger('silent');
let tdb: TestDatabase;
let s3: S3Server;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-files-'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  await tdb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A zip with stored (uncompressed) entries: enough for office formats' magic-byte detection. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const odt = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', '<?xml version="1.0"?><office:document-content/>'],
]);
const docx = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ['word/document.xml', '<w:document/>'],
]);

async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 60, height: 30, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SecretCam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 31/1 12/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '13/1 24/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function transparentPng(): Promise<Buffer> {
  return sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .png()
    .toBuffer();
}

async function keys(storage: Storage): Promise<string[]> {
  const out: string[] = [];
  for await (const k of storage.list()) out.push(k);
  return out;
}

const backends: [string, () => Storage][] = [
  ['local', () => createLocalStorage(path.join(tmp, `uploads-${Math.random().toString(36).slice(2)}`))],
  [
    'S3',
    () =>
      createS3Storage({
        endpoint: s3.endpoint,
        region: s3.region,
        bucket: s3.bucket,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
      }),
  ],
];

describe.each(backends)('file service on %s storage', (_name, makeStorage) => {
  let storage: Storage;
  let files: FileService;
  beforeAll(() => {
    storage = makeStorage();
    files = createFileService({ db: tdb.db, storage, maxBytes: 200_000, logger });
  });

  it('strips EXIF and GPS from a JPEG and applies its orientation', async () => {
    const input = await jpegWithGps();
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // GPS IFD pointer (tag 0x8825)
    expect(before.orientation).toBe(6);
    const rec = await files.store({
      data: input,
      originalName: 'holiday.jpg',
      ownerId: null,
      purpose: 'test',
      kind: 'image',
    });
    expect(rec).toMatchObject({
      contentType: 'image/webp',
      width: 30,
      height: 60,
      url: `/api/files/${rec.id}`,
    });
    const stored = await files.read(rec.id);
    const after = await sharp(stored!.body).metadata();
    expect(after.format).toBe('webp');
    expect(after.exif).toBeUndefined();
    expect(stored!.body.includes(Buffer.from('SecretCam'))).toBe(false);
  });

  it('treats a PNG named .pdf as an image and keeps its transparency', async () => {
    const rec = await files.store({
      data: await transparentPng(),
      originalName: 'invoice.pdf',
      ownerId: null,
      purpose: 'test',
      kind: 'image',
    });
    expect(rec.contentType).toBe('image/webp');
    expect(rec.downloadName).toBe('invoice.webp');
    const meta = await sharp((await files.read(rec.id))!.body).metadata();
    expect(meta.hasAlpha).toBe(true);
    await expect(
      files.store({
        data: await transparentPng(),
        originalName: 'invoice.pdf',
        ownerId: null,
        purpose: 'test',
        kind: 'document',
      }),
    ).rejects.toMatchObject({ code: 'unsupported_media_type', status: 415 });
  });

  it('resizes images to fit the asked box', async () => {
    const big = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#abcdef' } })
      .png()
      .toBuffer();
    const rec = await files.store({
      data: big,
      ownerId: null,
      purpose: 'avatar',
      kind: 'image',
      image: { maxWidth: 100, maxHeight: 100 },
    });
    expect([rec.width, rec.height]).toEqual([100, 50]);
  });

  it('refuses HTML, SVG with a script and an HTML/GIF polyglot', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const polyglot = Buffer.from('GIF89a/*<html><script>alert(1)</script></html>*/');
    for (const data of [html, svg, polyglot]) {
      for (const kind of ['image', 'document'] as const) {
        await expect(files.store({ data, ownerId: null, purpose: 'test', kind })).rejects.toMatchObject({
          code: 'unsupported_media_type',
        });
      }
    }
  });

  it('drops a script hidden after a real PNG by re-encoding it', async () => {
    const data = Buffer.concat([await transparentPng(), Buffer.from('<script>alert(1)</script>')]);
    const rec = await files.store({ data, ownerId: null, purpose: 'test', kind: 'image' });
    expect((await files.read(rec.id))!.body.includes(Buffer.from('<script>'))).toBe(false);
  });

  it('accepts PDF and office documents as they are, refuses a plain zip', async () => {
    const p = await files.store({
      data: pdf,
      originalName: 'Protokoll.pdf',
      ownerId: null,
      purpose: 'library',
      kind: 'document',
    });
    expect(p.contentType).toBe('application/pdf');
    expect((await files.read(p.id))!.body.equals(pdf)).toBe(true);
    const o = await files.store({ data: odt, ownerId: null, purpose: 'library', kind: 'document' });
    expect(o.contentType).toBe('application/vnd.oasis.opendocument.text');
    const d = await files.store({
      data: docx,
      originalName: 'brief.docx',
      ownerId: null,
      purpose: 'library',
      kind: 'document',
    });
    expect(d.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const plain = zip([['readme.txt', 'hello']]);
    await expect(
      files.store({ data: plain, ownerId: null, purpose: 'library', kind: 'document' }),
    ).rejects.toMatchObject({
      code: 'unsupported_media_type',
    });
  });

  it('refuses an oversized file with the limit in the details', async () => {
    const data = Buffer.concat([pdf, Buffer.alloc(300_000)]);
    await expect(
      files.store({ data, ownerId: null, purpose: 'library', kind: 'document' }),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
      status: 413,
      details: { maxBytes: 200_000 },
    });
    await expect(
      files.store({ data: pdf, ownerId: null, purpose: 'library', kind: 'document', maxBytes: 10 }),
    ).rejects.toMatchObject({ code: 'payload_too_large', details: { maxBytes: 10 } });
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const guarded = createFileService({
      db: tdb.db,
      storage,
      maxBytes: 200_000,
      logger,
      maxInputPixels: 1_000_000,
    });
    const bomb = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#000000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(200_000);
    await expect(
      guarded.store({ data: bomb, ownerId: null, purpose: 'test', kind: 'image' }),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
    });
  });

  it('leaves no orphan object when the database insert fails', async () => {
    const before = await keys(storage);
    await expect(
      files.store({ data: pdf, ownerId: 'no-such-user', purpose: 'orphans', kind: 'document' }),
    ).rejects.toThrow(/foreign key/);
    expect(await keys(storage)).toEqual(before);
  });

  it('removes the record and the object', async () => {
    const rec = await files.store({ data: pdf, ownerId: null, purpose: 'gone', kind: 'document' });
    expect((await keys(storage)).some((k) => k.startsWith('gone/'))).toBe(true);
    await files.remove(rec.id);
    expect(await files.get(rec.id)).toBeNull();
    expect((await keys(storage)).some((k) => k.startsWith('gone/'))).toBe(false);
    await files.remove(rec.id);
    expect(await files.get('not-a-uuid')).toBeNull();
  });
});

describe('GET /api/files/{id}', () => {
  let files: FileService;
  let app: OpenAPIHono<AppEnv>;
  const hidden = new Set<string>();

  beforeAll(() => {
    files = createFileService({
      db: tdb.db,
      storage: createLocalStorage(path.join(tmp, 'served')),
      maxBytes: 200_000,
      logger,
    });
    // Mounted like createHttpApp does: same validation hook and error rendering.
    app = new OpenAPIHono<AppEnv>({
      defaultHook: (result) => {
        if (!result.success)
          throw new AppError('validation_failed', 'Some fields are not valid.', zodDetails(result.error));
      },
    });
    app.onError((err, c) => renderError(err, c, logger));
    app.use(async (c, next) => {
      c.set('actor', null);
      c.set('requestId', 'test');
      await next();
    });
    filesModule(files, { canRead: async (_actor, file) => !hidden.has(file.id) }).api!(app);
  });

  it('serves an image inline with the protective headers, and 304 for a matching ETag', async () => {
    const rec = await files.store({
      data: await transparentPng(),
      ownerId: null,
      purpose: 'test',
      kind: 'image',
    });
    const res = await app.request(rec.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/webp');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('Content-Disposition')).toBe('inline');
    expect(res.headers.get('Cache-Control')).toBe('private, max-age=3600');
    const etag = res.headers.get('ETag');
    expect(etag).toBeTruthy();
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals((await files.read(rec.id))!.body)).toBe(true);
    const again = await app.request(rec.url, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('serves a document as an attachment with an RFC 5987 file name', async () => {
    const rec = await files.store({
      data: pdf,
      originalName: 'Protokoll März "final".exe',
      ownerId: null,
      purpose: 'library',
      kind: 'document',
    });
    const res = await app.request(rec.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="Protokoll M_rz final.pdf"; filename*=UTF-8''Protokoll%20M%C3%A4rz%20final.pdf`,
    );
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
  });

  it('answers 400 for a malformed id and 404 for an unknown or unreadable one', async () => {
    expect((await app.request('/api/files/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
    expect((await app.request('/api/files/not-a-uuid')).status).toBe(400);
    expect((await app.request('/api/files/019a0000-0000-7000-8000-000000000000')).status).toBe(404);
    const rec = await files.store({ data: pdf, ownerId: null, purpose: 'library', kind: 'document' });
    hidden.add(rec.id);
    const res = await app.request(rec.url);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
