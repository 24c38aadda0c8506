// Fails when the JavaScript a visitor downloads first (what index.html references) exceeds 150 KB
// gzipped (the foundation issue's budget); prints JS + CSS too (the performance issue's measure).
// Part of `npm test`, after the build: a heavy import in the shell is caught before it lands.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 150 * 1024;
const dist = path.resolve(import.meta.dirname, '..', 'dist', 'web');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
let js = 0;
let css = 0;
for (const a of assets) {
  const size = gzipSync(fs.readFileSync(path.join(dist, a)), { level: 9 }).length;
  if (a.endsWith('.js')) js += size;
  else css += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KB  ${a}`);
}
console.log(`${(js / 1024).toFixed(1).padStart(7)} KB  initial JS (gzip), budget ${BUDGET / 1024} KB`);
console.log(`${((js + css) / 1024).toFixed(1).padStart(7)} KB  initial JS + CSS (gzip)`);
if (assets.length === 0 || js > BUDGET) {
  console.error(assets.length === 0 ? 'No assets found in index.html.' : 'Over budget: split the heavy import into a lazy chunk.');
  process.exit(1);
}
