/**
 * Page weight and Largest Contentful Paint of a page of the SPA as a signed-in member sees it, in
 * Debian's Chromium through Playwright (the launch options of playwright.config.ts). Each run uses a
 * fresh browser context (empty cache), sets the session cookie, opens the page and waits until the
 * feed is rendered (a `post-card`), then until the network is quiet. Bytes are what came over the wire
 * (compressed), from Chromium's DevTools protocol (`Network.loadingFinished.encodedDataLength`,
 * headers included) and from Resource Timing (`encodedBodySize`, the compressed body alone, which is
 * what scripts/bundle-budget.ts estimates with gzip -9).
 *
 *   npx node bench/browser.ts --base=http://localhost:4301 --email=julia.weber@example.org --password=demo-passwort-2026 [--path=/] [--runs=5] [--screenshot=.tmp/br-home.png]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, devices } from '@playwright/test';

/** The launch options of playwright.config.ts. */
const LAUNCH = {
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
};

export interface PageFile {
  url: string;
  /** CDP resource type: Document, Script, Stylesheet, Fetch, Image, Font, … */
  type: string;
  /** Bytes on the wire including response headers (CDP encodedDataLength). */
  wireBytes: number;
  /** The compressed body alone (Resource Timing encodedBodySize; 0 when unknown). */
  bodyBytes: number;
  /** The body after decompression (Resource Timing decodedBodySize). */
  decodedBytes: number;
  /** Content-Encoding of the response ('' for none). */
  encoding: string;
  status: number;
  /** Finished before the first post card was in the DOM (needed to render the feed). */
  beforeFeed: boolean;
  /** ms after navigation start when the request started / the response had been received completely. */
  startMs: number;
  endMs: number;
}

export interface PageRun {
  /** Compressed bodies (encodedBodySize) of every JS / CSS file the page loaded. */
  jsBytes: number;
  cssBytes: number;
  /** The same, only files that finished before the first post card appeared. */
  jsBytesBeforeFeed: number;
  cssBytesBeforeFeed: number;
  /** Everything on the wire, headers included (document, JS, CSS, API, images, fonts). */
  totalWireBytes: number;
  requests: number;
  jsRequests: number;
  cssRequests: number;
  /** Largest Contentful Paint (ms after navigation start) and what it was. */
  lcpMs: number | null;
  lcpElement: string | null;
  /** First post card in the DOM (ms after navigation start). */
  feedMs: number | null;
  domContentLoadedMs: number;
  loadMs: number;
  /** Main-thread tasks over 50 ms before the feed appeared: [start ms, duration ms]; and their sum. */
  longTasks: Array<[number, number]>;
  longTasksBeforeFeedMs: number;
  files: PageFile[];
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

export interface PageResult {
  url: string;
  runs: PageRun[];
  jsKb: Stats;
  cssKb: Stats;
  /** JS + CSS of the page, compressed (the issue's "initial JS + CSS for the home feed ≤ 150 KB gzipped"). */
  jsCssKb: Stats;
  jsCssBeforeFeedKb: Stats;
  requests: Stats;
  lcpMs: Stats | null;
  feedMs: Stats | null;
  longTasksBeforeFeedMs: Stats;
  /** The JS and CSS files of the run with the most JS + CSS, largest first. */
  biggestRunFiles: Array<{ url: string; kb: number; encoding: string; beforeFeed: boolean }>;
}

export interface PageOptions {
  baseUrl: string;
  /** The session cookie(s) as a Cookie header: 'name=value; name2=value2'. */
  cookie?: string;
  /** The page, e.g. '/'. */
  path: string;
  runs: number;
  /** CSS selector that shows the page is rendered (default: a post card). */
  readySelector?: string;
  /** Saves a screenshot of the last run here. */
  screenshot?: string;
  /**
   * The Accept-Encoding the browser sends; default: Chromium's own (which includes br on localhost, so
   * the server sends its .br files). 'gzip, deflate' measures what the issue's "gzipped" budget means.
   */
  acceptEncoding?: string;
  /** Quiet time after load before LCP is read (default 500 ms). */
  settleMs?: number;
  log?: (line: string) => void;
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median: Math.round(median * 10) / 10, max: s[s.length - 1]! };
}

function isJs(f: PageFile) {
  return f.type === 'Script' || /\.m?js(\?|$)/.test(new URL(f.url).pathname);
}
function isCss(f: PageFile) {
  return f.type === 'Stylesheet' || /\.css(\?|$)/.test(new URL(f.url).pathname);
}

export async function measurePage(opts: PageOptions): Promise<PageResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[browser] ${l}\n`));
  const url = new URL(opts.path, opts.baseUrl).toString();
  const ready = opts.readySelector ?? '[data-testid="post-card"]';
  const settleMs = opts.settleMs ?? 500;
  const browser = await chromium.launch(LAUNCH);
  const runs: PageRun[] = [];
  try {
    for (let i = 0; i < opts.runs; i++) {
      const context = await browser.newContext({
        ...devices['Desktop Chrome'],
        locale: 'de-DE',
        ...(opts.acceptEncoding ? { extraHTTPHeaders: { 'Accept-Encoding': opts.acceptEncoding } } : {}),
      });
      try {
        if (opts.cookie) {
          await context.addCookies(
            opts.cookie
              .split(';')
              .map((c) => c.trim())
              .filter(Boolean)
              .map((c) => {
                const eq = c.indexOf('=');
                return { name: c.slice(0, eq), value: c.slice(eq + 1), url: opts.baseUrl };
              }),
          );
        }
        // When the first element the page is waiting for enters the DOM (ms after navigation start).
        await context.addInitScript((sel: string) => {
          const w = window as unknown as { __readyAt?: number };
          const check = () => {
            if (w.__readyAt === undefined && document.querySelector(sel)) {
              w.__readyAt = performance.now();
              mo.disconnect();
            }
          };
          const mo = new MutationObserver(check);
          mo.observe(document, { childList: true, subtree: true });
          // Main-thread tasks over 50 ms (script evaluation, rendering): where the time before the feed goes.
          const tasks: Array<[number, number]> = [];
          (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
          try {
            new PerformanceObserver((l) => {
              for (const e of l.getEntries()) tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
            }).observe({ type: 'longtask', buffered: true });
          } catch {
            // not supported
          }
        }, ready);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const byId = new Map<
          string,
          { url: string; type: string; status: number; encoding: string; wire: number; done: boolean }
        >();
        cdp.on('Network.requestWillBeSent', (e) => {
          // Redirects reuse the request id; the last hop counts.
          byId.set(e.requestId, {
            url: e.request.url,
            type: e.type ?? 'Other',
            status: 0,
            encoding: '',
            wire: 0,
            done: false,
          });
        });
        cdp.on('Network.responseReceived', (e) => {
          const r = byId.get(e.requestId);
          if (!r) return;
          r.status = e.response.status;
          r.type = e.type;
          const h = Object.fromEntries(
            Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
          );
          r.encoding = String(h['content-encoding'] ?? '');
        });
        cdp.on('Network.loadingFinished', (e) => {
          const r = byId.get(e.requestId);
          if (!r) return;
          r.wire = e.encodedDataLength;
          r.done = true;
        });

        const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
        if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
        try {
          await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
        } catch (e) {
          const shot = path.resolve('.tmp', 'br-failed.png');
          await page.screenshot({ path: shot, fullPage: false }).catch(() => {});
          throw new Error(
            `${ready} did not appear on ${page.url()} (signed in? screenshot ${shot}): ${(e as Error).message}`,
          );
        }
        await page.waitForLoadState('load');
        await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
        await page.waitForTimeout(settleMs);

        const measured = await page.evaluate(async () => {
          const describe = (el: Element | null) => {
            if (!el) return null;
            const id = el.id ? `#${el.id}` : '';
            const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
            const text = (el.textContent ?? '').trim().slice(0, 60);
            return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ''}`;
          };
          const lcp = await new Promise<{ t: number; el: string | null } | null>((resolve) => {
            let last:
              | (PerformanceEntry & { element?: Element | null; renderTime?: number; loadTime?: number })
              | null = null;
            const po = new PerformanceObserver((list) => {
              for (const e of list.getEntries()) last = e;
            });
            po.observe({ type: 'largest-contentful-paint', buffered: true });
            setTimeout(() => {
              po.disconnect();
              resolve(last ? { t: last.startTime, el: describe(last.element ?? null) } : null);
            }, 100);
          });
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
            (r) => ({
              url: r.name,
              body: r.encodedBodySize,
              decoded: r.decodedBodySize,
              start: r.startTime,
              end: r.responseEnd,
            }),
          );
          resources.push({
            url: nav.name,
            body: nav.encodedBodySize,
            decoded: nav.decodedBodySize,
            start: nav.startTime,
            end: nav.responseEnd,
          });
          return {
            lcp,
            feedAt: (window as unknown as { __readyAt?: number }).__readyAt ?? null,
            longTasks: (window as unknown as { __longTasks?: Array<[number, number]> }).__longTasks ?? [],
            dcl: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            resources,
          };
        });
        if (opts.screenshot && i === opts.runs - 1) {
          await page.screenshot({ path: opts.screenshot });
          log(`screenshot: ${opts.screenshot}`);
        }
        const timing = new Map(measured.resources.map((r) => [r.url, r]));
        const files: PageFile[] = [];
        for (const r of byId.values()) {
          if (r.url.startsWith('data:') || r.type === 'WebSocket') continue;
          const rt = timing.get(r.url);
          files.push({
            url: r.url,
            type: r.type,
            wireBytes: r.wire,
            bodyBytes: rt?.body ?? 0,
            decodedBytes: rt?.decoded ?? 0,
            encoding: r.encoding,
            status: r.status,
            startMs: Math.round(rt?.start ?? 0),
            endMs: Math.round(rt?.end ?? 0),
            beforeFeed: measured.feedAt !== null && rt !== undefined && rt.end <= measured.feedAt,
          });
        }
        // The body size on the wire: Resource Timing's, or the CDP total minus a typical header block when missing.
        const body = (f: PageFile) => f.bodyBytes || f.wireBytes;
        const js = files.filter(isJs);
        const css = files.filter(isCss);
        const sum = (fs: PageFile[]) => fs.reduce((a, f) => a + body(f), 0);
        const run: PageRun = {
          jsBytes: sum(js),
          cssBytes: sum(css),
          jsBytesBeforeFeed: sum(js.filter((f) => f.beforeFeed)),
          cssBytesBeforeFeed: sum(css.filter((f) => f.beforeFeed)),
          totalWireBytes: files.reduce((a, f) => a + f.wireBytes, 0),
          requests: files.length,
          jsRequests: js.length,
          cssRequests: css.length,
          lcpMs: measured.lcp ? Math.round(measured.lcp.t) : null,
          lcpElement: measured.lcp?.el ?? null,
          feedMs: measured.feedAt === null ? null : Math.round(measured.feedAt),
          domContentLoadedMs: Math.round(measured.dcl),
          loadMs: Math.round(measured.load),
          longTasks: measured.longTasks,
          longTasksBeforeFeedMs: measured.longTasks
            .filter(([t]) => measured.feedAt === null || t < measured.feedAt)
            .reduce((a, [, d]) => a + d, 0),
          files,
        };
        runs.push(run);
        log(
          `run ${i + 1}: JS ${kb(run.jsBytes)} KB (${run.jsRequests} files), CSS ${kb(run.cssBytes)} KB (${run.cssRequests}), ${run.requests} requests, ${kb(run.totalWireBytes)} KB on the wire; feed at ${run.feedMs} ms, LCP ${run.lcpMs} ms (${run.lcpElement})`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const biggest = runs.reduce((a, b) => (b.jsBytes + b.cssBytes > a.jsBytes + a.cssBytes ? b : a), runs[0]!);
  const lcps = runs.map((r) => r.lcpMs).filter((x): x is number => x !== null);
  const feeds = runs.map((r) => r.feedMs).filter((x): x is number => x !== null);
  return {
    url,
    runs,
    jsKb: stats(runs.map((r) => kb(r.jsBytes))),
    cssKb: stats(runs.map((r) => kb(r.cssBytes))),
    jsCssKb: stats(runs.map((r) => kb(r.jsBytes + r.cssBytes))),
    jsCssBeforeFeedKb: stats(runs.map((r) => kb(r.jsBytesBeforeFeed + r.cssBytesBeforeFeed))),
    requests: stats(runs.map((r) => r.requests)),
    lcpMs: lcps.length ? stats(lcps) : null,
    feedMs: feeds.length ? stats(feeds) : null,
    longTasksBeforeFeedMs: stats(runs.map((r) => r.longTasksBeforeFeedMs)),
    biggestRunFiles: biggest.files
      .filter((f) => isJs(f) || isCss(f))
      .sort((a, b) => (b.bodyBytes || b.wireBytes) - (a.bodyBytes || a.wireBytes))
      .map((f) => ({
        url: new URL(f.url).pathname,
        kb: kb(f.bodyBytes || f.wireBytes),
        encoding: f.encoding,
        beforeFeed: f.beforeFeed,
      })),
  };
}

/** Signs in through the API as the SPA does; returns the session cookie(s) as a Cookie header. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const origin = new URL(baseUrl).origin;
  const res = await fetch(new URL('/api/auth/sign-in/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      base: { type: 'string', default: 'http://localhost:4301' },
      email: { type: 'string' },
      password: { type: 'string' },
      cookie: { type: 'string' },
      path: { type: 'string', default: '/' },
      runs: { type: 'string', default: '5' },
      screenshot: { type: 'string' },
      /** e.g. 'gzip, deflate' to measure gzip instead of Chromium's br. */
      'accept-encoding': { type: 'string' },
      /** Also print every request of the last run with its timing. */
      waterfall: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const cookie =
    values.cookie ??
    (values.email && values.password
      ? await signInCookie(values.base, values.email, values.password)
      : undefined);
  const r = await measurePage({
    baseUrl: values.base,
    cookie,
    path: values.path,
    runs: Number(values.runs),
    screenshot: values.screenshot,
    acceptEncoding: values['accept-encoding'],
  });
  if (values.json)
    console.log(JSON.stringify({ ...r, runs: r.runs.map(({ files: _, ...rest }) => rest) }, null, 2));
  else {
    const s = (x: Stats | null, unit: string) =>
      x ? `min ${x.min}  median ${x.median}  max ${x.max} ${unit}` : 'n/a';
    console.log(`${r.url}, ${r.runs.length} runs, cold cache each`);
    console.log(`  JS         ${s(r.jsKb, 'KB')}`);
    console.log(`  CSS        ${s(r.cssKb, 'KB')}`);
    console.log(`  JS + CSS   ${s(r.jsCssKb, 'KB')}  (budget 150 KB)`);
    console.log(`  … of it before the feed was rendered: ${s(r.jsCssBeforeFeedKb, 'KB')}`);
    console.log(`  requests   ${s(r.requests, '')}`);
    console.log(`  feed shown ${s(r.feedMs, 'ms')}`);
    console.log(`  LCP        ${s(r.lcpMs, 'ms')}  (budget 1000 ms)`);
    console.log(`  long tasks before the feed ${s(r.longTasksBeforeFeedMs, 'ms')}`);
    console.log('  JS/CSS of the biggest run:');
    for (const f of r.biggestRunFiles)
      console.log(
        `    ${String(f.kb).padStart(7)} KB  ${f.encoding.padEnd(4)} ${f.beforeFeed ? 'before feed' : 'after feed '}  ${f.url}`,
      );
    if (values.waterfall) {
      const last = r.runs[r.runs.length - 1]!;
      console.log(
        `  last run: DOMContentLoaded ${last.domContentLoadedMs} ms, feed ${last.feedMs} ms, LCP ${last.lcpMs} ms, load ${last.loadMs} ms`,
      );
      console.log(
        `  long tasks (start+duration ms): ${last.longTasks.map(([t, d]) => `${t}+${d}`).join(', ') || 'none'}`,
      );
      for (const f of [...last.files].sort((a, b) => a.startMs - b.startMs)) {
        const u = new URL(f.url);
        console.log(
          `    ${String(f.startMs).padStart(5)}–${String(f.endMs).padEnd(5)} ms ${f.type.padEnd(10)} ${String(kb(f.bodyBytes || f.wireBytes)).padStart(6)} KB  ${f.status}  ${u.pathname}${u.search}`,
        );
      }
    }
  }
}
