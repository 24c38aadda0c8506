import type { MiddlewareHandler } from 'hono';

const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|javascript|xml|manifest\+json|problem\+json)|image\/svg\+xml)/i;

/**
 * Brotli or gzip for compressible responses over 1 KiB. Hono's built-in only knows gzip/deflate;
 * Node's CompressionStream also speaks brotli. Responses that are already encoded (precompressed
 * static files) pass through untouched.
 */
export function compression(threshold = 1024): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || res.headers.has('Content-Encoding') || c.req.method === 'HEAD') return;
    if (!COMPRESSIBLE.test(res.headers.get('Content-Type') ?? '')) return;
    if (/no-transform/i.test(res.headers.get('Cache-Control') ?? '')) return;
    const len = Number(res.headers.get('Content-Length') ?? Number.NaN);
    if (!Number.isNaN(len) && len < threshold) return;
    const accept = c.req.header('Accept-Encoding') ?? '';
    const enc = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
    if (!enc) return;
    const stream = res.body.pipeThrough(new CompressionStream(enc === 'br' ? ('brotli' as CompressionFormat) : 'gzip'));
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    headers.set('Content-Encoding', enc);
    headers.append('Vary', 'Accept-Encoding');
    c.res = new Response(stream, { status: res.status, statusText: res.statusText, headers });
  };
}
