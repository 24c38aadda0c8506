-- Moderation: reports, the community's moderation settings, mutes and blocks, and an audit log of
-- every moderator action.

create table reports (
  id uuid primary key,
  target_type text not null check (target_type in ('post', 'comment')),
  target_id uuid not null,
  reporter_id text references "users" ("id") on delete set null,
  reason text not null check (reason in ('spam', 'harassment', 'off_topic', 'privacy', 'other')),
  note text check (note is null or length(note) <= 1000),
  status text not null default 'open' check (status in ('open', 'resolved', 'dismissed')),
  resolved_by text references "users" ("id") on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index reports_open_idx on reports (created_at, id) where status = 'open';
-- One open report per person and target: reporting twice does not flood the queue.
create unique index reports_once_idx on reports (target_type, target_id, reporter_id) where status = 'open';

create table moderation_settings (
  singleton boolean primary key default true check (singleton),
  -- New members' first post or comment waits for a moderator's approval.
  approve_first_posts boolean not null default false,
  updated_at timestamptz not null default now()
);

create table user_mutes (
  user_id text not null references "users" ("id") on delete cascade,
  muted_user_id text not null references "users" ("id") on delete cascade,
  -- mute: I no longer see their posts and comments or get notified by them;
  -- block: additionally they cannot mention or reply to me.
  kind text not null check (kind in ('mute', 'block')),
  created_at timestamptz not null default now(),
  primary key (user_id, muted_user_id),
  check (user_id <> muted_user_id)
);
create index user_mutes_muted_idx on user_mutes (muted_user_id);

create table moderation_log (
  id uuid primary key,
  actor_id text references "users" ("id") on delete set null,
  action text not null,
  target_type text not null,
  target_id text not null,
  reason text,
  created_at timestamptz not null default now()
);
create index moderation_log_created_idx on moderation_log (created_at desc, id desc);
