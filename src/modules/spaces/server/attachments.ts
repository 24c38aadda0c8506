import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import type { FileRecord, FileService } from '../../../platform/storage/index.ts';
import type { Attachment } from '../schema.ts';

export const ATTACHMENT_PURPOSE = 'attachment';
const MAX_PER_POST = 10;

export interface AttachmentsDeps {
  db: Kysely<any>;
  files: Pick<FileService, 'store' | 'get'>;
  /** Throws not_found when the actor may not see the post. */
  requirePost: (actor: Actor | null, postId: string) => Promise<unknown>;
}

export function presentAttachment(f: {
  id: string;
  content_type: string;
  size_bytes: number;
  original_name: string | null;
  width: number | null;
  height: number | null;
}): Attachment {
  return {
    id: f.id,
    url: `/api/files/${f.id}`,
    name: f.original_name ?? 'datei',
    contentType: f.content_type,
    size: Number(f.size_bytes),
    isImage: f.content_type.startsWith('image/'),
    width: f.width,
    height: f.height,
  };
}

/** Files attached to posts: uploaded first, attached when the post is written, readable like the post. */
export function createAttachmentsService(deps: AttachmentsDeps) {
  const { db } = deps;

  return {
    /** Stores an upload: images re-encoded (metadata stripped), PDFs and office files checked by their bytes. */
    async upload(actor: Actor, input: { data: Buffer; name: string }): Promise<Attachment> {
      const base = { data: input.data, originalName: input.name, ownerId: actor.id, purpose: ATTACHMENT_PURPOSE };
      let file: FileRecord;
      try {
        file = await deps.files.store({ ...base, kind: 'image', image: { maxWidth: 2400, maxHeight: 2400 } });
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'unsupported_media_type') throw err;
        file = await deps.files.store({ ...base, kind: 'document' });
      }
      return {
        id: file.id,
        url: file.url,
        name: file.downloadName,
        contentType: file.contentType,
        size: file.size,
        isImage: file.contentType.startsWith('image/'),
        width: file.width ?? null,
        height: file.height ?? null,
      };
    },

    /** Attaches the actor's own, not yet used uploads to a new post, inside its transaction. */
    async attach(trx: Kysely<any>, actor: Actor, postId: string, fileIds: string[]): Promise<void> {
      const ids = [...new Set(fileIds)];
      if (ids.length === 0) return;
      if (ids.length > MAX_PER_POST) throw new AppError('validation_failed', `At most ${MAX_PER_POST} files.`, [{ path: 'attachmentIds', message: 'too many', code: 'too_big' }]);
      const usable = await trx
        .selectFrom('files as f')
        .leftJoin('post_attachments as a', 'a.file_id', 'f.id')
        .select('f.id')
        .where('f.id', 'in', ids)
        .where('f.owner_id', '=', actor.id)
        .where('f.purpose', '=', ATTACHMENT_PURPOSE)
        .where('a.file_id', 'is', null)
        .execute();
      if (usable.length !== ids.length) {
        throw new AppError('validation_failed', 'Some attachments are not yours or are already used.', [{ path: 'attachmentIds', message: 'unusable', code: 'custom' }]);
      }
      await trx
        .insertInto('post_attachments')
        .values(ids.map((file_id, position) => ({ post_id: postId, file_id, position })))
        .execute();
    },

    /**
     * Whether the actor may download a file: attachments follow their post (so restricted spaces stay
     * closed on this path too); an upload not attached yet only its owner; other files (avatars,
     * logos) are public.
     */
    async canRead(actor: Actor | null, file: FileRecord): Promise<boolean> {
      if (file.purpose !== ATTACHMENT_PURPOSE) return true;
      const link = await db.selectFrom('post_attachments').select('post_id').where('file_id', '=', file.id).executeTakeFirst();
      if (!link) return actor !== null && actor.id === file.ownerId;
      try {
        await deps.requirePost(actor, link.post_id as string);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
