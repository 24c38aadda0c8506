import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type Mail, type MailDetail, type MailStatus, type Page } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { keys, useTitle } from '../../../web/session.ts';
import { Button, Card, Loading } from '../../../web/ui/index.ts';
import { linkify } from './linkify.tsx';

const STATUS_TONE: Record<MailStatus, string> = {
  queued: 'badge-info',
  sent: 'badge-success',
  stored: '',
  failed: 'badge-error',
};

function StatusBadge({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${STATUS_TONE[status]}`}>{t(`admin.outbox.status.${status}`)}</span>;
}

export default function OutboxPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  useTitle(t('admin.outbox.title'));
  const mails = useInfiniteQuery({
    queryKey: keys.mails,
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Mail>>(`/api/admin/mails${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = mails.data?.pages.flatMap((p) => p.items) ?? [];
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <div className="grid-2" style={{ alignItems: 'start' }}>
      <Card title={t('admin.outbox.title')} description={t('admin.outbox.lead')}>
        <div style={{ marginBottom: '0.75rem' }}>
          <Button variant="secondary" size="sm" loading={mails.isRefetching} onClick={() => mails.refetch()}>
            {t('admin.outbox.refresh')}
          </Button>
        </div>
        {mails.isPending ? (
          <Loading />
        ) : mails.isError ? (
          <QueryError error={mails.error} />
        ) : items.length === 0 ? (
          <p className="muted">{t('admin.outbox.empty')}</p>
        ) : (
          <ul className="list" data-testid="outbox-list">
            {items.map((m) => (
              <li key={m.id} data-testid="outbox-item">
                <div className="list-main">
                  <p className="list-title">
                    <Link to={`/admin/outbox/${encodeURIComponent(m.id)}`} aria-current={m.id === id ? 'true' : undefined}>
                      {m.subject}
                    </Link>
                  </p>
                  <p className="list-meta">
                    {t('admin.outbox.to', { to: m.to })} · {date.format(new Date(m.createdAt))}
                  </p>
                </div>
                <StatusBadge status={m.status} />
              </li>
            ))}
          </ul>
        )}
        {mails.hasNextPage && (
          <div style={{ marginTop: '1rem' }}>
            <Button variant="secondary" loading={mails.isFetchingNextPage} onClick={() => mails.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
      {id ? (
        <MailView id={id} />
      ) : (
        <Card>
          <p className="muted" style={{ margin: 0 }}>
            {t('admin.outbox.choose')}
          </p>
        </Card>
      )}
    </div>
  );
}

function MailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const mail = useQuery({
    queryKey: keys.mail(id),
    queryFn: ({ signal }) => api.get<MailDetail>(`/api/admin/mails/${encodeURIComponent(id)}`, signal),
  });
  if (mail.isPending) return <Loading />;
  if (mail.isError) return <QueryError error={mail.error} />;
  const m = mail.data;
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <Card as="article" title={m.subject} data-testid="mail-view">
      <dl className="meta">
        <dt>{t('admin.outbox.recipient')}</dt>
        <dd>{m.to}</dd>
        <dt>{t('admin.outbox.template')}</dt>
        <dd className="mono">{m.template}</dd>
        <dt>{t('admin.outbox.state')}</dt>
        <dd>
          <StatusBadge status={m.status} />{' '}
          {m.attempts > 0 && t('admin.outbox.attempts', { count: m.attempts })}
        </dd>
        <dt>{t('admin.outbox.created')}</dt>
        <dd>{date.format(new Date(m.createdAt))}</dd>
        {m.sentAt && (
          <>
            <dt>{t('admin.outbox.sent')}</dt>
            <dd>{date.format(new Date(m.sentAt))}</dd>
          </>
        )}
        {m.lastError && (
          <>
            <dt>{t('admin.outbox.lastError')}</dt>
            <dd className="mono">{m.lastError}</dd>
          </>
        )}
      </dl>
      <h3>{t('admin.outbox.text')}</h3>
      <div
        data-testid="mail-text"
        style={{
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          background: 'var(--surface)',
          border: '1px solid var(--border-strong)',
          borderRadius: 'var(--radius-sm)',
          padding: '1rem',
          marginBottom: '1rem',
        }}
      >
        {linkify(m.text)}
      </div>
      {m.html && (
        <details>
          <summary style={{ cursor: 'pointer', fontWeight: 600 }}>{t('admin.outbox.html')}</summary>
          {/* The mail's HTML never enters this page: a sandbox without scripts or same-origin access. */}
          <iframe
            sandbox=""
            srcDoc={m.html}
            title={t('admin.outbox.htmlFrame', { subject: m.subject })}
            style={{ width: '100%', height: '28rem', border: '1px solid var(--border)', borderRadius: 6, marginTop: '0.75rem', background: '#fff' }}
          />
        </details>
      )}
    </Card>
  );
}
