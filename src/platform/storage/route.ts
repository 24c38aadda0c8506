import { z } from '@hono/zod-openapi';
import { defineRoute } from '../http/access.ts';
import type { HttpModule } from '../http/app.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from '../http/types.ts';
import type { FileRecord, FileService } from './files.ts';

export interface FilesModuleOptions {
  /** Decides who may read a file; without it every stored file is public by its unguessable id. */
  canRead?: (actor: Actor | null, file: FileRecord) => Promise<boolean>;
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** The files route: GET /api/files/{id} serves stored bytes so that no upload can ever run as a page. */
export function filesModule(
  files: Pick<FileService, 'get' | 'read'>,
  opts: FilesModuleOptions = {},
): HttpModule {
  return {
    name: 'files',
    api(app) {
      app.openapi(
        defineRoute('public', {
          method: 'get',
          path: '/api/files/{id}',
          tags: ['files'],
          summary: 'A stored file (images inline, documents as download)',
          request: { params: z.object({ id: z.uuid() }) },
          responses: {
            200: { description: 'The file' },
            304: { description: 'Not modified' },
            400: { description: 'Malformed id' },
            404: { description: 'No such file' },
          },
        }),
        async (c) => {
          const { id } = c.req.valid('param');
          const file = await files.get(id);
          // A file the actor may not read looks exactly like a missing one.
          if (!file || (opts.canRead && !(await opts.canRead(c.get('actor'), file)))) {
            throw new AppError('not_found', 'This file does not exist.');
          }
          // Stored bytes never change for an id, so the id is a strong validator.
          const etag = `"${file.id}"`;
          const headers: Record<string, string> = {
            ETag: etag,
            'Cache-Control': 'private, max-age=3600',
            'X-Content-Type-Options': 'nosniff',
            'Content-Security-Policy': "default-src 'none'; sandbox",
            'Cross-Origin-Resource-Policy': 'same-origin',
          };
          if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
          const found = await files.read(id);
          if (!found) throw new AppError('not_found', 'This file does not exist.');
          headers['Content-Type'] = file.contentType;
          headers['Content-Length'] = String(found.body.length);
          headers['Content-Disposition'] = file.contentType.startsWith('image/')
            ? 'inline'
            : contentDisposition(file.downloadName);
          return c.body(new Uint8Array(found.body), 200, headers);
        },
      );
    },
  };
}
