import { useTranslation } from 'react-i18next';
import type { Attachment } from '../schema.ts';
import { FileIcon, useFileKind, useFileSize } from './files.tsx';

/**
 * A post's files: images inline (lazy, sized from their stored dimensions so nothing jumps while they
 * load; a click opens the full size), other files as download links with kind and size.
 */
export function Attachments({ items, compact = false }: { items: Attachment[]; compact?: boolean }) {
  const { t } = useTranslation();
  const kind = useFileKind();
  const size = useFileSize();
  if (items.length === 0) return null;
  const images = items.filter((a) => a.isImage);
  const files = items.filter((a) => !a.isImage);
  const maxHeight = compact ? 220 : 480;
  return (
    <div className={`attachments ${compact ? 'is-compact' : ''}`} data-testid="attachments">
      {images.length > 0 && (
        <ul className="attachment-images">
          {images.map((a) => {
            const w = a.width ?? 800;
            const h = a.height ?? 600;
            const maxWidth = Math.min(w, Math.round((maxHeight * w) / h));
            return (
              <li key={a.id}>
                <a href={a.url} target="_blank" rel="noopener noreferrer">
                  <img
                    src={a.url}
                    alt={a.name}
                    width={w}
                    height={h}
                    loading="lazy"
                    decoding="async"
                    style={{ maxWidth: `${maxWidth}px`, aspectRatio: `${w} / ${h}` }}
                  />
                  <span className="sr-only"> {t('spaces.attachments.fullSize')}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="attachment-files">
          {files.map((a) => (
            <li key={a.id}>
              <a href={a.url} download={a.name} className="attachment-file" data-testid="attachment-file">
                <FileIcon />
                <span className="attachment-name">{a.name}</span>
                <span className="attachment-meta">
                  {kind(a.contentType, a.name)} · {size(a.size)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
