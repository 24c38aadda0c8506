import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { errorMessage } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import { Avatar, Button, Card, Loading } from '../../../web/ui/index.ts';
import type { Comment, Post } from '../../spaces/schema.ts';
import { modKeys, plainText, type Report, SPACES_KEY, useQueue } from './data.ts';

type Target = { targetType: 'post' | 'comment'; targetId: string };
interface Group extends Target {
  reports: Report[];
}

function useWhen(): (iso: string) => string {
  const { i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => fmt.format(new Date(iso));
}

/** After a decision: the queue, the log, and any cached post or thread are out of date. */
function refreshAll() {
  void queryClient.invalidateQueries({ queryKey: modKeys.all });
  void queryClient.invalidateQueries({ queryKey: SPACES_KEY });
}

/** `/moderation`: open reports grouped by what they are about, then posts and comments waiting for approval. */
export default function QueuePage() {
  const { t } = useTranslation();
  useTitle(t('moderation.queue.title'));
  const queue = useQueue();
  const [announce, setAnnounce] = useState('');
  const headings = { reports: useRef<HTMLHeadingElement>(null), posts: useRef<HTMLHeadingElement>(null), comments: useRef<HTMLHeadingElement>(null) };
  // The item a decision was about disappears; its section's heading keeps the keyboard in place.
  const decided = (message: string, section: keyof typeof headings) => {
    setAnnounce(message);
    headings[section].current?.focus();
    refreshAll();
  };

  if (queue.isPending) return <Loading />;
  if (queue.isError) return <QueryError error={queue.error} />;
  const groups = new Map<string, Group>();
  for (const r of queue.data.reports) {
    const key = `${r.targetType}:${r.targetId}`;
    const g = groups.get(key) ?? { targetType: r.targetType, targetId: r.targetId, reports: [] };
    g.reports.push(r);
    groups.set(key, g);
  }
  const { pendingPosts, pendingComments } = queue.data;

  return (
    <div className="stack" data-testid="moderation-queue">
      <p className="sr-only" role="status">
        {announce}
      </p>
      <Card as="section" aria-labelledby="queue-reports">
        <h2 id="queue-reports" className="card-title" ref={headings.reports} tabIndex={-1}>
          {t('moderation.queue.reports', { count: groups.size })}
        </h2>
        {groups.size === 0 ? (
          <p className="muted">{t('moderation.queue.noReports')}</p>
        ) : (
          <ul className="list queue-list">
            {[...groups.values()].map((g) => (
              <ReportGroup key={`${g.targetType}:${g.targetId}`} group={g} onDone={(m) => decided(m, 'reports')} />
            ))}
          </ul>
        )}
      </Card>
      <Card as="section" aria-labelledby="queue-posts">
        <h2 id="queue-posts" className="card-title" ref={headings.posts} tabIndex={-1}>
          {t('moderation.queue.pendingPosts', { count: pendingPosts.length })}
        </h2>
        {pendingPosts.length === 0 ? (
          <p className="muted">{t('moderation.queue.noPending')}</p>
        ) : (
          <ul className="list queue-list">
            {pendingPosts.map((p) => (
              <PendingPost key={p.id} post={p} onDone={(m) => decided(m, 'posts')} />
            ))}
          </ul>
        )}
      </Card>
      <Card as="section" aria-labelledby="queue-comments">
        <h2 id="queue-comments" className="card-title" ref={headings.comments} tabIndex={-1}>
          {t('moderation.queue.pendingComments', { count: pendingComments.length })}
        </h2>
        {pendingComments.length === 0 ? (
          <p className="muted">{t('moderation.queue.noPending')}</p>
        ) : (
          <ul className="list queue-list">
            {pendingComments.map((c) => (
              <PendingComment key={c.id} comment={c} onDone={(m) => decided(m, 'comments')} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

/** What a report is about: posts are previewed from the API; comments only by type (see the API gap). */
function TargetPreview({ targetType, targetId }: Target) {
  const { t } = useTranslation();
  const post = useQuery({
    queryKey: modKeys.target(targetId),
    queryFn: ({ signal }) => api.get<Post>(`/api/posts/${encodeURIComponent(targetId)}`, signal),
    enabled: targetType === 'post',
    staleTime: 60_000,
  });
  if (targetType === 'comment') {
    return <p className="list-title">{t('moderation.target.comment')}</p>;
  }
  if (post.isPending) return <p className="list-title">{t('moderation.target.post')}</p>;
  if (post.isError) return <p className="list-title">{t('moderation.target.gone')}</p>;
  const p = post.data;
  const excerpt = plainText(p.bodyHtml);
  return (
    <>
      <p className="list-title">
        <Link to={`/posts/${p.id}`}>{p.title ?? t('moderation.target.postBy', { name: p.author?.name ?? '?' })}</Link>
      </p>
      <p className="list-meta">
        {t('moderation.target.postMeta', { name: p.author?.name ?? '?', space: p.spaceName })}
      </p>
      {excerpt && <blockquote className="queue-excerpt">{excerpt}</blockquote>}
    </>
  );
}

function ReportGroup({ group: g, onDone }: { group: Group; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const resolve = useMutation({
    mutationFn: (action: 'dismiss' | 'hide') =>
      api.post(`/api/moderation/reports/${encodeURIComponent(g.reports[0]!.id)}/resolve`, { action }),
    onSuccess: (_r, action) => onDone(t(`moderation.queue.done_${action}`)),
  });
  const what = t(`moderation.target.${g.targetType}`);
  return (
    <li className="queue-item" data-testid="report-group">
      <div className="list-main">
        <TargetPreview targetType={g.targetType} targetId={g.targetId} />
        <p className="list-meta">{t('moderation.queue.reportCount', { count: g.reports.length })}</p>
        <ul className="report-reasons">
          {g.reports.map((r) => (
            <li key={r.id}>
              <span className="badge">{t(`moderation.reasons.${r.reason}`)}</span>{' '}
              <span className="list-meta">
                {t('moderation.queue.reportedBy', { name: r.reporter ?? t('spaces.post.deletedAuthor'), date: when(r.createdAt) })}
              </span>
              {r.note && <span className="report-note">„{r.note}“</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="row-actions">
        <Button variant="danger" size="sm" loading={resolve.isPending && resolve.variables === 'hide'} onClick={() => resolve.mutate('hide')}>
          {t('moderation.hide')}
          <span className="sr-only"> {what}</span>
        </Button>
        <Button variant="secondary" size="sm" loading={resolve.isPending && resolve.variables === 'dismiss'} onClick={() => resolve.mutate('dismiss')}>
          {t('moderation.queue.dismiss')}
          <span className="sr-only"> {t('moderation.queue.reportsOn', { what })}</span>
        </Button>
      </div>
      {resolve.isError && (
        <p className="field-error" role="alert">
          {errorMessage(resolve.error, t)}
        </p>
      )}
    </li>
  );
}

function useDecide(targetType: 'post' | 'comment', targetId: string, onDone: (m: string) => void) {
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (status: 'published' | 'hidden') => api.put('/api/moderation/visibility', { targetType, targetId, status }),
    onSuccess: (_r, status) => onDone(t(status === 'published' ? 'moderation.queue.done_approve' : 'moderation.queue.done_reject')),
  });
}

function Decision({ decide, name }: { decide: ReturnType<typeof useDecide>; name: string }) {
  const { t } = useTranslation();
  return (
    <div className="row-actions">
      <Button size="sm" loading={decide.isPending && decide.variables === 'published'} onClick={() => decide.mutate('published')}>
        {t('moderation.queue.approve')}
        <span className="sr-only"> {name}</span>
      </Button>
      <Button variant="secondary" size="sm" loading={decide.isPending && decide.variables === 'hidden'} onClick={() => decide.mutate('hidden')}>
        {t('moderation.queue.reject')}
        <span className="sr-only"> {name}</span>
      </Button>
      {decide.isError && (
        <p className="field-error" role="alert">
          {errorMessage(decide.error, t)}
        </p>
      )}
    </div>
  );
}

function PendingPost({ post: p, onDone }: { post: Post; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const decide = useDecide('post', p.id, onDone);
  const author = p.author?.name ?? t('spaces.post.deletedAuthor');
  const title = p.title ?? t('moderation.target.postBy', { name: author });
  const excerpt = plainText(p.bodyHtml);
  return (
    <li className="queue-item" data-testid="pending-post">
      <Avatar name={author} src={p.author?.image} size={36} />
      <div className="list-main">
        <p className="list-title">
          <Link to={`/posts/${p.id}`}>{title}</Link>
        </p>
        <p className="list-meta">
          {t('moderation.target.postMeta', { name: author, space: p.spaceName })} · <time dateTime={p.createdAt}>{when(p.createdAt)}</time>
          {p.attachments.length > 0 && <> · {t('moderation.queue.files', { count: p.attachments.length })}</>}
        </p>
        {excerpt && <blockquote className="queue-excerpt">{excerpt}</blockquote>}
      </div>
      <Decision decide={decide} name={title} />
    </li>
  );
}

function PendingComment({ comment: c, onDone }: { comment: Comment; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const decide = useDecide('comment', c.id, onDone);
  const author = c.author?.name ?? t('spaces.post.deletedAuthor');
  const label = t('spaces.comments.by', { name: author });
  return (
    <li className="queue-item" data-testid="pending-comment">
      <Avatar name={author} src={c.author?.image} size={36} />
      <div className="list-main">
        <p className="list-title">
          <Link to={`/posts/${c.postId}#comment-${c.id}`}>{label}</Link>
        </p>
        <p className="list-meta">
          <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
        </p>
        <blockquote className="queue-excerpt">{plainText(c.bodyHtml)}</blockquote>
      </div>
      <Decision decide={decide} name={label} />
    </li>
  );
}
