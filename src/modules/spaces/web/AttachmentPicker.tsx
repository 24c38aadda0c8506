import type { TFunction } from 'i18next';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, uploadFile } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { Button, Spinner } from '../../../web/ui/index.ts';
import type { Attachment } from '../schema.ts';
import { FileIcon, useFileKind, useFileSize } from './files.tsx';

export const MAX_ATTACHMENTS = 10;
const ACCEPT = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  '.pdf',
  '.docx',
  '.xlsx',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
].join(',');

export interface Upload {
  key: number;
  file: File;
  progress: number;
  attachment: Attachment | null;
  error: string | null;
  abort: AbortController;
}

/** Why an upload failed, in words: the format (415), the size with the server's limit (413), or else. */
function uploadError(err: unknown, t: TFunction, size: (b: number) => string): string {
  if (isApiError(err) && err.status === 415) return t('spaces.attachments.errors.type');
  if (isApiError(err) && err.status === 413) {
    const max = (err.details as { maxBytes?: unknown } | null)?.maxBytes;
    // The body limit allows a little room for the multipart envelope; people think in whole megabytes.
    return typeof max === 'number'
      ? t('spaces.attachments.errors.tooLarge', { limit: size(Math.floor(max / (1024 * 1024)) * 1024 * 1024 || max) })
      : t('spaces.attachments.errors.tooLargePlain');
  }
  return errorMessage(err, t);
}

/** Files for the next post: each is uploaded as soon as it is picked, so sending the post is quick. */
export function useUploads() {
  const { t } = useTranslation();
  const size = useFileSize();
  const [items, setItems] = useState<Upload[]>([]);
  const nextKey = useRef(0);
  const [limitHit, setLimitHit] = useState(false);

  const update = useCallback((key: number, change: Partial<Upload>) => {
    setItems((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const add = (files: File[]) => {
    const room = Math.max(0, MAX_ATTACHMENTS - items.length);
    setLimitHit(files.length > room);
    const fresh = files.slice(0, room).map(
      (file): Upload => ({ key: nextKey.current++, file, progress: 0, attachment: null, error: null, abort: new AbortController() }),
    );
    setItems((all) => [...all, ...fresh]);
    for (const u of fresh) {
      uploadFile<Attachment>('/api/attachments', u.file, (p) => update(u.key, { progress: p }), u.abort.signal).then(
        (attachment) => update(u.key, { attachment, progress: 1 }),
        (err: unknown) => {
          if (u.abort.signal.aborted) return;
          update(u.key, { error: uploadError(err, t, size) });
        },
      );
    }
  };

  const remove = (key: number) => {
    setLimitHit(false);
    setItems((all) => {
      all.find((u) => u.key === key)?.abort.abort();
      return all.filter((u) => u.key !== key);
    });
  };

  const clear = () => {
    setLimitHit(false);
    setItems([]);
  };

  return {
    items,
    add,
    remove,
    clear,
    limitHit,
    busy: items.some((u) => !u.attachment && !u.error),
    ids: items.flatMap((u) => (u.attachment ? [u.attachment.id] : [])),
  };
}

export type Uploads = ReturnType<typeof useUploads>;

/** The labelled file input and one chip per file: progress while uploading, then name, size, remove. */
export function AttachmentPicker({ uploads, error, id: given }: { uploads: Uploads; error?: string; id?: string }) {
  const { t } = useTranslation();
  const auto = useId();
  const id = given ?? auto;
  const kind = useFileKind();
  const size = useFileSize();
  const input = useRef<HTMLInputElement>(null);
  const [focusAfterRemove, setFocusAfterRemove] = useState(false);
  const full = uploads.items.length >= MAX_ATTACHMENTS;
  const failed = uploads.items.filter((u) => u.error);

  useEffect(() => {
    if (focusAfterRemove) input.current?.focus();
    setFocusAfterRemove(false);
  }, [focusAfterRemove]);

  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field attachment-picker">
      <label htmlFor={id}>{t('spaces.attachments.pick')}</label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        disabled={full}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        data-testid="attachment-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Clear the native input so the same file can be picked again after removing it.
          e.target.value = '';
          if (files.length) uploads.add(files);
        }}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {full ? t('spaces.attachments.full', { max: MAX_ATTACHMENTS }) : t('spaces.attachments.hint', { max: MAX_ATTACHMENTS })}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div aria-live="polite" className="sr-only">
        {uploads.limitHit && t('spaces.attachments.errors.limit', { max: MAX_ATTACHMENTS })}
        {failed.map((u) => (
          <span key={u.key}>
            {u.file.name}: {u.error}{' '}
          </span>
        ))}
      </div>
      {uploads.limitHit && (
        <p className="field-error" aria-hidden="true">
          {t('spaces.attachments.errors.limit', { max: MAX_ATTACHMENTS })}
        </p>
      )}
      {uploads.items.length > 0 && (
        <ul className="file-chips" aria-label={t('spaces.attachments.chosen')} data-testid="attachment-chips">
          {uploads.items.map((u) => {
            const uploading = !u.attachment && !u.error;
            const name = u.attachment?.name ?? u.file.name;
            return (
              <li key={u.key} className={`file-chip ${u.error ? 'is-error' : ''}`} data-testid="attachment-chip">
                <FileIcon />
                <span className="file-chip-text">
                  <span className="file-chip-name">{name}</span>
                  <span className="file-chip-meta">
                    {u.error ? (
                      <span className="file-chip-error">{u.error}</span>
                    ) : uploading ? (
                      <>
                        <Spinner size="sm" decorative />{' '}
                        <span>{t('spaces.attachments.uploading', { pct: Math.round(u.progress * 100) })}</span>
                        <progress value={u.progress} max={1} aria-label={t('spaces.attachments.progress', { name })} />
                      </>
                    ) : (
                      <>
                        {kind(u.attachment?.contentType ?? u.file.type, name)} · {size(u.attachment?.size ?? u.file.size)}
                      </>
                    )}
                  </span>
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => {
                    uploads.remove(u.key);
                    setFocusAfterRemove(true);
                  }}
                >
                  {t('spaces.attachments.remove')}
                  <span className="sr-only"> {name}</span>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
