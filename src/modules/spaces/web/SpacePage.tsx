import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { QueryError } from '../../../web/guards.tsx';
import type { RealtimeEvent } from '../../../web/realtime.ts';
import { queryClient, useMe, useTitle } from '../../../web/session.ts';
import { Loading } from '../../../web/ui/index.ts';
import { Composer } from './Composer.tsx';
import { type FeedSort, spaceKeys, useSpace } from './data.ts';
import { Feed } from './Feed.tsx';
import { JoinButton } from './JoinButton.tsx';
import { useSpaceLive } from './live.ts';
import { isModeratorRole } from './roles.ts';

/** `/spaces/:slug`: header, composer, and the live feed. */
export default function SpacePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe().data;
  const space = useSpace(slug);
  const [sort, setSort] = useState<FeedSort>('new');
  const [pending, setPending] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useTitle(space.data?.name ?? t('spaces.title'));

  // New posts while the reader is further down: count them instead of moving the page under their eyes.
  const intercept = useCallback((e: RealtimeEvent) => {
    if (e.type !== 'post.created') return false;
    const top = listRef.current?.getBoundingClientRect().top ?? 0;
    if (top >= -80) return false;
    setPending((n) => n + 1);
    return true;
  }, []);
  useSpaceLive(space.data?.id, intercept);

  const showNew = async () => {
    setPending(0);
    await queryClient.invalidateQueries({ queryKey: spaceKeys.feeds });
    headingRef.current?.scrollIntoView({ block: 'start' });
    headingRef.current?.focus();
  };

  if (space.isPending) return <Loading />;
  if (space.isError) return <QueryError error={space.error} />;
  const s = space.data;
  return (
    <>
      <div className="page-header space-header">
        <div>
          <h1>
            <span className="space-icon" aria-hidden="true">
              {s.icon}
            </span>{' '}
            {s.name}
          </h1>
          {s.description && <p className="page-lead">{s.description}</p>}
          <p className="space-card-foot">
            {s.kind === 'announcement' && <span className="badge badge-info">{t('spaces.announcement')}</span>}
            {s.visibility !== 'members' && <span className="badge">{t(`spaces.visibility.${s.visibility}`)}</span>}
          </p>
        </div>
        {me && s.optional && (
          <div className="page-actions">
            <JoinButton space={s} />
          </div>
        )}
      </div>
      {s.canPost ? (
        <Composer space={s} canReflect={isModeratorRole(me?.role)} />
      ) : s.kind === 'announcement' && me ? (
        <p className="muted">{t('spaces.announcementNote')}</p>
      ) : null}
      <section className="feed-section" aria-labelledby="feed-heading">
        <div className="feed-toolbar">
          <h2 id="feed-heading" ref={headingRef} tabIndex={-1}>
            {t('spaces.feed.heading')}
          </h2>
          <fieldset className="segmented">
            <legend className="sr-only">{t('spaces.feed.sort')}</legend>
            {(['new', 'active'] as const).map((k) => (
              <button key={k} type="button" aria-pressed={sort === k} onClick={() => setSort(k)}>
                {t(`spaces.feed.sort_${k}`)}
              </button>
            ))}
          </fieldset>
        </div>
        <div className="new-posts" aria-live="polite">
          {pending > 0 && (
            <button type="button" className="btn btn-primary btn-sm" onClick={showNew} data-testid="new-posts">
              {t('spaces.feed.newPosts', { count: pending })}
            </button>
          )}
        </div>
        <Feed scope={s.slug} sort={sort} listRef={listRef} empty={t('spaces.feed.empty')} />
      </section>
    </>
  );
}
