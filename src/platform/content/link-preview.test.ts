import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLinkPreviewer } from './link-preview.ts';
import type { HostResolver } from './network-guard.ts';

const OG_PAGE = `<!doctype html><html><head>
<meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="Gärten &amp; Wege">
<meta property="og:description" content='Ein "Fund" &#8211; mit <b>Markup</b>'>
<meta property="og:site_name" content="Beispiel">
<meta property="og:image" content="https://cdn.example.org/bild.jpg">
</head><body><p>Inhalt</p></body></html>`;

let server: http.Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    const html = (body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (path === '/og') return html(OG_PAGE);
    if (path === '/title')
      return html('<html><head><title> Nur &lt;ein&gt;\n  Titel </title></head><body></body></html>');
    if (path === '/latin1') {
      res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
      return res.end(Buffer.from('<html><head><title>K\u00e4se</title></head></html>', 'latin1'));
    }
    if (path === '/empty') return html('<html><head></head><body>nichts</body></html>');
    if (path === '/json') return html('{"title":"no"}', 'application/json');
    if (path === '/missing') {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<title>Not found</title>');
    }
    if (path === '/hang') return; // never answers
    if (path === '/forever' || path === '/forever-after-head') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write(path === '/forever' ? '<html><head>' : '<html><head><title>Früh</title></head>');
      const timer = setInterval(() => res.write(`<meta name="x" content="${'y'.repeat(4000)}">`), 1);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const redirect = /^\/r\/(\d+)$/.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n === 0 ? '/og' : `/r/${n - 1}` });
      return res.end();
    }
    if (path === '/to-loopback') {
      res.writeHead(301, { location: 'http://127.0.0.1/admin' });
      return res.end();
    }
    if (path === '/to-intranet') {
      res.writeHead(307, { location: 'http://intranet.test/' });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  hits.length = 0;
});

const local = createLinkPreviewer({ allowPrivateNetworks: true, timeoutMs: 2000 });

describe('link previews from a real server', () => {
  it('reads Open Graph tags as plain text', async () => {
    expect(await local.preview(`${base}/og`)).toEqual({
      url: `${base}/og`,
      title: 'Gärten & Wege',
      description: 'Ein "Fund" – mit Markup',
      siteName: 'Beispiel',
      imageUrl: 'https://cdn.example.org/bild.jpg',
    });
  });

  it('falls back to <title>', async () => {
    const p = await local.preview(`${base}/title`);
    expect(p).toMatchObject({ title: 'Nur <ein> Titel', description: null, siteName: null, imageUrl: null });
  });

  it('decodes the charset the server declares', async () => {
    expect((await local.preview(`${base}/latin1`))?.title).toBe('Käse');
  });

  it('gives null for pages without anything to show, non-HTML and bad statuses', async () => {
    expect(await local.preview(`${base}/empty`)).toBeNull();
    expect(await local.preview(`${base}/json`)).toBeNull();
    expect(await local.preview(`${base}/missing`)).toBeNull();
    expect(await local.preview('not a url')).toBeNull();
    expect(await local.preview('ftp://example.org/')).toBeNull();
  });

  it('gives up when the server never answers', async () => {
    const previewer = createLinkPreviewer({ allowPrivateNetworks: true, timeoutMs: 200 });
    const started = Date.now();
    expect(await previewer.preview(`${base}/hang`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops reading a body that grows past maxBytes before the head ends', async () => {
    const previewer = createLinkPreviewer({
      allowPrivateNetworks: true,
      maxBytes: 64 * 1024,
      timeoutMs: 5000,
    });
    const started = Date.now();
    expect(await previewer.preview(`${base}/forever`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading once the head has ended, even if the body never does', async () => {
    const previewer = createLinkPreviewer({
      allowPrivateNetworks: true,
      maxBytes: 64 * 1024,
      timeoutMs: 5000,
    });
    expect((await previewer.preview(`${base}/forever-after-head`))?.title).toBe('Früh');
  });

  it('follows up to three redirects and reports the final URL', async () => {
    expect(await local.preview(`${base}/r/2`)).toMatchObject({ url: `${base}/og`, title: 'Gärten & Wege' });
    expect(hits).toEqual(['/r/2', '/r/1', '/r/0', '/og']);
  });

  it('refuses a fourth redirect', async () => {
    expect(await local.preview(`${base}/r/3`)).toBeNull();
    expect(hits).toEqual(['/r/3', '/r/2', '/r/1', '/r/0']);
  });

  it('works through an injected fetch too', async () => {
    const previewer = createLinkPreviewer({ allowPrivateNetworks: true, fetch: globalThis.fetch });
    expect((await previewer.preview(`${base}/r/1`))?.title).toBe('Gärten & Wege');
  });
});

describe('SSRF protection', () => {
  function counting() {
    const calls: string[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  }
  const reasons: string[] = [];
  const logger = { debug: (obj: { reason: string }) => reasons.push(obj.reason) } as never;

  beforeEach(() => {
    reasons.length = 0;
  });

  it('refuses loopback, localhost and odd spellings of them without sending a request', async () => {
    const { calls, fetch } = counting();
    const previewer = createLinkPreviewer({ fetch, logger });
    for (const url of [
      `${base}/og`,
      'http://127.0.0.1/og',
      'http://localhost/og',
      'http://LOCALHOST./og',
      'http://app.localhost/og',
      'http://[::1]/og',
      'http://[::ffff:127.0.0.1]/og',
      'http://2130706433/og',
      'http://0x7f.1/og',
      'http://0.0.0.0/og',
      'http://169.254.169.254/latest/meta-data/',
      'http://user:pw@example.org/',
    ]) {
      expect(await previewer.preview(url), url).toBeNull();
    }
    expect(calls).toEqual([]);
    expect(hits).toEqual([]);
    expect(reasons).toHaveLength(12);
  });

  it('refuses host names that resolve to a private address, even one among public ones', async () => {
    const { calls, fetch } = counting();
    const resolve: HostResolver = async (host) =>
      host === 'mixed.test'
        ? [
            { address: '93.184.216.34', family: 4 },
            { address: '10.1.2.3', family: 4 },
          ]
        : [{ address: 'fd00::1', family: 6 }];
    const previewer = createLinkPreviewer({ fetch, resolve, logger });
    expect(await previewer.preview('http://mixed.test/')).toBeNull();
    expect(await previewer.preview('https://ula.test/')).toBeNull();
    expect(calls).toEqual([]);
    expect(reasons).toEqual([
      'host resolves to a non-public address',
      'host resolves to a non-public address',
    ]);
  });

  it('checks every redirect hop again', async () => {
    // public.test "is" a public host; the request itself is routed to the local server.
    const calls: string[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(String(input));
      return globalThis.fetch(String(input).replace('http://public.test', base), init);
    }) as typeof globalThis.fetch;
    const resolve: HostResolver = async (host) => [
      { address: host === 'public.test' ? '93.184.216.34' : '192.168.1.1', family: 4 },
    ];
    const previewer = createLinkPreviewer({ fetch, resolve, logger });
    expect(await previewer.preview('http://public.test/to-loopback')).toBeNull();
    expect(await previewer.preview('http://public.test/to-intranet')).toBeNull();
    expect(calls).toEqual(['http://public.test/to-loopback', 'http://public.test/to-intranet']);
    expect(reasons).toEqual(['address not public', 'host resolves to a non-public address']);
  });

  it('checks the address again at connect time (DNS rebinding)', async () => {
    let lookups = 0;
    const resolve: HostResolver = async () => {
      lookups++;
      return [{ address: lookups === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    };
    const previewer = createLinkPreviewer({ resolve, logger, timeoutMs: 2000 });
    expect(await previewer.preview('http://rebind.test/')).toBeNull();
    expect(lookups).toBe(2);
    expect(reasons).toEqual(['host resolves to a non-public address']);
  });
});
