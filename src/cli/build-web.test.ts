import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webBuildIsStale } from './build-web.ts';

// `npm start` decides whether to build by looking where the server will read the app from.
describe('webBuildIsStale', () => {
  const before = process.env.TREFFPUNKT_WEB_DIST;
  afterEach(() => {
    if (before === undefined) delete process.env.TREFFPUNKT_WEB_DIST;
    else process.env.TREFFPUNKT_WEB_DIST = before;
  });

  it('looks at TREFFPUNKT_WEB_DIST when it is set: missing is stale, newer than every source is not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-web-dist-'));
    process.env.TREFFPUNKT_WEB_DIST = dir;
    expect(webBuildIsStale()).toBe(true);
    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, '<!doctype html>');
    const future = new Date(Date.now() + 86_400_000);
    fs.utimesSync(index, future, future);
    expect(webBuildIsStale()).toBe(false);
    // Older than the sources: stale again.
    fs.utimesSync(index, new Date(0), new Date(0));
    expect(webBuildIsStale()).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
