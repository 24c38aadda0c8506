import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { HttpModule, Api } from './app.ts';

const DOC_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Treffpunkt API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><main id="swagger-ui"></main>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;

/** Builds the OpenAPI 3.1 document: zod-described routes plus the raw routes' own descriptions. */
export async function buildOpenApi(app: Api, modules: HttpModule[]): Promise<Record<string, any>> {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Treffpunkt API',
      version: '1',
      description: 'Every route of a Treffpunkt install. `x-access` says who may call it.',
    },
  }) as Record<string, any>;
  doc.components ??= {};
  doc.components.securitySchemes = {
    session: { type: 'apiKey', in: 'cookie', name: 'treffpunkt.session_token' },
  };
  doc.paths ??= {};
  for (const m of modules) {
    if (m.openApiPaths) Object.assign(doc.paths, await m.openApiPaths());
  }
  return doc;
}

/** /api/openapi.json and the Swagger UI at /api/docs, served from our own origin (no CDN, strict CSP). */
export function docsRoutes(app: Api, modules: HttpModule[]): void {
  let cached: Promise<Record<string, any>> | null = null;
  const assetDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get('/api/openapi.json', async (c) => {
    cached ??= buildOpenApi(app, modules);
    return c.json(await cached);
  });
  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs/init.js', (c) => c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/api/docs/:asset', (c) => {
    const name = c.req.param('asset');
    const type = DOC_ASSETS[name];
    if (!type) return c.notFound();
    const body = fs.readFileSync(path.join(assetDir, name));
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
}
