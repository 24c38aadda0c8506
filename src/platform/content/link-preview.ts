import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { Logger } from '../logger.ts';
import { declaredCharset, type PageMeta, parsePageMeta } from './html-meta.ts';
import {
  assertFetchable,
  guardedLookup,
  type HostResolver,
  RefusedTargetError,
  systemResolver,
} from './network-guard.ts';

/** A preview of a linked page; every field is plain text (escape it when rendering). */
export interface LinkPreview extends PageMeta {
  /** The page's URL after redirects. */
  url: string;
}

/** Settings of a link previewer. */
export interface LinkPreviewerOptions {
  /** A fetch to use instead of the built-in client; it only gets the up-front host check, not the connect-time one. */
  fetch?: typeof fetch;
  /** The whole preview (all hops and the body) must finish within this time. Default 3000. */
  timeoutMs?: number;
  /** The most body bytes read before `</head>` must have appeared. Default 512 KiB. */
  maxBytes?: number;
  /** Allow loopback, private and link-local hosts and any port (tests and development only). */
  allowPrivateNetworks?: boolean;
  /** Sent as User-Agent. */
  userAgent?: string;
  /** How host names are resolved (default: the system resolver, `dns.lookup` with `all`). */
  resolve?: HostResolver;
  /** Receives a debug line for every preview that failed. */
  logger?: Pick<Logger, 'debug'>;
}

/** Fetches previews of links server-side. */
export interface LinkPreviewer {
  /** The preview of a page, or null when it is unreachable, refused, not HTML, too big or too slow. */
  preview(url: string): Promise<LinkPreview | null>;
}

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

class PreviewFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewFailed';
  }
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A minimal fetch over node:http(s) whose DNS lookup refuses non-public addresses at connect time.
 * It never follows redirects; the caller checks every hop itself.
 */
function guardedFetch(resolve: HostResolver, allowPrivate: boolean): FetchLike {
  const lookup = guardedLookup(resolve, allowPrivate);
  return (url, init) =>
    new Promise<Response>((ok, fail) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(target, {
        method: 'GET',
        headers: init.headers as Record<string, string>,
        signal: init.signal ?? undefined,
        lookup,
        agent: false,
      });
      req.on('error', fail);
      req.on('response', (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, v);
        }
        const status = res.statusCode ?? 500;
        if (status < 200 || status > 599 || NULL_BODY_STATUSES.has(status)) {
          res.destroy();
          return ok(new Response(null, { status: status >= 200 && status <= 599 ? status : 502, headers }));
        }
        ok(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers }));
      });
      req.end();
    });
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, fail) => {
    if (signal.aborted) fail(signal.reason);
    signal.addEventListener('abort', () => fail(signal.reason), { once: true });
  });
}

const HEAD_END = ['</head', '<body'];

/** Reads the body until the head has ended or the stream ends; more than maxBytes before that fails. */
async function readHead(res: Response, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tail = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new PreviewFailed('body too large');
      chunks.push(value);
      // The markers are ASCII, so a latin1 view finds them in any ASCII-compatible charset.
      const text =
        tail + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1').toLowerCase();
      if (HEAD_END.some((m) => text.includes(m))) break;
      tail = text.slice(-8);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks);
}

function decodeBody(bytes: Uint8Array, contentType: string): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  const charset = fromHeader ?? declaredCharset(Buffer.from(bytes).toString('latin1')) ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Creates a previewer that fetches pages with SSRF protection, a deadline, a size cap and at most 3 redirects. */
export function createLinkPreviewer(opts: LinkPreviewerOptions = {}): LinkPreviewer {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const maxBytes = opts.maxBytes ?? 512 * 1024;
  const allowPrivate = opts.allowPrivateNetworks ?? false;
  const resolve = opts.resolve ?? systemResolver;
  const doFetch: FetchLike = opts.fetch ?? guardedFetch(resolve, allowPrivate);
  const headers = {
    'user-agent': opts.userAgent ?? 'Treffpunkt link preview',
    accept: 'text/html,application/xhtml+xml;q=0.9',
    'accept-encoding': 'identity',
  };

  async function run(rawUrl: string, signal: AbortSignal): Promise<LinkPreview | null> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new PreviewFailed('not a URL');
    }
    for (let hop = 0; ; hop++) {
      await assertFetchable(url, resolve, allowPrivate);
      const res = await doFetch(url.href, { headers, signal, redirect: 'manual' });
      if (REDIRECT_STATUSES.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        const location = res.headers.get('location');
        if (!location) throw new PreviewFailed('redirect without location');
        if (hop >= MAX_REDIRECTS) throw new PreviewFailed('too many redirects');
        url = new URL(location, url);
        continue;
      }
      if (res.status < 200 || res.status > 299) {
        await res.body?.cancel().catch(() => {});
        throw new PreviewFailed(`status ${res.status}`);
      }
      const contentType = res.headers.get('content-type') ?? '';
      if (!/^\s*text\/html\s*(;|$)/i.test(contentType)) {
        await res.body?.cancel().catch(() => {});
        throw new PreviewFailed(`not HTML: ${contentType || 'no content type'}`);
      }
      const meta = parsePageMeta(decodeBody(await readHead(res, maxBytes), contentType));
      if (!meta.title && !meta.description && !meta.imageUrl) return null;
      return { url: url.href, ...meta };
    }
  }

  return {
    async preview(rawUrl) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new PreviewFailed('timeout')), timeoutMs);
      try {
        return await Promise.race([run(rawUrl, controller.signal), rejectOnAbort(controller.signal)]);
      } catch (err) {
        const reason =
          err instanceof PreviewFailed || err instanceof RefusedTargetError ? err.message : String(err);
        opts.logger?.debug({ url: rawUrl, reason }, 'link preview failed');
        return null;
      } finally {
        clearTimeout(timer);
        // Ends whatever is still in flight (a body being read when the deadline hit, a lost race).
        controller.abort(new PreviewFailed('done'));
      }
    },
  };
}
