-- Spaces and discussions: spaces, who is in them, posts (with revisions), comments, reactions, polls,
-- read markers. Content is stored as Markdown and as sanitized HTML rendered at write time.

create table spaces (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name text not null check (length(name) between 2 and 80),
  description text not null default '',
  icon text not null default '💬' check (length(icon) <= 16),
  position integer not null default 0,
  kind text not null default 'discussion' check (kind in ('discussion', 'announcement')),
  visibility text not null default 'members' check (visibility in ('public', 'members', 'restricted')),
  -- Optional spaces are joined by choice; the others hold every member.
  optional boolean not null default false,
  created_by text references "users" ("id") on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz
);
create index spaces_position_idx on spaces (position, name);

-- Restricted spaces open to whoever holds one of these grants (role:…, tier:…, group:…).
create table space_grants (
  space_id uuid not null references spaces (id) on delete cascade,
  grant_key text not null check (grant_key ~ '^(role|tier|group):[A-Za-z0-9_-]{1,64}$'),
  primary key (space_id, grant_key)
);

create table space_members (
  space_id uuid not null references spaces (id) on delete cascade,
  user_id text not null references "users" ("id") on delete cascade,
  joined_at timestamptz not null default now(),
  last_read_at timestamptz not null default now(),
  primary key (space_id, user_id)
);
create index space_members_user_idx on space_members (user_id);

create table posts (
  id uuid primary key,
  space_id uuid not null references spaces (id) on delete cascade,
  author_id text references "users" ("id") on delete set null,
  kind text not null default 'discussion' check (kind in ('discussion', 'question', 'find', 'reflection', 'poll')),
  title text check (title is null or length(title) between 1 and 200),
  body_md text not null,
  body_html text not null,
  body_text text not null,
  link_url text,
  link_preview jsonb,
  status text not null default 'published' check (status in ('published', 'pending', 'hidden', 'deleted')),
  publish_at timestamptz not null default now(),
  pinned boolean not null default false,
  closed boolean not null default false,
  answer_comment_id uuid,
  comment_count integer not null default 0 check (comment_count >= 0),
  reaction_count integer not null default 0 check (reaction_count >= 0),
  last_activity_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  deleted_by text references "users" ("id") on delete set null
);
create index posts_space_feed_idx on posts (space_id, publish_at desc, id desc) where status = 'published';
create index posts_space_active_idx on posts (space_id, last_activity_at desc, id desc) where status = 'published';
create index posts_feed_idx on posts (publish_at desc, id desc) where status = 'published';
create index posts_author_idx on posts (author_id);
create index posts_pending_idx on posts (created_at) where status = 'pending';

create table post_revisions (
  id uuid primary key,
  post_id uuid not null references posts (id) on delete cascade,
  title text,
  body_md text not null,
  edited_by text references "users" ("id") on delete set null,
  created_at timestamptz not null default now()
);
create index post_revisions_post_idx on post_revisions (post_id, created_at desc);

create table comments (
  id uuid primary key,
  post_id uuid not null references posts (id) on delete cascade,
  parent_id uuid references comments (id) on delete cascade,
  author_id text references "users" ("id") on delete set null,
  body_md text not null,
  body_html text not null,
  body_text text not null,
  status text not null default 'published' check (status in ('published', 'pending', 'hidden', 'deleted')),
  reaction_count integer not null default 0 check (reaction_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  edited_at timestamptz
);
create index comments_post_idx on comments (post_id, created_at, id);
create index comments_author_idx on comments (author_id);
-- Deferrable: posts and comments point at each other, and a restore loads one before the other.
alter table posts add constraint posts_answer_fk foreign key (answer_comment_id) references comments (id)
  on delete set null deferrable initially immediate;

create table reactions (
  target_type text not null check (target_type in ('post', 'comment')),
  target_id uuid not null,
  user_id text not null references "users" ("id") on delete cascade,
  emoji text not null check (emoji in ('👍', '❤️', '🎉', '😄', '🤔', '🙏')),
  created_at timestamptz not null default now(),
  primary key (target_type, target_id, user_id, emoji)
);
create index reactions_user_idx on reactions (user_id);

create table polls (
  post_id uuid primary key references posts (id) on delete cascade,
  multiple boolean not null default false,
  closes_at timestamptz,
  results text not null default 'after_vote' check (results in ('after_vote', 'after_close'))
);
create table poll_options (
  id uuid primary key,
  post_id uuid not null references polls (post_id) on delete cascade,
  position integer not null,
  label text not null check (length(label) between 1 and 200),
  unique (post_id, position)
);
create table poll_votes (
  option_id uuid not null references poll_options (id) on delete cascade,
  post_id uuid not null references polls (post_id) on delete cascade,
  user_id text not null references "users" ("id") on delete cascade,
  created_at timestamptz not null default now(),
  primary key (option_id, user_id)
);
create index poll_votes_post_user_idx on poll_votes (post_id, user_id);

-- When a member last looked at a post: unread markers and "new comments since my last visit".
create table post_reads (
  user_id text not null references "users" ("id") on delete cascade,
  post_id uuid not null references posts (id) on delete cascade,
  read_at timestamptz not null default now(),
  primary key (user_id, post_id)
);
