import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors.ts';
import { type Access, type Actor, type AppEnv, roleAtLeast } from './types.ts';

/** Throws 401 without a session, 403 when the actor's role is below `access`. */
export function requireAccess(actor: Actor | null, access: Access): Actor | null {
  if (access === 'public') return actor;
  if (!actor) throw new AppError('unauthenticated', 'Please log in first.');
  if (access !== 'member' && !roleAtLeast(actor.role, access)) {
    throw new AppError('forbidden', 'You are not allowed to do this.');
  }
  return actor;
}

function accessMiddleware(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireAccess(c.get('actor'), access);
    await next();
  };
}

type RouteConfig = Parameters<typeof createRoute>[0];

/**
 * createRoute with the access level every route must declare. The level is enforced before input
 * validation (so a stranger learns nothing from validation errors) and is published in the OpenAPI
 * document as `x-access`, which the route-wide 401/403 test reads.
 */
export function defineRoute<R extends RouteConfig>(access: Access, route: R) {
  const mw = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
  return createRoute({
    ...route,
    middleware: [accessMiddleware(access), ...mw],
    'x-access': access,
    ...(access === 'public' ? {} : { security: [{ session: [] }] }),
  } as R);
}
