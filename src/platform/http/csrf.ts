import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins this server answers as: its public URL and the host the request was sent to. */
export function requestOrigins(req: Request, publicUrl: string, trustProxy: boolean): string[] {
  const origins = [new URL(publicUrl).origin];
  const host = (trustProxy && req.headers.get('x-forwarded-host')) || req.headers.get('host');
  if (host) {
    const proto = (trustProxy && req.headers.get('x-forwarded-proto')) || new URL(req.url).protocol.replace(':', '');
    origins.push(`${proto}://${host}`);
  }
  return origins;
}

/**
 * CSRF protection for every state-changing request: a browser always sends `Origin` (or at least
 * `Sec-Fetch-Site`) on such requests, so a cross-site one is refused. A request that carries a cookie
 * but neither header is refused too; cookie-less API clients are unaffected.
 */
export function csrfProtection(publicUrl: string, trustProxy: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header('Origin');
    const site = c.req.header('Sec-Fetch-Site');
    if (origin && origin !== 'null') {
      if (!requestOrigins(c.req.raw, publicUrl, trustProxy).includes(origin)) {
        throw new AppError('forbidden', 'Cross-site request refused.', { reason: 'csrf' });
      }
    } else if (site) {
      if (site !== 'same-origin' && site !== 'none') {
        throw new AppError('forbidden', 'Cross-site request refused.', { reason: 'csrf' });
      }
    } else if (c.req.header('Cookie') || origin === 'null') {
      throw new AppError('forbidden', 'Request without Origin refused.', { reason: 'csrf' });
    }
    return next();
  };
}
