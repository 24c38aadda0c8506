import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { errorMessage, fieldErrorsOf } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useMe, useTitle } from '../../../web/session.ts';
import { Alert, Avatar, Button, ConfirmButton, FormError, Loading, SafeHtml, TextArea, TextField } from '../../../web/ui/index.ts';
import { Attachments } from './Attachments.tsx';
import { AuthorName } from './AuthorMenu.tsx';
import { Comments } from './Comments.tsx';
import { type Post, patchPost, type Revision, spaceKeys, usePost } from './data.ts';
import { useDateTime } from './format.ts';
import { useSpaceLive } from './live.ts';
import { Poll } from './Poll.tsx';
import { hostOf, PostBadges, usePostHeading } from './PostCard.tsx';
import { Reactions } from './Reactions.tsx';
import { ReportButton } from './ReportButton.tsx';

/** `/posts/:id`: one post with its poll, reactions, moderation and the comments. */
export default function PostPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const post = usePost(id);
  const heading = usePostHeading();
  useTitle(post.data ? heading(post.data) : t('spaces.post.title'));
  useSpaceLive(post.data?.spaceId);

  if (post.isPending) return <Loading />;
  if (post.isError) return <QueryError error={post.error} />;
  const p = post.data;
  return (
    <>
      <nav aria-label={t('spaces.post.breadcrumb')} className="breadcrumb">
        <Link to="/spaces">{t('spaces.title')}</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/spaces/${p.spaceSlug}`}>{p.spaceName}</Link>
      </nav>
      <PostView post={p} />
      {p.status !== 'deleted' && <Comments post={p} />}
    </>
  );
}

function PostView({ post: p }: { post: Post }) {
  const { t } = useTranslation();
  const when = useDateTime();
  const heading = usePostHeading()(p);
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const deleted = p.status === 'deleted';

  return (
    <article className="card post" aria-labelledby="post-title" data-testid="post">
      <header className="post-head">
        <h1 id="post-title">{heading}</h1>
        <PostBadges post={p} unread={false} />
        <div className="post-author">
          <Avatar name={p.author?.name ?? '?'} src={p.author?.image} size={40} />
          <p className="list-meta">
            <AuthorName author={p.author} testId="post-author" /> ·{' '}
            <time dateTime={p.publishAt}>{when(p.publishAt)}</time>
            {p.editedAt && (
              <>
                {' · '}
                <span title={when(p.editedAt)}>{t('spaces.post.edited')}</span>
              </>
            )}
          </p>
        </div>
      </header>
      {deleted && (
        <Alert tone="error" announce={false}>
          {t('spaces.post.deletedNote')}
        </Alert>
      )}
      {(p.status === 'pending' || p.status === 'hidden') && (
        <Alert tone="info" announce={false} testId="post-status-note">
          {t(`spaces.post.statusNote.${p.status}`)}
        </Alert>
      )}
      {editing ? (
        <EditPost
          post={p}
          onDone={() => {
            setEditing(false);
            requestAnimationFrame(() => editButton.current?.focus());
          }}
        />
      ) : (
        p.bodyHtml && <SafeHtml html={p.bodyHtml} className="post-body" />
      )}
      {p.linkUrl && p.kind === 'find' && <LinkCard post={p} />}
      {!deleted && <Attachments items={p.attachments} />}
      {p.poll && !deleted && <Poll post={p} poll={p.poll} />}
      {!deleted && <Reactions target={{ type: 'post', id: p.id }} postId={p.id} reactions={p.reactions} mine={p.myReactions} />}
      <PostActions
        post={p}
        editing={editing}
        editButton={editButton}
        onEdit={() => setEditing(true)}
        history={history}
        onHistory={() => setHistory((h) => !h)}
      />
      {history && <History post={p} />}
    </article>
  );
}

function LinkCard({ post: p }: { post: Post }) {
  const { t } = useTranslation();
  const pv = p.linkPreview;
  const url = p.linkUrl!;
  return (
    <a className="link-card" href={url} rel="noopener noreferrer nofollow" target="_blank" data-testid="link-card">
      <span className="link-card-site">{pv?.siteName ?? hostOf(url)}</span>
      <span className="link-card-title">{pv?.title ?? url}</span>
      {pv?.description && <span className="link-card-text">{pv.description}</span>}
      <span className="sr-only"> {t('spaces.post.opensNewTab')}</span>
    </a>
  );
}

function PostActions({
  post: p,
  editing,
  editButton,
  onEdit,
  history,
  onHistory,
}: {
  post: Post;
  editing: boolean;
  editButton: RefObject<HTMLButtonElement | null>;
  onEdit: () => void;
  history: boolean;
  onHistory: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const deleted = p.status === 'deleted';
  const heading = usePostHeading()(p);
  const done = (fresh: Post) => {
    patchPost(p.id, () => fresh);
    void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
  };
  const flags = useMutation({
    mutationFn: (f: { pinned?: boolean; closed?: boolean }) => api.patch<Post>(`/api/posts/${p.id}/flags`, f),
    onSuccess: done,
  });
  const restore = useMutation({ mutationFn: () => api.post<Post>(`/api/posts/${p.id}/restore`), onSuccess: done });
  // Hiding, approving and locking go through the moderation API, which writes the audit log.
  const moderated = async () => {
    await queryClient.invalidateQueries({ queryKey: spaceKeys.post(p.id) });
    void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
    void queryClient.invalidateQueries({ queryKey: ['moderation'] });
  };
  const visibility = useMutation({
    mutationFn: (status: 'published' | 'hidden') =>
      api.put('/api/moderation/visibility', { targetType: 'post', targetId: p.id, status }),
    onSuccess: moderated,
  });
  const lock = useMutation({
    mutationFn: (locked: boolean) => api.put(`/api/moderation/posts/${p.id}/lock`, { locked }),
    onSuccess: moderated,
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/posts/${p.id}`),
    onSuccess: async () => {
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      if (p.canModerate) await queryClient.invalidateQueries({ queryKey: spaceKeys.post(p.id) });
      else navigate(`/spaces/${p.spaceSlug}`, { replace: true });
    },
  });
  const error = flags.error ?? restore.error ?? remove.error ?? visibility.error ?? lock.error;
  const canReport = Boolean(me && p.author && p.author.id !== me.id && p.status === 'published');
  // Editing needs the Markdown source, which the API returns to the author only.
  const canEditText = p.canEdit && p.bodyMd !== undefined && !deleted;
  if (!p.canEdit && !p.canModerate && !canReport) return null;
  return (
    <div className="post-actions">
      {canEditText && !editing && (
        <Button ref={editButton} variant="secondary" size="sm" onClick={onEdit}>
          {t('spaces.post.edit')}
        </Button>
      )}
      {p.editedAt && p.canEdit && (
        <Button variant="ghost" size="sm" aria-expanded={history} onClick={onHistory}>
          {t('spaces.post.history')}
        </Button>
      )}
      {p.canModerate && !deleted && (
        <>
          <Button variant="ghost" size="sm" aria-pressed={p.pinned} loading={flags.isPending && flags.variables?.pinned !== undefined} onClick={() => flags.mutate({ pinned: !p.pinned })}>
            {t('spaces.post.pin')}
          </Button>
          <Button variant="ghost" size="sm" loading={lock.isPending} onClick={() => lock.mutate(!p.closed)}>
            {p.closed ? t('spaces.post.unlock') : t('spaces.post.lock')}
          </Button>
          {p.status === 'pending' && (
            <>
              <Button variant="secondary" size="sm" loading={visibility.isPending && visibility.variables === 'published'} onClick={() => visibility.mutate('published')}>
                {t('moderation.queue.approve')}
              </Button>
              <Button variant="ghost" size="sm" loading={visibility.isPending && visibility.variables === 'hidden'} onClick={() => visibility.mutate('hidden')}>
                {t('moderation.queue.reject')}
              </Button>
            </>
          )}
          {p.status === 'published' && (
            <Button variant="ghost" size="sm" loading={visibility.isPending} onClick={() => visibility.mutate('hidden')}>
              {t('moderation.hide')}
            </Button>
          )}
          {p.status === 'hidden' && (
            <Button variant="secondary" size="sm" loading={visibility.isPending} onClick={() => visibility.mutate('published')}>
              {t('moderation.restore')}
            </Button>
          )}
        </>
      )}
      {p.canModerate && deleted && (
        <Button variant="secondary" size="sm" loading={restore.isPending} onClick={() => restore.mutate()}>
          {t('spaces.post.restore')}
        </Button>
      )}
      {p.canEdit && !deleted && (
        <ConfirmButton
          label={t('spaces.post.delete')}
          question={t('spaces.post.deleteQuestion')}
          confirmLabel={t('spaces.post.deleteConfirm')}
          loading={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      )}
      {canReport && <ReportButton targetType="post" targetId={p.id} context={heading} />}
      {error && (
        <p className="field-error" role="alert">
          {errorMessage(error, t)}
        </p>
      )}
    </div>
  );
}

function EditPost({ post: p, onDone }: { post: Post; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(p.title ?? '');
  const [body, setBody] = useState(p.bodyMd ?? '');
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const save = useMutation({
    mutationFn: () => api.patch<Post>(`/api/posts/${p.id}`, { title: title.trim() || null, body }),
    onSuccess: (fresh) => {
      patchPost(p.id, () => fresh);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.revisions(p.id) });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
      onDone();
    },
  });
  const fields = fieldErrorsOf(save.error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack edit-form" data-testid="edit-post">
      <FormError
        error={save.error}
        fields={fields}
        labels={{ title: t('spaces.composer.title'), body: t('spaces.composer.body') }}
        ids={{ title: `${id}-title`, body: `${id}-body` }}
      />
      <TextField id={`${id}-title`} label={t('spaces.composer.title')} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} error={fields.title} ref={titleRef} />
      <TextArea
        id={`${id}-body`}
        label={t('spaces.composer.body')}
        hint={t('spaces.composer.markdownHint')}
        rows={8}
        value={body}
        maxLength={40000}
        onChange={(e) => setBody(e.target.value)}
        error={fields.body}
      />
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function History({ post: p }: { post: Post }) {
  const { t } = useTranslation();
  const when = useDateTime();
  const ref = useRef<HTMLElement>(null);
  const revs = useQuery({
    queryKey: spaceKeys.revisions(p.id),
    queryFn: ({ signal }) => api.get<{ items: Revision[] }>(`/api/posts/${p.id}/revisions`, signal).then((r) => r.items),
  });
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <section className="history" aria-labelledby="history-heading" ref={ref} tabIndex={-1} data-testid="history">
      <h2 id="history-heading">{t('spaces.post.historyHeading')}</h2>
      {revs.isPending ? (
        <Loading />
      ) : revs.isError ? (
        <QueryError error={revs.error} />
      ) : revs.data.length === 0 ? (
        <p className="muted">{t('spaces.post.historyEmpty')}</p>
      ) : (
        <ol className="history-list">
          {revs.data.map((r) => (
            <li key={r.id}>
              <p className="list-meta">{t('spaces.post.versionFrom', { date: when(r.createdAt) })}</p>
              {r.title && <p className="history-title">{r.title}</p>}
              <pre className="history-body">{r.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
