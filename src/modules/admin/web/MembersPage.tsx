import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Member, type Page, type Role } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { keys, queryClient, useMe, useTitle } from '../../../web/session.ts';
import { Avatar, Button, Card, Loading, TextField } from '../../../web/ui/index.ts';
import { MemberAttendance } from './MemberAttendance.tsx';

const ASSIGNABLE: Role[] = ['member', 'moderator', 'admin'];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export default function MembersPage() {
  const { t } = useTranslation();
  useTitle(t('admin.members.title'));
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const members = useInfiniteQuery({
    queryKey: keys.members(q),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      if (pageParam) params.set('cursor', pageParam);
      if (q) params.set('q', q);
      return api.get<Page<Member>>(`/api/admin/members?${params}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card title={t('admin.members.title')} description={t('admin.members.lead')}>
      <search style={{ display: 'block', maxWidth: '26rem', marginBottom: '1rem' }}>
        <TextField
          label={t('admin.members.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          hint={t('admin.members.searchHint')}
        />
      </search>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <QueryError error={members.error} />
      ) : items.length === 0 ? (
        <p className="muted" role="status">
          {t('admin.members.empty')}
        </p>
      ) : (
        <>
          <p className="sr-only" role="status">
            {t('admin.members.count', { count: items.length })}
          </p>
          <ul className="list" data-testid="member-list">
            {items.map((m) => (
              <MemberRow key={m.id} member={m} />
            ))}
          </ul>
        </>
      )}
      {members.hasNextPage && (
        <div style={{ marginTop: '1rem' }}>
          <Button variant="secondary" loading={members.isFetchingNextPage} onClick={() => members.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}

function MemberRow({ member }: { member: Member }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const id = useId();
  const [attendance, setAttendance] = useState(false);
  const change = useMutation({
    mutationFn: (role: Role) => api.patch<Member>(`/api/admin/members/${encodeURIComponent(member.id)}`, { role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'members'] }),
  });
  // The owner role is never assignable; only the owner may change admins; nobody changes their own role here.
  const locked =
    member.role === 'owner' || member.id === me?.id || (member.role === 'admin' && me?.role !== 'owner');
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });
  const shown = change.isPending && change.variables ? change.variables : member.role;

  return (
    <li data-testid="member-row" style={attendance ? { alignItems: 'flex-start' } : undefined}>
      <Avatar name={member.name} src={member.image} size={44} />
      <div className="list-main">
        <p className="list-title">
          {member.name}{' '}
          {!member.emailVerified && <span className="badge">{t('admin.members.unverified')}</span>}
        </p>
        <p className="list-meta">
          {member.email} · {t('admin.members.joined', { date: date.format(new Date(member.createdAt)) })}
        </p>
        {change.isError && (
          <p className="field-error" role="alert" id={`${id}-error`}>
            {errorMessage(change.error, t)}
          </p>
        )}
        {change.isSuccess && (
          <p className="list-meta" role="status">
            {t('admin.members.roleSaved')}
          </p>
        )}
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={attendance}
          aria-controls={`${id}-attendance`}
          onClick={() => setAttendance((o) => !o)}
          style={{ marginTop: '0.25rem', marginInlineStart: '-0.8rem' }}
        >
          <span aria-hidden="true">{attendance ? '▾' : '▸'}</span> {t('admin.members.attendance.toggle')}
          <span className="sr-only"> – {member.name}</span>
        </Button>
        <div id={`${id}-attendance`} hidden={!attendance} style={{ marginTop: '0.4rem' }}>
          {attendance && <MemberAttendance userId={member.id} name={member.name} />}
        </div>
      </div>
      <div className="field" style={{ minWidth: '11rem' }}>
        <label htmlFor={id} style={{ fontSize: '0.9rem' }}>
          {t('admin.members.role')}
          <span className="sr-only"> – {member.name}</span>
        </label>
        {locked ? (
          <select id={id} value={member.role} disabled>
            <option value={member.role}>{t(`roles.${member.role}`)}</option>
          </select>
        ) : (
          <select
            id={id}
            value={shown}
            disabled={change.isPending}
            aria-describedby={change.isError ? `${id}-error` : undefined}
            onChange={(e) => change.mutate(e.target.value as Role)}
          >
            {ASSIGNABLE.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </div>
    </li>
  );
}
