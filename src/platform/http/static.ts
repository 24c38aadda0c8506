import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './types.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ShellInfo {
  title: string;
  lang: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Serves the built SPA from `dist/web`: hashed assets with long caching and their precompressed
 * .br/.gz siblings, and index.html (with the community's name and language filled in) for every
 * other GET, so client-side routes survive a reload.
 */
export function spaRoutes(distDir: string, shell: (req: Request) => Promise<ShellInfo>) {
  return (app: Hono<AppEnv>) => {
    const indexFile = path.join(distDir, 'index.html');
    let template: string | null = null;
    const readTemplate = () => {
      if (template !== null) return template;
      if (!fs.existsSync(indexFile)) return null;
      template = fs.readFileSync(indexFile, 'utf8');
      return template;
    };

    app.get('*', async (c) => {
      const urlPath = decodeURIComponent(c.req.path);
      const file = path.join(distDir, path.normalize(urlPath).replace(/^([/\\])+/, ''));
      if (file.startsWith(distDir + path.sep) && urlPath !== '/index.html' && fs.existsSync(file) && fs.statSync(file).isFile()) {
        const ext = path.extname(file);
        const accept = c.req.header('Accept-Encoding') ?? '';
        const headers: Record<string, string> = {
          'Content-Type': TYPES[ext] ?? 'application/octet-stream',
          'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
          Vary: 'Accept-Encoding',
        };
        for (const [enc, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
          if (new RegExp(`\\b${enc}\\b`).test(accept) && fs.existsSync(file + suffix)) {
            return c.body(fs.readFileSync(file + suffix), 200, { ...headers, 'Content-Encoding': enc });
          }
        }
        return c.body(fs.readFileSync(file), 200, headers);
      }
      if (path.extname(urlPath) && urlPath !== '/') return c.notFound();
      const tpl = readTemplate();
      if (!tpl) {
        return c.text('The web app is not built yet. Run `npm run build` (npm start does this for you).', 503);
      }
      const info = await shell(c.req.raw);
      const html = tpl
        .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(info.title)}</title>`)
        .replace(/<html lang="[^"]*"/, `<html lang="${escapeHtml(info.lang)}"`);
      return c.html(html, 200, { 'Cache-Control': 'no-cache' });
    });
  };
}
