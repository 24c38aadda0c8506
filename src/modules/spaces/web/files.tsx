import { useTranslation } from 'react-i18next';

const KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/vnd.oasis.opendocument.presentation': 'ODP',
  'application/msword': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.ms-powerpoint': 'PowerPoint',
};

/** "PDF", "Word", "Bild" …: what kind of file this is, in words a member recognises. */
export function useFileKind(): (contentType: string, name: string) => string {
  const { t } = useTranslation();
  return (contentType, name) => {
    if (KINDS[contentType]) return KINDS[contentType];
    if (contentType.startsWith('image/')) return t('spaces.attachments.image');
    const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
    return ext ? ext.toUpperCase() : t('spaces.attachments.file');
  };
}

/** File sizes as people read them: "120 KB", "2,4 MB" (in the reader's language). */
export function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const one = new Intl.NumberFormat(i18n.resolvedLanguage, { maximumFractionDigits: 1 });
  return (bytes) => {
    if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
    return `${one.format(bytes / (1024 * 1024))} MB`;
  };
}

/** A document icon; decorative, the file's kind is written next to it. */
export function FileIcon() {
  return (
    <svg className="file-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path
        d="M6 2h8l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V8h4.5M8 13h8M8 17h6"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
  );
}
