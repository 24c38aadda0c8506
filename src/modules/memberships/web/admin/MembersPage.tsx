import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../../../../web/api.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Button, Card, Dialog, Loading, Select, TextField } from '../../../../web/ui/index.ts';
import '../strings.ts';
import { GrantForm, History, RevokeForm } from './MemberDialogs.tsx';
import { MembershipLine } from './MembershipLine.tsx';
import {
  MEMBER_STATUSES,
  type MemberFilters,
  type MemberRow,
  type MemberStatus,
  peopleKeys,
  refreshMemberships,
  type Subscription,
  type Tier,
  useFormat,
} from './peopleData.ts';

const P = 'memberships.people.members';

type Open =
  | { kind: 'grant'; member: MemberRow }
  | { kind: 'revoke'; member: MemberRow; sub: Subscription }
  | { kind: 'history'; member: MemberRow }
  | null;

const isStatus = (v: string | null): v is MemberStatus =>
  (MEMBER_STATUSES as readonly string[]).includes(v ?? '');
const isDay = (v: string | null): v is string => /^\d{4}-\d{2}-\d{2}$/.test(v ?? '');
const isUuid = (v: string | null) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v ?? '');

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The filters live in the query string, so a filtered list can be bookmarked, shared and gone back to. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const from = params.get('joinedFrom');
  const to = params.get('joinedTo');
  const filters: MemberFilters = {
    tier: isUuid(params.get('tier')) ? (params.get('tier') ?? undefined) : undefined,
    status: isStatus(status) ? status : undefined,
    joinedFrom: isDay(from) ? from : undefined,
    joinedTo: isDay(to) ? to : undefined,
    q: params.get('q')?.trim() || undefined,
  };
  const set = (key: keyof MemberFilters, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === 'q' },
    );
  return { filters, set, reset: () => setParams({}) };
}

/** `/admin/memberships/members`: accounts with their memberships; grant a tier, end one, read the history. */
export default function MembersPage() {
  const { t } = useTranslation();
  useTitle(t(`${P}.title`));
  const { filters, set, reset } = useFilters();
  const [search, setSearch] = useState(filters.q ?? '');
  const q = useDebounced(search.trim(), 350);
  // Typing updates the URL after a pause; going back in history updates the box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs only when the typed text settles
  useEffect(() => {
    if (q !== (filters.q ?? '')) set('q', q);
  }, [q]);
  useEffect(() => {
    setSearch((s) => (s.trim() === (filters.q ?? '') ? s : (filters.q ?? '')));
  }, [filters.q]);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState('');

  const tiers = useQuery({
    queryKey: peopleKeys.tiers,
    queryFn: ({ signal }) => api.get<{ items: Tier[] }>('/api/memberships/tiers', signal),
  });
  const members = useInfiniteQuery({
    queryKey: peopleKeys.members(filters),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
      if (pageParam) params.set('cursor', pageParam);
      return api.get<Page<MemberRow>>(`/api/memberships/members?${params}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  const tierList = tiers.data?.items ?? [];

  const done = async (message: string, focusUserId?: string) => {
    await refreshMemberships();
    setOpen(null);
    setStatus(message);
    // The button that opened the dialog may be gone (an ended membership has no "Beenden"): land on the member.
    if (focusUserId)
      requestAnimationFrame(() => document.getElementById(`ms-member-${focusUserId}`)?.focus());
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    set('q', search.trim());
  };

  return (
    <Card title={t(`${P}.title`)} description={t(`${P}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      <search>
        <form className="ms-filters" onSubmit={onSubmit} aria-label={t(`${P}.filters`)}>
          <TextField
            className="ms-filter-search"
            label={t(`${P}.search`)}
            type="search"
            value={search}
            maxLength={100}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Select
            label={t(`${P}.tierFilter`)}
            value={filters.tier ?? ''}
            onChange={(e) => set('tier', e.target.value)}
          >
            <option value="">{t(`${P}.allTiers`)}</option>
            {tierList.map((x) => (
              <option key={x.id} value={x.id}>
                {x.archived ? t(`${P}.archivedTier`, { name: x.name }) : x.name}
              </option>
            ))}
          </Select>
          <Select
            label={t(`${P}.statusFilter`)}
            value={filters.status ?? ''}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">{t(`${P}.allStatuses`)}</option>
            {MEMBER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`${P}.statuses.${s}`)}
              </option>
            ))}
          </Select>
          <TextField
            label={t(`${P}.joinedFrom`)}
            type="date"
            value={filters.joinedFrom ?? ''}
            max={filters.joinedTo}
            onChange={(e) => set('joinedFrom', e.target.value)}
          />
          <TextField
            label={t(`${P}.joinedTo`)}
            type="date"
            value={filters.joinedTo ?? ''}
            min={filters.joinedFrom}
            onChange={(e) => set('joinedTo', e.target.value)}
          />
          {filtered && (
            <div className="ms-filter-reset">
              <Button
                variant="ghost"
                onClick={() => {
                  setSearch('');
                  reset();
                }}
              >
                {t(`${P}.resetFilters`)}
              </Button>
            </div>
          )}
        </form>
      </search>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <QueryError error={members.error} />
      ) : items.length === 0 ? (
        <p className="muted" role="status">
          {filtered ? t(`${P}.emptyFiltered`) : t(`${P}.empty`)}
        </p>
      ) : (
        <>
          <p className="list-meta" role="status">
            {members.hasNextPage
              ? t(`${P}.countMore`, { count: items.length })
              : t(`${P}.count`, { count: items.length })}
          </p>
          <ul className="list ms-members" data-testid="ms-member-list">
            {items.map((m) => (
              <MemberItem
                key={m.userId}
                member={m}
                onGrant={() => setOpen({ kind: 'grant', member: m })}
                onRevoke={(sub) => setOpen({ kind: 'revoke', member: m, sub })}
                onHistory={() => setOpen({ kind: 'history', member: m })}
              />
            ))}
          </ul>
        </>
      )}
      {members.hasNextPage && (
        <div className="ms-more">
          <Button
            variant="secondary"
            loading={members.isFetchingNextPage}
            onClick={() => members.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        testId="ms-member-dialog"
        title={
          open?.kind === 'grant'
            ? t(`${P}.grantTitle`, { name: open.member.name })
            : open?.kind === 'revoke'
              ? t(`${P}.revokeTitle`, { tier: open.sub.tierName })
              : open?.kind === 'history'
                ? t(`${P}.historyTitle`, { name: open.member.name })
                : ''
        }
      >
        {open?.kind === 'grant' &&
          (tiers.isPending ? (
            <Loading />
          ) : (
            <GrantForm
              member={open.member}
              tiers={tierList}
              onCancel={() => setOpen(null)}
              onDone={(tier) => done(t(`${P}.granted`, { tier, name: open.member.name }))}
            />
          ))}
        {open?.kind === 'revoke' && (
          <RevokeForm
            member={open.member}
            sub={open.sub}
            onCancel={() => setOpen(null)}
            onDone={() =>
              done(t(`${P}.revoked`, { tier: open.sub.tierName, name: open.member.name }), open.member.userId)
            }
          />
        )}
        {open?.kind === 'history' && <History member={open.member} />}
      </Dialog>
    </Card>
  );
}

function MemberItem({
  member: m,
  onGrant,
  onRevoke,
  onHistory,
}: {
  member: MemberRow;
  onGrant: () => void;
  onRevoke: (s: Subscription) => void;
  onHistory: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li className="ms-member" data-testid="ms-member">
      <div className="list-main">
        <p className="list-title" id={`ms-member-${m.userId}`} tabIndex={-1}>
          {m.name}
        </p>
        <p className="list-meta">
          {m.email} · {t(`${P}.joined`, { date: f.date(m.joinedAt) })}
        </p>
        {m.subscriptions.length === 0 ? (
          <p className="list-meta">{t(`${P}.noMembership`)}</p>
        ) : (
          <ul className="ms-subs" aria-label={t(`${P}.membershipsOf`, { name: m.name })}>
            {m.subscriptions.map((s) => (
              <MembershipLine key={s.id} sub={s} memberName={m.name} f={f} onRevoke={() => onRevoke(s)} />
            ))}
          </ul>
        )}
      </div>
      <div className="row-actions">
        <Button variant="secondary" size="sm" onClick={onGrant}>
          {t(`${P}.grant`)}
          <span className="sr-only">: {m.name}</span>
        </Button>
        <Button variant="ghost" size="sm" onClick={onHistory}>
          {t(`${P}.history`)}
          <span className="sr-only">: {m.name}</span>
        </Button>
      </div>
    </li>
  );
}
