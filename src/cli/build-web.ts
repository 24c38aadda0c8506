import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built index.html: where vite.config.ts writes and the server reads (TREFFPUNKT_WEB_DIST or dist/web). */
function stamp(): string {
  const dist = process.env.TREFFPUNKT_WEB_DIST
    ? path.resolve(process.env.TREFFPUNKT_WEB_DIST)
    : path.join(ROOT, 'dist', 'web');
  return path.join(dist, 'index.html');
}

function newestMtime(dir: string, filter: (p: string) => boolean): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (!filter(full)) continue;
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the web build is missing or older than any web source (src/web, src/modules/*, vite config). */
export function webBuildIsStale(): boolean {
  const built = fs.existsSync(stamp()) ? fs.statSync(stamp()).mtimeMs : 0;
  if (!built) return true;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src', 'web'), () => true),
    newestMtime(path.join(ROOT, 'src', 'modules'), (p) => !p.includes(`${path.sep}server${path.sep}`)),
    fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

/** Builds the SPA with Vite when needed, so `npm start` works on a fresh clone and stays fast after. */
export async function ensureWebBuild(log: (msg: string) => void, force = false): Promise<void> {
  if (!force && !webBuildIsStale()) return;
  log('Building the web app (first start or changed sources)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log('Web app built.');
}
