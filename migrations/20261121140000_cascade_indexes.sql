-- Indexes for foreign keys that cascade on delete: without them, deleting one comment scans every
-- comment for replies and every notification for references (found by the benchmark at 1M comments).
create index comments_parent_idx on comments (parent_id) where parent_id is not null;
create index notifications_comment_idx on notifications (comment_id) where comment_id is not null;
