import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../web/guards.tsx';
import { Button, Loading } from '../../../web/ui/index.ts';
import { type FeedSort, pinnedFirst, useFeed } from './data.ts';
import { PostCard } from './PostCard.tsx';

/** A feed of post cards with "load more" (keyset cursor). Pinned posts come first among those loaded. */
export function Feed({
  scope,
  sort,
  showSpace = false,
  listRef,
  empty,
}: {
  scope: string;
  sort: FeedSort;
  showSpace?: boolean;
  listRef?: Ref<HTMLOListElement>;
  empty: string;
}) {
  const { t } = useTranslation();
  const feed = useFeed(scope, sort);
  if (feed.isPending) return <Loading />;
  if (feed.isError) return <QueryError error={feed.error} />;
  const posts = pinnedFirst(feed.data.pages.flatMap((p) => p.items));
  return (
    <>
      {posts.length === 0 ? (
        <p className="muted" data-testid="feed-empty">
          {empty}
        </p>
      ) : (
        <ol className="feed" ref={listRef} data-testid="feed">
          {posts.map((p) => (
            <li key={p.id}>
              <PostCard post={p} showSpace={showSpace} />
            </li>
          ))}
        </ol>
      )}
      {feed.hasNextPage && (
        <div className="feed-more">
          <Button variant="secondary" loading={feed.isFetchingNextPage} onClick={() => feed.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
