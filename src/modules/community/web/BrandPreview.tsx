import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { brandPalette, contrast, isHexColor } from '../brand.ts';

/** Live preview of what members will see in the chosen colour, with the contrast it keeps. */
export function BrandPreview({ color, name }: { color: string; name: string }) {
  const { t, i18n } = useTranslation();
  const p = brandPalette(color);
  const headingId = useId();
  const fmt = new Intl.NumberFormat(i18n.resolvedLanguage, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const onBrand = contrast(p.brand, p.onBrand);
  const text = contrast(p.brandText, '#ffffff');
  const rows = [
    { label: t('brand.buttonContrast'), value: onBrand },
    { label: t('brand.linkContrast'), value: text },
  ];
  return (
    <section
      aria-labelledby={headingId}
      data-testid="brand-preview"
      style={{ border: '1px solid var(--border)', borderRadius: 'var(--radius)', overflow: 'hidden' }}
    >
      <h3 id={headingId} className="sr-only">
        {t('brand.preview')}
      </h3>
      <div
        style={{
          background: p.brand,
          color: p.onBrand,
          padding: '0.75rem 1rem',
          fontWeight: 700,
          display: 'flex',
          justifyContent: 'space-between',
          gap: '0.5rem',
        }}
      >
        <span>{name || t('brand.sampleName')}</span>
        <span aria-hidden="true">●</span>
      </div>
      <div style={{ background: '#fff', padding: '1rem', display: 'grid', gap: '0.75rem' }}>
        <p style={{ margin: 0 }}>
          {t('brand.sampleText')}{' '}
          <span style={{ color: p.brandText, textDecoration: 'underline', fontWeight: 600 }}>
            {t('brand.sampleLink')}
          </span>
        </p>
        <div>
          <span
            className="btn"
            style={{ background: p.brand, color: p.onBrand, cursor: 'default' }}
            aria-hidden="true"
          >
            {t('brand.sampleButton')}
          </span>
        </div>
        <dl className="meta" style={{ margin: 0, fontSize: '0.9rem' }}>
          {rows.map((r) => (
            <div key={r.label} style={{ display: 'contents' }}>
              <dt>{r.label}</dt>
              <dd>
                {fmt.format(r.value)} : 1{' '}
                {r.value >= 4.5 ? (
                  <span className="badge badge-success">{t('brand.ok')}</span>
                ) : (
                  <span className="badge badge-error">{t('brand.low')}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
        {isHexColor(color) && p.brandText !== p.brand && (
          <p className="muted" style={{ margin: 0, fontSize: '0.9rem' }}>
            {t('brand.adjusted')}
          </p>
        )}
      </div>
    </section>
  );
}

/** Colour picker plus the same value as text, so it can be typed or pasted. */
export function BrandColorField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hexValid = isHexColor(value);
  return (
    <div className="field">
      <span style={{ fontWeight: 600 }} id={`${id}-group`}>
        {t('fields.brandColor')}
      </span>
      <div style={{ display: 'flex', gap: '0.75rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <div className="field">
          <label htmlFor={`${id}-picker`} style={{ fontWeight: 500, fontSize: '0.9rem' }}>
            {t('brand.picker')}
          </label>
          <input
            id={`${id}-picker`}
            type="color"
            value={hexValid ? value : '#2f6f5e'}
            onChange={(e) => onChange(e.target.value)}
            aria-describedby={`${id}-hint`}
          />
        </div>
        <div className="field" style={{ flex: '1 1 8rem' }}>
          <label htmlFor={`${id}-hex`} style={{ fontWeight: 500, fontSize: '0.9rem' }}>
            {t('brand.hex')}
          </label>
          <input
            id={`${id}-hex`}
            value={value}
            spellCheck={false}
            maxLength={7}
            onChange={(e) => onChange(e.target.value.trim())}
            aria-invalid={error || !hexValid ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          />
        </div>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {t('brand.hint')}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
