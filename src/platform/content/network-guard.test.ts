import { describe, expect, it } from 'vitest';
import { parsePageMeta } from './html-meta.ts';
import { assertFetchable, isLocalHostname, isPublicAddress } from './network-guard.ts';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    'not an ip',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '93.184.216.34',
    '1.1.1.1',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822',
  ])('allows %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe('host and URL checks', () => {
  it('treats localhost and local-only suffixes as local', () => {
    for (const name of [
      'localhost',
      'LocalHost.',
      'a.localhost',
      'printer.local',
      'db.internal',
      'nas.home.arpa',
    ]) {
      expect(isLocalHostname(name), name).toBe(true);
    }
    expect(isLocalHostname('localhost.example.org')).toBe(false);
  });

  it('refuses other ports and schemes unless private networks are allowed', async () => {
    const resolve = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(assertFetchable(new URL('http://example.org:8080/'), resolve, false)).rejects.toThrow(
      'port',
    );
    await expect(assertFetchable(new URL('file:///etc/passwd'), resolve, true)).rejects.toThrow('scheme');
    await expect(assertFetchable(new URL('https://example.org/'), resolve, false)).resolves.toBeUndefined();
    await expect(assertFetchable(new URL('http://127.0.0.1:8080/'), resolve, true)).resolves.toBeUndefined();
  });
});

describe('parsePageMeta', () => {
  it('reads only the head and ignores comments and scripts', () => {
    const meta = parsePageMeta(
      '<head><!-- <meta property="og:title" content="comment"> --><script>"<meta property=\'og:title\' content=\'script\'>"</script>' +
        '<META NAME=description CONTENT=unquoted></head><body><meta property="og:title" content="body"></body>',
    );
    expect(meta).toEqual({ title: null, description: 'unquoted', siteName: null, imageUrl: null });
  });

  it('trims values to sane lengths without splitting characters', () => {
    const meta = parsePageMeta(
      `<title>${'😀'.repeat(300)}</title><meta name="description" content="${'a '.repeat(400)}">`,
    );
    expect(Array.from(meta.title!)).toHaveLength(200);
    expect(meta.title!.endsWith('…')).toBe(true);
    expect(meta.description!.length).toBeLessThanOrEqual(500);
  });

  it('accepts only absolute http(s) images', () => {
    for (const [src, want] of [
      ['/relative.png', null],
      ['javascript:alert(1)', null],
      ['data:image/png;base64,AA', null],
      ['https://cdn.example.org/a.png?x=1&amp;y=2', 'https://cdn.example.org/a.png?x=1&y=2'],
    ] as const) {
      expect(parsePageMeta(`<meta property="og:image" content="${src}">`).imageUrl, src).toBe(want);
    }
  });

  it('strips markup and bidi controls from text', () => {
    expect(parsePageMeta('<title>a <script>x</script> &lt;b&gt; \u202Egnp.exe</title>').title).toBe(
      'a <b> gnp.exe',
    );
  });
});
