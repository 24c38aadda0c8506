import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { AppError } from '../http/errors.ts';
import { isUuid, uuidv7 } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from './storage.ts';

export type FileKind = 'image' | 'document';

/** A stored file as modules see it; `url` is where the files route serves it. */
export interface FileRecord {
  id: string;
  url: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  originalName: string | null;
  /** The name to offer on download: the original name with the extension of what the bytes really are. */
  downloadName: string;
  purpose: string;
  ownerId: string | null;
  createdAt: string;
}

export interface StoreInput {
  data: Buffer;
  originalName?: string;
  ownerId: string | null;
  /** What the file is for (`avatar`, `community-logo`, `library`…): lowercase letters, digits, dashes. */
  purpose: string;
  kind: FileKind;
  /** Overrides the service's limit for this upload. */
  maxBytes?: number;
  image?: { maxWidth: number; maxHeight: number };
}

export interface FileService {
  /** Checks the bytes (never the client's name or type), re-encodes images, stores and records the file. */
  // biome-ignore lint/suspicious/noExplicitAny: accepts any module's typed transaction
  store(input: StoreInput, trx?: Kysely<any>): Promise<FileRecord>;
  /** The file's record, or null (also for malformed ids). */
  get(id: string): Promise<FileRecord | null>;
  /** The record and its bytes, or null. */
  read(id: string): Promise<{ file: FileRecord; body: Buffer } | null>;
  /** Deletes the record, then the object; unknown ids are ignored. */
  remove(id: string): Promise<void>;
}

export interface FileServiceDeps {
  // biome-ignore lint/suspicious/noExplicitAny: the platform knows no module's tables
  db: Kysely<any>;
  storage: Storage;
  maxBytes: number;
  logger: Logger;
  /** Decompression-bomb guard: images above this many pixels are refused before decoding. */
  maxInputPixels?: number;
}

/** Images we decode and re-encode; everything leaves as WebP (keeps transparency, strips metadata). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
/** Documents we keep byte for byte; they are only ever served as attachments in a sandbox. */
const DOCUMENT_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);
const EXTENSIONS: Record<string, string> = {
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};
const PURPOSE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_MAX_DIMENSION = 4096;

interface FileRow {
  id: string;
  storage_key: string;
  content_type: string;
  size_bytes: number;
  original_name: string | null;
  purpose: string;
  width: number | null;
  height: number | null;
  owner_id: string | null;
  created_at: Date;
}

/** Keeps a display name: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and quotes would break headers and logs; a filter avoids a control-char regex.
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : null;
}

function downloadName(original: string | null, contentType: string, id: string): string {
  const ext = EXTENSIONS[contentType] ?? 'bin';
  const stem = original ? original.replace(/\.[^.]*$/, '') || 'file' : `file-${id.slice(0, 8)}`;
  return `${stem}.${ext}`;
}

function toRecord(r: FileRow): FileRecord {
  return {
    id: r.id,
    url: `/api/files/${r.id}`,
    contentType: r.content_type,
    size: r.size_bytes,
    ...(r.width != null ? { width: r.width } : {}),
    ...(r.height != null ? { height: r.height } : {}),
    originalName: r.original_name,
    downloadName: downloadName(r.original_name, r.content_type, r.id),
    purpose: r.purpose,
    ownerId: r.owner_id,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function refuse(kind: FileKind): AppError {
  return new AppError(
    'unsupported_media_type',
    kind === 'image'
      ? 'Please upload a JPEG, PNG, WebP or GIF image.'
      : 'Please upload a PDF or an office document (docx, xlsx, pptx, odt, ods, odp).',
    { kind },
  );
}

/** Stores uploads after checking what they really are; images are rebuilt from pixels, never passed through. */
export function createFileService(deps: FileServiceDeps): FileService {
  const { db, storage, logger } = deps;
  const maxPixels = deps.maxInputPixels ?? DEFAULT_MAX_PIXELS;

  async function reencode(data: Buffer, box: { maxWidth: number; maxHeight: number }) {
    try {
      // animated: false reads the first frame only; failOn 'error' rejects truncated or corrupt data.
      const { data: out, info } = await sharp(data, {
        limitInputPixels: maxPixels,
        animated: false,
        failOn: 'error',
      })
        .autoOrient()
        .resize({ width: box.maxWidth, height: box.maxHeight, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 85, alphaQuality: 100 })
        .toBuffer({ resolveWithObject: true });
      return { body: out, width: info.width, height: info.height };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/pixel limit/i.test(message)) {
        throw new AppError('payload_too_large', 'This image has too many pixels.', { maxPixels });
      }
      logger.debug({ err }, 'image could not be decoded');
      throw new AppError('unsupported_media_type', 'This image could not be read.', { kind: 'image' });
    }
  }

  return {
    async store(input, trx) {
      if (!PURPOSE.test(input.purpose)) throw new Error(`Invalid file purpose: ${input.purpose}`);
      const maxBytes = input.maxBytes ?? deps.maxBytes;
      if (input.data.length > maxBytes) {
        throw new AppError(
          'payload_too_large',
          `The file is larger than ${Math.round(maxBytes / 1024)} KB.`,
          { maxBytes },
        );
      }
      const detected = await fileTypeFromBuffer(input.data);
      let body: Buffer;
      let contentType: string;
      let width: number | null = null;
      let height: number | null = null;
      if (input.kind === 'image') {
        if (!detected || !IMAGE_TYPES.has(detected.mime)) throw refuse('image');
        const box = input.image ?? { maxWidth: DEFAULT_MAX_DIMENSION, maxHeight: DEFAULT_MAX_DIMENSION };
        const out = await reencode(input.data, box);
        ({ body, width, height } = out);
        contentType = 'image/webp';
      } else {
        if (!detected || !DOCUMENT_TYPES.has(detected.mime)) throw refuse('document');
        body = input.data;
        contentType = detected.mime;
      }

      const id = uuidv7();
      const key = `${input.purpose}/${id}.${EXTENSIONS[contentType] ?? 'bin'}`;
      await storage.put(key, body, contentType);
      try {
        const row = (await (trx ?? db)
          .insertInto('files')
          .values({
            id,
            storage_key: key,
            content_type: contentType,
            size_bytes: body.length,
            original_name: cleanFileName(input.originalName),
            purpose: input.purpose,
            width,
            height,
            owner_id: input.ownerId,
          })
          .returningAll()
          .executeTakeFirstOrThrow()) as FileRow;
        return toRecord(row);
      } catch (err) {
        // No orphan objects: the row is the only way anyone would ever find these bytes again.
        await storage
          .delete(key)
          .catch((e: unknown) => logger.error({ err: e, key }, 'could not remove orphan upload'));
        throw err;
      }
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = (await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst()) as
        | FileRow
        | undefined;
      return row ? toRecord(row) : null;
    },
    async read(id) {
      if (!isUuid(id)) return null;
      const row = (await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst()) as
        | FileRow
        | undefined;
      if (!row) return null;
      const obj = await storage.get(row.storage_key);
      if (!obj) {
        logger.error({ file: id, key: row.storage_key }, 'file record without stored object');
        return null;
      }
      return { file: toRecord(row), body: obj.body };
    },
    async remove(id) {
      if (!isUuid(id)) return;
      const row = (await db
        .deleteFrom('files')
        .where('id', '=', id)
        .returning(['storage_key'])
        .executeTakeFirst()) as { storage_key: string } | undefined;
      if (row) await storage.delete(row.storage_key);
    },
  };
}
