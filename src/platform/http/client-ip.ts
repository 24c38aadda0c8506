import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './types.ts';

/** The peer address: the socket, or the proxy's X-Forwarded-For when the proxy is trusted. */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket; they may say who they are.
    return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
  }
}
