import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, isApiError } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { useMe, useTitle } from '../../../web/session.ts';
import { Alert, Avatar, Button, Loading, PageHeader, Select, TextField } from '../../../web/ui/index.ts';
import { POST_KINDS, type Space } from '../../spaces/schema.ts';
import { MAX_QUERY_LENGTH, type SearchHit, type SearchPage as ResultPage, type SearchType } from '../schema.ts';

const TYPES: SearchType[] = ['all', 'posts', 'comments', 'members'];
const FILTERS = ['space', 'author', 'kind', 'from', 'to'] as const;

/** `/search?q=…&type=…`: the query, type tabs, filters and ranked results; all state lives in the URL. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const q = (params.get('q') ?? '').trim();
  const rawType = params.get('type') as SearchType | null;
  const type: SearchType = rawType && TYPES.includes(rawType) ? rawType : 'all';
  useTitle(q ? t('search.titleFor', { q }) : t('search.title'));

  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || null });
  };

  const tabHref = (tt: SearchType) => {
    const next = new URLSearchParams(params);
    if (tt === 'all') next.delete('type');
    else next.set('type', tt);
    return `/search?${next}`;
  };

  return (
    <>
      <PageHeader title={t('search.title')} />
      <search style={{ display: 'block', marginBottom: '1rem' }}>
        <form onSubmit={onSubmit} noValidate data-testid="search-form" style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
          <TextField
            label={t('search.label')}
            type="search"
            name="q"
            value={text}
            maxLength={MAX_QUERY_LENGTH}
            onChange={(e) => setText(e.target.value)}
            hint={t('search.hint')}
            style={{ width: '100%' }}
            className="search-field"
          />
          <Button type="submit">{t('search.submit')}</Button>
        </form>
      </search>

      <nav className="tabs" aria-label={t('search.types.label')}>
        <ul>
          {TYPES.filter((tt) => tt !== 'members' || me).map((tt) => (
            <li key={tt}>
              <Link to={tabHref(tt)} aria-current={tt === type ? 'page' : undefined} data-testid={`search-tab-${tt}`}>
                {t(`search.types.${tt}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {type !== 'members' && <Filters params={params} update={update} />}

      {!q ? (
        <p className="muted">{t('search.start')}</p>
      ) : type === 'members' && !me ? (
        <Alert tone="info">{t('search.membersLogin')}</Alert>
      ) : (
        <Results q={q} type={type} params={params} />
      )}
    </>
  );
}

function Filters({ params, update }: { params: URLSearchParams; update: (c: Record<string, string | null>) => void }) {
  const { t } = useTranslation();
  const spaces = useQuery({
    queryKey: ['spaces', 'list'],
    queryFn: ({ signal }) => api.get<{ items: Space[] }>('/api/spaces', signal),
  });
  const active = FILTERS.some((f) => params.get(f));
  return (
    <fieldset className="search-filters" style={{ border: 0, padding: 0, margin: '0 0 1rem', display: 'flex', gap: '0.75rem', flexWrap: 'wrap', alignItems: 'flex-end' }}>
      <legend className="sr-only">{t('search.filters.title')}</legend>
      <Select label={t('search.filters.space')} value={params.get('space') ?? ''} onChange={(e) => update({ space: e.target.value || null })}>
        <option value="">{t('search.filters.anySpace')}</option>
        {(spaces.data?.items ?? []).map((s) => (
          <option key={s.id} value={s.slug}>
            {s.name}
          </option>
        ))}
      </Select>
      <Select label={t('search.filters.kind')} value={params.get('kind') ?? ''} onChange={(e) => update({ kind: e.target.value || null })}>
        <option value="">{t('search.filters.anyKind')}</option>
        {POST_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`search.kinds.${k}`)}
          </option>
        ))}
      </Select>
      <TextField label={t('search.filters.from')} type="date" value={params.get('from') ?? ''} onChange={(e) => update({ from: e.target.value || null })} />
      <TextField label={t('search.filters.to')} type="date" value={params.get('to') ?? ''} onChange={(e) => update({ to: e.target.value || null })} />
      {params.get('author') && (
        <p className="badge" style={{ alignSelf: 'center' }}>
          {t('search.filters.author')}
        </p>
      )}
      {active && (
        <Button variant="ghost" size="sm" onClick={() => update(Object.fromEntries(FILTERS.map((f) => [f, null])))}>
          {t('search.filters.reset')}
        </Button>
      )}
    </fieldset>
  );
}

function Results({ q, type, params }: { q: string; type: SearchType; params: URLSearchParams }) {
  const { t } = useTranslation();
  const filters = type === 'members' ? [] : FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!] as const] : []));
  const results = useInfiniteQuery({
    queryKey: ['search', q, type, ...filters.flat()],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const sp = new URLSearchParams({ q, type, limit: '20' });
      for (const [k, v] of filters) sp.set(k, v);
      if (pageParam) sp.set('cursor', pageParam);
      return api.get<ResultPage>(`/api/search?${sp}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: (n, err) => !(isApiError(err) && err.status < 500) && n < 2,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];

  if (results.isPending) return <Loading />;
  if (results.isError) {
    if (isApiError(results.error) && results.error.status === 400) return <Alert tone="error">{t('search.invalid')}</Alert>;
    return <QueryError error={results.error} />;
  }
  if (items.length === 0) {
    return (
      <div role="status" data-testid="search-empty">
        <p>{t('search.empty', { q })}</p>
        <p className="muted">{t('search.emptyHint')}</p>
      </div>
    );
  }
  return (
    <section aria-label={t('search.results')}>
      <p className="sr-only" role="status">
        {t('search.count', { count: items.length })}
      </p>
      <ul className="list" data-testid="search-results">
        {items.map((hit) => (
          <Hit key={`${hit.type}:${hit.id}`} hit={hit} />
        ))}
      </ul>
      {results.hasNextPage && (
        <div style={{ marginTop: '1rem' }}>
          <Button variant="secondary" loading={results.isFetchingNextPage} onClick={() => results.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </section>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' }).format(new Date(hit.createdAt));
  const title = hit.type === 'comment' ? t('search.commentOn', { title: hit.title }) : hit.title;
  return (
    <li data-testid="search-hit" data-type={hit.type}>
      {hit.type === 'member' ? (
        <Avatar name={hit.title} src={hit.image ?? null} size={44} />
      ) : (
        <span className="badge" style={{ alignSelf: 'flex-start' }}>
          {t(`search.hitType.${hit.type}`)}
        </span>
      )}
      <div className="list-main">
        <p className="list-title">
          <Link to={hit.url}>{title}</Link>
        </p>
        {hit.snippet && (
          // The server escaped the member text and added only <mark> around matches (search/server/snippet.ts).
          // biome-ignore lint/security/noDangerouslySetInnerHtml: server-built, escaped snippet with <mark> only
          <p className="search-snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
        )}
        <p className="list-meta">
          {[hit.spaceName && t('search.inSpace', { space: hit.spaceName }), hit.author && t('search.by', { name: hit.author.name }), date]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
    </li>
  );
}
