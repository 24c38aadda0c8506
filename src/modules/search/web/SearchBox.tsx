import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { MAX_QUERY_LENGTH } from '../limits.ts';

/** The compact search form for the header: submits to `/search?q=…`. */
export function SearchBox({ className }: { className?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId();
  const [q, setQ] = useState('');

  // On the search page the page's own field is the one to use; leave the box empty there.
  useEffect(() => {
    if (location.pathname === '/search') setQ('');
  }, [location.pathname]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const text = q.trim();
    if (!text) return;
    navigate(`/search?q=${encodeURIComponent(text)}`);
  };

  return (
    <search className={`search-box ${className ?? ''}`}>
      <form onSubmit={onSubmit} data-testid="search-box" style={{ display: 'flex', gap: '0.25rem', alignItems: 'center' }}>
        <label htmlFor={id} className="sr-only">
          {t('search.label')}
        </label>
        <input
          id={id}
          type="search"
          name="q"
          value={q}
          maxLength={MAX_QUERY_LENGTH}
          placeholder={t('search.boxPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
          style={{ minWidth: 0, width: '12rem' }}
        />
        <button type="submit" className="btn btn-secondary btn-sm">
          <span>{t('search.submit')}</span>
        </button>
      </form>
    </search>
  );
}
