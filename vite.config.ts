import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
// TREFFPUNKT_WEB_DIST lets a second checkout or a parallel build write elsewhere (the server reads the same variable).
const outDir = process.env.TREFFPUNKT_WEB_DIST ? path.resolve(process.env.TREFFPUNKT_WEB_DIST) : path.join(root, 'dist/web');
const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes `.br` and `.gz` siblings so the server can send precompressed files without work per request. */
function precompress(): Plugin {
  return {
    name: 'treffpunkt:precompress',
    apply: 'build',
    async closeBundle() {
      const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
      await Promise.all(
        entries
          .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
          .map(async (e) => {
            const file = path.join(e.parentPath, e.name);
            const data = await readFile(file);
            const [br, gzipped] = await Promise.all([
              brotli(data, {
                params: {
                  [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                  [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
                },
              }),
              gz(data, { level: 9 }),
            ]);
            await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
          }),
      );
    },
  };
}

const server = process.env.TREFFPUNKT_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: path.join(root, 'src/web/index.html') },
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/brand.css': { target: server },
    },
  },
});
