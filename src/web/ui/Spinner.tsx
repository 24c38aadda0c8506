import { useTranslation } from 'react-i18next';

export function Spinner({ size = 'md', decorative = false }: { size?: 'sm' | 'md'; decorative?: boolean }) {
  const { t } = useTranslation();
  if (decorative) return <span className={`spinner spinner-${size}`} aria-hidden="true" />;
  return (
    <span className="spinner-wrap" role="status">
      <span className={`spinner spinner-${size}`} aria-hidden="true" />
      <span className="sr-only">{t('common.loading')}</span>
    </span>
  );
}

/** A centred spinner for a page or section that is still loading. */
export function Loading() {
  return (
    <div className="loading">
      <Spinner />
    </div>
  );
}
