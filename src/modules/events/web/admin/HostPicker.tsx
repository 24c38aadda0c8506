import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, TextField } from '../../../../web/ui/index.ts';
import type { Person } from '../../schema.ts';
import '../strings.ts';
import { useMemberSearch } from './data.ts';
import { Group } from './fields.tsx';

const k = 'events.host.hosts';
export const MAX_HOSTS = 10;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/**
 * The people who run an event: chips with a remove button, and a search over the members to add
 * more. Focus stays predictable: after adding, it returns to the search; after removing, to the search.
 */
export function HostPicker({
  id,
  value,
  onChange,
  error,
  legend,
  hint,
  separated = false,
}: {
  id: string;
  value: Person[];
  onChange: (v: Person[]) => void;
  error?: string | undefined;
  legend?: string;
  hint?: string;
  separated?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const hits = useMemberSearch(q);
  const chosen = new Set(value.map((p) => p.id));
  const results = q.length >= 2 ? (hits.data ?? []).filter((m) => !chosen.has(m.id)) : [];
  const searchId = `${id}-search`;
  const full = value.length >= MAX_HOSTS;
  const focusSearch = () => requestAnimationFrame(() => document.getElementById(searchId)?.focus());

  return (
    <Group
      id={id}
      legend={legend ?? t(`${k}.legend`)}
      hint={hint ?? t(`${k}.hint`)}
      error={error}
      separated={separated}
    >
      {value.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          {t(`${k}.none`)}
        </p>
      ) : (
        <ul className="file-chips" aria-label={t(`${k}.chosen`)}>
          {value.map((p) => (
            <li key={p.id} className="file-chip" data-testid="host-chip">
              <Avatar name={p.name} src={p.image} size={28} />
              <span className="file-chip-text">
                <span className="file-chip-name">{p.name}</span>
              </span>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  onChange(value.filter((x) => x.id !== p.id));
                  focusSearch();
                }}
              >
                {t(`${k}.remove`)}
                <span className="sr-only">: {p.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {!full && (
        <search>
          <TextField
            id={searchId}
            type="search"
            label={t(`${k}.search`)}
            hint={t(`${k}.searchHint`)}
            autoComplete="off"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <p className="sr-only" role="status">
            {q.length >= 2 && hits.isSuccess ? t(`${k}.results`, { count: results.length }) : ''}
          </p>
          {results.length > 0 && (
            <ul className="list" aria-label={t(`${k}.resultsLabel`)}>
              {results.map((m) => (
                <li key={m.id} style={{ padding: '0.4rem 0' }}>
                  <Avatar name={m.name} src={m.image} size={28} />
                  <span className="list-main">
                    <span className="list-title">{m.name}</span> <span className="list-meta">{m.email}</span>
                  </span>
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => {
                      onChange([...value, { id: m.id, name: m.name, image: m.image }]);
                      setSearch('');
                      focusSearch();
                    }}
                  >
                    {t(`${k}.add`)}
                    <span className="sr-only">: {m.name}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {q.length >= 2 && hits.isSuccess && results.length === 0 && (
            <p className="muted" style={{ margin: 0 }}>
              {t(`${k}.noResults`)}
            </p>
          )}
        </search>
      )}
      {full && <p className="field-hint">{t(`${k}.full`, { count: MAX_HOSTS })}</p>}
    </Group>
  );
}
