import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../../web/api.ts';
import { errorMessage, fieldErrorsOf } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useMe } from '../../../web/session.ts';
import { Avatar, Button, ConfirmButton, Loading, SafeHtml, TextArea } from '../../../web/ui/index.ts';
import { AuthorName } from './AuthorMenu.tsx';
import { type Comment, type Post, patchPost, spaceKeys, useComments } from './data.ts';
import { useDateTime } from './format.ts';
import { Reactions } from './Reactions.tsx';
import { ReportButton } from './ReportButton.tsx';
import { isModeratorRole } from './roles.ts';

/** The discussion under a post: comments, one level of replies, answers on questions. */
export function Comments({ post }: { post: Post }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const location = useLocation();
  const comments = useComments(post.id);
  const [focusId, setFocusId] = useState<string | null>(null);

  useEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(`comment-${focusId}`);
    if (el) {
      el.focus();
      setFocusId(null);
    }
  });

  const all = comments.data ?? [];
  const top = all.filter((c) => !c.parentId);
  const repliesOf = (id: string) => all.filter((c) => c.parentId === id);
  const canComment =
    Boolean(me) && post.status === 'published' && (!post.closed || isModeratorRole(me?.role));
  const onCreated = (c: Comment) => {
    queryClient.setQueryData<Comment[]>(spaceKeys.comments(post.id), (l) =>
      l?.some((x) => x.id === c.id) ? l : [...(l ?? []), c],
    );
    patchPost(post.id, (p) => ({ ...p, commentCount: p.commentCount + 1 }));
    setFocusId(c.id);
  };

  return (
    <section className="comments" aria-labelledby="comments-heading" id="comments">
      <h2 id="comments-heading">{t('spaces.comments.heading', { count: post.commentCount })}</h2>
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <QueryError error={comments.error} />
      ) : top.length === 0 ? (
        <p className="muted">{t('spaces.comments.empty')}</p>
      ) : (
        <ol className="comment-list" data-testid="comments">
          {top.map((c) => (
            <li key={c.id}>
              <CommentItem comment={c} post={post} canReply={canComment} onCreated={onCreated} />
              {repliesOf(c.id).length > 0 && (
                <ol className="comment-list replies">
                  {repliesOf(c.id).map((r) => (
                    <li key={r.id}>
                      <CommentItem comment={r} post={post} canReply={false} onCreated={onCreated} />
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <CommentForm post={post} onCreated={onCreated} />
      ) : post.closed ? (
        <p className="muted">{t('spaces.comments.closed')}</p>
      ) : !me ? (
        <p className="muted">
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
            {t('spaces.comments.loginToComment')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function CommentItem({
  comment: c,
  post,
  canReply,
  onCreated,
}: {
  comment: Comment;
  post: Post;
  canReply: boolean;
  onCreated: (c: Comment) => void;
}) {
  const { t } = useTranslation();
  const when = useDateTime();
  const me = useMe().data;
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (body: string) => api.patch(`/api/comments/${c.id}`, { body }),
    onSuccess: () => {
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.comments(post.id) });
    },
  });
  const deleted = c.status === 'deleted';
  const moderator = isModeratorRole(me?.role);
  const canReport = Boolean(me && c.author && c.author.id !== me.id && c.status === 'published');
  // Through the moderation API, so every decision lands in the audit log.
  const visibility = useMutation({
    mutationFn: (status: 'published' | 'hidden') =>
      api.put('/api/moderation/visibility', { targetType: 'comment', targetId: c.id, status }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: spaceKeys.comments(post.id) });
      void queryClient.invalidateQueries({ queryKey: ['moderation'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/comments/${c.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: spaceKeys.comments(post.id) });
      void queryClient.invalidateQueries({ queryKey: spaceKeys.post(post.id) });
    },
  });
  const answer = useMutation({
    mutationFn: (commentId: string | null) => api.put<Post>(`/api/posts/${post.id}/answer`, { commentId }),
    onSuccess: (fresh) => {
      patchPost(post.id, () => fresh);
      void queryClient.invalidateQueries({ queryKey: spaceKeys.comments(post.id) });
    },
  });
  const name = c.author?.name ?? t('spaces.post.deletedAuthor');

  if (deleted && !c.bodyHtml) {
    return (
      <article className="comment is-deleted" id={`comment-${c.id}`} tabIndex={-1}>
        <p className="muted">{t('spaces.comments.deleted')}</p>
      </article>
    );
  }
  return (
    <article
      className={`comment ${c.isAnswer ? 'is-answer' : ''}`}
      id={`comment-${c.id}`}
      tabIndex={-1}
      aria-label={t('spaces.comments.by', { name })}
      data-testid="comment"
    >
      <header className="comment-head">
        <Avatar name={name} src={c.author?.image} size={32} />
        <p className="list-meta">
          <AuthorName author={c.author} className="comment-author" /> ·{' '}
          <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
          {c.editedAt && <> · {t('spaces.post.edited')}</>}
        </p>
        {c.isAnswer && <span className="badge badge-success">{t('spaces.comments.answer')}</span>}
        {c.status === 'deleted' && <span className="badge badge-error">{t('spaces.post.deletedBadge')}</span>}
        {(c.status === 'pending' || c.status === 'hidden') && (
          <span className="badge">{t(`spaces.status.${c.status}`)}</span>
        )}
      </header>
      {editing === null ? (
        <SafeHtml html={c.bodyHtml} className="comment-body" />
      ) : (
        <form
          className="comment-edit"
          onSubmit={(e) => {
            e.preventDefault();
            if (editing.trim()) update.mutate(editing);
          }}
        >
          <TextArea
            label={t('spaces.comments.editLabel')}
            value={editing}
            rows={4}
            onChange={(e) => setEditing(e.target.value)}
            error={update.isError ? errorMessage(update.error, t) : undefined}
            autoFocus
          />
          <div className="form-actions">
            <Button type="submit" size="sm" loading={update.isPending}>
              {t('common.save')}
            </Button>
            <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
      {!deleted && (
        <Reactions
          target={{ type: 'comment', id: c.id }}
          postId={post.id}
          reactions={c.reactions}
          mine={c.myReactions}
        />
      )}
      {!deleted && (
        <div className="comment-actions">
          {canReply && (
            <Button variant="ghost" size="sm" aria-expanded={replying} onClick={() => setReplying((r) => !r)}>
              {t('spaces.comments.reply')}
              <span className="sr-only"> {t('spaces.comments.to', { name })}</span>
            </Button>
          )}
          {post.kind === 'question' && post.canEdit && !c.parentId && (
            <Button
              variant="ghost"
              size="sm"
              loading={answer.isPending}
              onClick={() => answer.mutate(c.isAnswer ? null : c.id)}
            >
              {c.isAnswer ? t('spaces.comments.unmarkAnswer') : t('spaces.comments.markAnswer')}
            </Button>
          )}
          {canReport && (
            <ReportButton targetType="comment" targetId={c.id} context={t('spaces.comments.by', { name })} />
          )}
          {moderator && c.status === 'pending' && (
            <Button
              variant="secondary"
              size="sm"
              loading={visibility.isPending}
              onClick={() => visibility.mutate('published')}
            >
              {t('moderation.queue.approve')}
            </Button>
          )}
          {moderator && c.status !== 'hidden' && (
            <Button
              variant="ghost"
              size="sm"
              loading={visibility.isPending}
              onClick={() => visibility.mutate('hidden')}
            >
              {c.status === 'pending' ? t('moderation.queue.reject') : t('moderation.hide')}
            </Button>
          )}
          {moderator && c.status === 'hidden' && (
            <Button
              variant="secondary"
              size="sm"
              loading={visibility.isPending}
              onClick={() => visibility.mutate('published')}
            >
              {t('moderation.restore')}
            </Button>
          )}
          {c.canEdit && c.bodyMd !== undefined && editing === null && (
            <Button variant="ghost" size="sm" onClick={() => setEditing(c.bodyMd ?? '')}>
              {t('spaces.comments.edit')}
            </Button>
          )}
          {c.canEdit && (
            <ConfirmButton
              label={t('spaces.comments.delete')}
              question={t('spaces.comments.deleteQuestion')}
              confirmLabel={t('spaces.comments.deleteConfirm')}
              loading={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          )}
        </div>
      )}
      {(remove.isError || answer.isError || visibility.isError) && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error ?? answer.error ?? visibility.error, t)}
        </p>
      )}
      {replying && (
        <CommentForm
          post={post}
          parent={c}
          onCreated={(created) => {
            setReplying(false);
            onCreated(created);
          }}
          onCancel={() => setReplying(false)}
        />
      )}
    </article>
  );
}

function CommentForm({
  post,
  parent,
  onCreated,
  onCancel,
}: {
  post: Post;
  parent?: Comment;
  onCreated: (c: Comment) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  // A reply form opens on demand: put the cursor in it.
  useEffect(() => {
    if (parent) area.current?.focus();
  }, [parent]);
  const create = useMutation({
    mutationFn: () =>
      api.post<Comment>(`/api/posts/${post.id}/comments`, {
        body,
        ...(parent ? { parentId: parent.id } : {}),
      }),
    onSuccess: (c) => {
      setBody('');
      onCreated(c);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    create.mutate();
  };
  const fieldError = empty ? t('spaces.comments.emptyError') : fieldErrorsOf(create.error, t).body;
  const label = parent
    ? t('spaces.comments.replyLabel', { name: parent.author?.name ?? t('spaces.post.deletedAuthor') })
    : t('spaces.comments.label');
  return (
    <form
      onSubmit={submit}
      noValidate
      className="comment-form"
      data-testid={parent ? 'reply-form' : 'comment-form'}
    >
      <TextArea
        id={`${id}-body`}
        label={label}
        hint={t('spaces.composer.markdownHintShort')}
        rows={parent ? 2 : 3}
        maxLength={20000}
        value={body}
        ref={area}
        onChange={(e) => setBody(e.target.value)}
        error={fieldError}
      />
      {create.isError && !fieldError && (
        <p className="field-error" role="alert">
          {errorMessage(create.error, t)}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" loading={create.isPending}>
          {parent ? t('spaces.comments.sendReply') : t('spaces.comments.send')}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
