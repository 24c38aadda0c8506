import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { defineRoute } from './access.ts';
import { compression } from './compress.ts';
import { csrfProtection } from './csrf.ts';
import { docsRoutes } from './docs.ts';
import { AppError, renderError, zodDetails } from './errors.ts';
import type { Actor, AppEnv } from './types.ts';
import { z } from '@hono/zod-openapi';

export type Api = OpenAPIHono<AppEnv>;

/** What a module contributes to the HTTP server. */
export interface HttpModule {
  name: string;
  /** Typed, documented routes; paths start with /api/. */
  api?: (app: Api) => void;
  /** Raw routes that are not zod-described (e.g. better-auth's handler); mounted before the SPA. */
  raw?: (app: Hono<AppEnv>) => void;
  /** OpenAPI paths for raw routes, merged into /api/openapi.json. */
  openApiPaths?: () => Promise<Record<string, unknown>>;
}

export interface HttpDeps {
  config: Pick<Config, 'publicUrl' | 'TRUST_PROXY' | 'UPLOAD_MAX_BYTES'>;
  logger: Logger;
  metrics: Metrics;
  /** Throws when the database is not reachable. */
  checkHealth: () => Promise<void>;
  resolveActor: (req: Request) => Promise<Actor | null>;
  modules: HttpModule[];
  /** The SPA and other non-API pages; called for every GET the API did not answer. */
  web?: (app: Hono<AppEnv>) => void;
}

const JSON_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Builds the one Hono app: middleware, every module's routes, docs, health, metrics, the SPA. */
export function createHttpApp(deps: HttpDeps): Api {
  const { logger, metrics, config } = deps;
  const app: Api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new AppError('validation_failed', 'Some fields are not valid.', zodDetails(result.error));
    },
  });

  app.onError((err, c) => renderError(err, c, c.get('logger') ?? logger));
  app.notFound((c) => renderError(new AppError('not_found', 'Not found.'), c, logger));

  app.use(
    requestId({ generator: () => crypto.randomUUID(), headerName: 'X-Request-Id', limitLength: 128 }),
    async (c, next) => {
      const incoming = c.req.header('X-Request-Id');
      if (incoming && !REQUEST_ID.test(incoming)) c.set('requestId', crypto.randomUUID());
      const started = performance.now();
      c.set('logger', logger.child({ requestId: c.get('requestId') }));
      c.set('actor', null);
      await next();
      const ms = performance.now() - started;
      const route = routePath(c) || 'unmatched';
      metrics.httpDuration.labels(c.req.method, route, String(c.res.status)).observe(ms / 1000);
      if (c.req.path !== '/api/health') {
        c.get('logger').info(
          { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms * 10) / 10 },
          'request',
        );
      }
    },
  );
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      xFrameOptions: 'DENY',
      xContentTypeOptions: 'nosniff',
      strictTransportSecurity: config.publicUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
      crossOriginResourcePolicy: 'same-origin',
      // Routes that set their own (e.g. served files: "default-src 'none'; sandbox") keep them.
      overwrite: false,
    }),
  );
  app.use(compression());
  app.use('/api/*', async (c, next) => {
    const multipart = (c.req.header('Content-Type') ?? '').startsWith('multipart/form-data');
    const maxSize = multipart ? config.UPLOAD_MAX_BYTES + 64 * 1024 : JSON_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('payload_too_large', `The request is larger than ${Math.round(maxSize / 1024)} KB.`, {
          maxBytes: maxSize,
        });
      },
    })(c, next);
  });
  app.use('/api/*', csrfProtection(config.publicUrl, config.TRUST_PROXY));
  app.use('/api/*', async (c, next) => {
    c.set('actor', await deps.resolveActor(c.req.raw));
    await next();
  });

  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/health',
      tags: ['system'],
      summary: 'Liveness and database check',
      responses: {
        200: { description: 'Healthy', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
        503: { description: 'Database unreachable' },
      },
    }),
    async (c) => {
      try {
        await deps.checkHealth();
      } catch (err) {
        c.get('logger').error({ err }, 'health check failed');
        throw new AppError('unavailable', 'The database is not reachable.', null, { status: 503 });
      }
      return c.json({ status: 'ok' as const }, 200);
    },
  );
  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  for (const m of deps.modules) m.api?.(app);
  for (const m of deps.modules) m.raw?.(app as unknown as Hono<AppEnv>);
  docsRoutes(app, deps.modules);
  app.all('/api/*', () => {
    throw new AppError('not_found', 'No such API route.');
  });
  deps.web?.(app as unknown as Hono<AppEnv>);
  return app;
}
