-- Notifications: in-app notifications with their mail state, per-kind (and per-space) preferences,
-- and which spaces a member follows for "new post" notifications.

create table notifications (
  id uuid primary key,
  user_id text not null references "users" ("id") on delete cascade,
  kind text not null check (kind in ('mention', 'reply', 'comment_on_post', 'answer', 'new_post', 'reflection')),
  actor_id text references "users" ("id") on delete set null,
  space_id uuid not null references spaces (id) on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  comment_id uuid references comments (id) on delete cascade,
  -- The member's choice when the notification was made: shown in the app, and how it is mailed.
  in_app boolean not null default true,
  email text not null default 'off' check (email in ('instant', 'daily', 'weekly', 'off')),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  emailed_at timestamptz,
  digest_sent_at timestamptz
);
-- Idempotent under job retries: one notification of a kind per member and post/comment.
create unique index notifications_once_idx
  on notifications (user_id, kind, post_id, coalesce(comment_id, '00000000-0000-0000-0000-000000000000'::uuid));
-- "My newest" (keyset) and "unread count".
create index notifications_user_newest_idx on notifications (user_id, created_at desc, id desc) where in_app;
create index notifications_user_unread_idx on notifications (user_id) where in_app and read_at is null;
-- Digest runs: un-mailed notifications waiting for a daily or weekly digest.
create index notifications_digest_idx on notifications (email, user_id)
  where email in ('daily', 'weekly') and digest_sent_at is null and emailed_at is null;
create index notifications_post_idx on notifications (post_id);
create index notifications_actor_idx on notifications (actor_id);

-- No row means the default of the kind; a row with space_id null holds the member's choice for all
-- spaces, a row with a space overrides it there.
create table notification_preferences (
  user_id text not null references "users" ("id") on delete cascade,
  kind text not null check (kind in ('mention', 'reply', 'comment_on_post', 'answer', 'new_post', 'reflection')),
  space_id uuid references spaces (id) on delete cascade,
  email text not null check (email in ('instant', 'daily', 'weekly', 'off')),
  in_app boolean not null,
  updated_at timestamptz not null default now()
);
create unique index notification_preferences_key_idx
  on notification_preferences (user_id, kind, coalesce(space_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Members follow a space to hear of its new posts; writing in a space follows it automatically,
-- unless the member unfollowed it before (following = false remembers that choice).
create table space_follows (
  user_id text not null references "users" ("id") on delete cascade,
  space_id uuid not null references spaces (id) on delete cascade,
  following boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, space_id)
);
create index space_follows_space_idx on space_follows (space_id) where following;

-- Extra headers of a mail (List-Unsubscribe for one-click unsubscribe, RFC 8058); read by the
-- platform mailer when it delivers (see the mailer patch that comes with the notifications module).
alter table mail_outbox add column if not exists headers jsonb;
