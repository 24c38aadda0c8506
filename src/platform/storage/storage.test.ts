import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, startS3Server } from '../../../tests/helpers/s3-server.ts';
import { createLocalStorage, createS3Storage, createStorage, type Storage } from './storage.ts';

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
}

/** The one contract every storage backend must keep. */
function contract(name: string, make: () => Storage) {
  describe(`${name} storage`, () => {
    let s: Storage;
    beforeAll(() => {
      s = make();
    });

    it('returns what was put, and null for a missing key', async () => {
      const body = Buffer.from([0, 1, 2, 255, 10, 13]);
      await s.put('avatar/a.webp', body, 'image/webp');
      const got = await s.get('avatar/a.webp');
      expect(got?.body.equals(body)).toBe(true);
      expect(await s.get('avatar/missing.webp')).toBeNull();
    });

    it('overwrites an existing key', async () => {
      await s.put('doc/x.pdf', Buffer.from('one'), 'application/pdf');
      await s.put('doc/x.pdf', Buffer.from('two'), 'application/pdf');
      expect((await s.get('doc/x.pdf'))?.body.toString()).toBe('two');
    });

    it('deletes, and deleting a missing key is fine', async () => {
      await s.put('tmp/gone.bin', Buffer.from('x'), 'application/octet-stream');
      await s.delete('tmp/gone.bin');
      expect(await s.get('tmp/gone.bin')).toBeNull();
      await s.delete('tmp/gone.bin');
    });

    it('lists keys by prefix', async () => {
      await s.put('list/one/a.bin', Buffer.from('a'), 'application/octet-stream');
      await s.put('list/one/b.bin', Buffer.from('b'), 'application/octet-stream');
      await s.put('list/two/c.bin', Buffer.from('c'), 'application/octet-stream');
      expect(await collect(s.list('list/one/'))).toEqual(['list/one/a.bin', 'list/one/b.bin']);
      expect(await collect(s.list('list/'))).toHaveLength(3);
      expect(await collect(s.list('nothing-here/'))).toEqual([]);
    });

    it('refuses keys that could escape its root', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a/../../b', 'a//b', '', 'a\\b', '.hidden/x', 'a/.']) {
        await expect(s.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(/Unsafe storage key/);
        await expect(s.get(key), key).rejects.toThrow(/Unsafe storage key/);
      }
    });
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-local-'));
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

contract('local', () => createLocalStorage(path.join(tmp, 'uploads')));
contract('S3', () =>
  createS3Storage({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
  }),
);

describe('local storage on disk', () => {
  it('keeps files under its directory and leaves no temp files behind', async () => {
    const dir = path.join(tmp, 'disk');
    const s = createLocalStorage(dir);
    await s.put('p/q.bin', Buffer.from('data'), 'application/octet-stream');
    expect(fs.readFileSync(path.join(dir, 'p', 'q.bin'), 'utf8')).toBe('data');
    expect(fs.readdirSync(path.join(dir, 'p'))).toEqual(['q.bin']);
  });

  it('createStorage picks local disk without S3_BUCKET, S3 with it', async () => {
    const base = { dataDir: path.join(tmp, 'data'), S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true };
    const local = createStorage(base);
    await local.put('k/v.bin', Buffer.from('l'), 'application/octet-stream');
    expect(fs.existsSync(path.join(tmp, 'data', 'uploads', 'k', 'v.bin'))).toBe(true);
    const remote = createStorage({
      ...base,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    await remote.put('k/remote.bin', Buffer.from('r'), 'application/octet-stream');
    expect((await remote.get('k/remote.bin'))?.body.toString()).toBe('r');
    expect(fs.existsSync(path.join(tmp, 'data', 'uploads', 'k', 'remote.bin'))).toBe(false);
  });
});
