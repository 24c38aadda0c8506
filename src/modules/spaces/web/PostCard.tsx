import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar, SafeHtml } from '../../../web/ui/index.ts';
import { Attachments } from './Attachments.tsx';
import type { Post } from './data.ts';
import { useDateTime } from './format.ts';

/** The heading of a post: its title, or a sensible stand-in when it has none. */
export function usePostHeading(): (p: Post) => string {
  const { t } = useTranslation();
  return (p) => {
    if (p.title) return p.title;
    if (p.kind === 'find' && p.linkUrl) return p.linkPreview?.title ?? hostOf(p.linkUrl);
    return t('spaces.post.untitled', { kind: t(`spaces.kinds.${p.kind}`), name: p.author?.name ?? t('spaces.post.deletedAuthor') });
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Small labels: kind, pinned, closed, scheduled, unread. */
export function PostBadges({ post, unread = true }: { post: Post; unread?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="post-badges">
      {unread && post.unread && (
        <span className="badge badge-new" data-testid="unread">
          <span className="unread-dot" aria-hidden="true" />
          {t('spaces.post.new')}
        </span>
      )}
      {post.pinned && <span className="badge badge-info">{t('spaces.post.pinned')}</span>}
      {post.kind !== 'discussion' && <span className="badge">{t(`spaces.kinds.${post.kind}`)}</span>}
      {post.closed && <span className="badge">{t('spaces.post.closed')}</span>}
      {post.scheduled && <span className="badge badge-info">{t('spaces.post.scheduled')}</span>}
      {(post.status === 'pending' || post.status === 'hidden') && (
        <span className="badge badge-warning" data-testid="post-status">
          {t(`spaces.status.${post.status}`)}
        </span>
      )}
    </span>
  );
}

/** One post in a feed: heading link, author, time, a clipped body and the counts. */
export function PostCard({ post, showSpace = false }: { post: Post; showSpace?: boolean }) {
  const { t } = useTranslation();
  const when = useDateTime();
  const heading = usePostHeading()(post);
  const reactionCount = Object.values(post.reactions).reduce((a, b) => a + b, 0);
  return (
    <article
      className={`post-card ${post.pinned ? 'is-pinned' : ''} ${post.unread ? 'is-unread' : ''}`}
      data-testid="post-card"
      aria-labelledby={`post-${post.id}-title`}
    >
      <header className="post-card-head">
        <Avatar name={post.author?.name ?? '?'} src={post.author?.image} size={36} />
        <div className="post-card-meta">
          <h3 className="post-card-title" id={`post-${post.id}-title`}>
            <Link to={`/posts/${post.id}`}>{heading}</Link>
          </h3>
          <p className="list-meta">
            {post.author?.name ?? t('spaces.post.deletedAuthor')} ·{' '}
            <time dateTime={post.publishAt}>{when(post.publishAt)}</time>
            {showSpace && (
              <>
                {' · '}
                <Link to={`/spaces/${post.spaceSlug}`}>{post.spaceName}</Link>
              </>
            )}
          </p>
        </div>
        <PostBadges post={post} />
      </header>
      {post.bodyHtml && <SafeHtml html={post.bodyHtml} className="post-card-body" />}
      {post.kind === 'find' && post.linkUrl && (
        <p className="post-card-link">
          <a href={post.linkUrl} rel="noopener noreferrer nofollow" target="_blank">
            {post.linkPreview?.siteName ?? hostOf(post.linkUrl)}
            <span className="sr-only"> {t('spaces.post.opensNewTab')}</span>
          </a>
        </p>
      )}
      <Attachments items={post.attachments} compact />
      <p className="post-card-counts list-meta">
        <Link to={`/posts/${post.id}#comments`}>
          {t('spaces.post.comments', { count: post.commentCount })}
          <span className="sr-only">: {heading}</span>
        </Link>
        {reactionCount > 0 && <span>{t('spaces.post.reactionCount', { count: reactionCount })}</span>}
        {post.poll && <span>{t('spaces.kinds.poll')}</span>}
      </p>
    </article>
  );
}
