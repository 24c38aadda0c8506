import { useTranslation } from 'react-i18next';

/** Date and time in the reader's language ("12. März 2026, 18:30"). */
export function useDateTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => fmt.format(new Date(iso));
}

/** `<input type="datetime-local">` value → ISO timestamp with offset (the browser's time zone). */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
