import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 10 * 1024 * 1024;

/** File input with checks, a preview and an upload button; used for avatars and the community logo. */
export function ImagePicker({
  label,
  file,
  onChange,
  onUpload,
  uploading,
  previewShape = 'square',
}: {
  label: string;
  file: File | null;
  onChange: (file: File | null) => void;
  onUpload: (file: File) => void;
  uploading: boolean;
  previewShape?: 'round' | 'square';
}) {
  const { t } = useTranslation();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      // Cancelled or uploaded: clear the native input so the same file can be picked again.
      if (inputRef.current && !error) inputRef.current.value = '';
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file, error]);

  return (
    <div className="stack" style={{ gap: '0.75rem' }}>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept={TYPES.join(',')}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            if (f && !TYPES.includes(f.type)) {
              setError(t('upload.wrongType'));
              onChange(null);
            } else if (f && f.size > MAX_BYTES) {
              setError(t('upload.tooLarge'));
              onChange(null);
            } else {
              setError(null);
              onChange(f);
            }
          }}
        />
        <p className="field-hint" id={`${id}-hint`}>
          {t('upload.hint')}
        </p>
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
      {file && preview && (
        <div style={{ display: 'flex', alignItems: 'center', gap: '1rem', flexWrap: 'wrap' }}>
          <img
            src={preview}
            alt={t('upload.preview')}
            width={96}
            height={96}
            style={{
              objectFit: previewShape === 'round' ? 'cover' : 'contain',
              borderRadius: previewShape === 'round' ? '50%' : '8px',
              border: '1px solid var(--border)',
              background: '#fff',
            }}
          />
          <div className="form-actions">
            <Button loading={uploading} onClick={() => onUpload(file)}>
              {t('upload.upload')}
            </Button>
            <Button variant="ghost" onClick={() => onChange(null)} disabled={uploading}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
