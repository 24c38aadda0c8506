-- Events and the programme calendar (issue 5).
--
-- Times: an event keeps its wall-clock start/end in its IANA zone (`starts_local`, `ends_local`), so
-- a series keeps "19:00 Berlin" across DST; `starts_at`/`ends_at` are the first occurrence's instants
-- and `series_until` bounds a series for range queries (null = open-ended). Occurrences are expanded
-- from the RRULE in the service; only changed ones are rows (`event_occurrences`).

create table events (
  id uuid primary key,
  space_id uuid references spaces (id) on delete set null,
  title text not null check (length(title) between 2 and 140),
  description text not null default '',
  time_zone text not null,
  starts_local timestamp not null,
  ends_local timestamp not null check (ends_local > starts_local),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- The editor's repeat rule (schema Repeat) and the RFC 5545 RRULE derived from it (UNTIL in UTC).
  repeat jsonb,
  rrule text,
  series_until timestamptz,
  format text not null default 'online' check (format in ('online', 'onsite', 'hybrid')),
  place_name text not null default '',
  place_address text not null default '',
  map_url text not null default '',
  video_provider text check (video_provider in ('jitsi', 'bbb', 'link')),
  video_url text not null default '',
  -- Same rule as spaces: public, members (the `member` grant) or restricted to grants (tier:…, role:…).
  audience text not null default 'members' check (audience in ('public', 'members', 'restricted')),
  capacity integer check (capacity between 1 and 100000),
  max_guests integer not null default 0 check (max_guests between 0 and 10),
  rsvp_deadline_minutes integer check (rsvp_deadline_minutes between 0 and 525600),
  cover_url text,
  sequence integer not null default 0,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index events_range_idx on events (starts_at);
create index events_space_idx on events (space_id, starts_at);

create table event_grants (
  event_id uuid not null references events (id) on delete cascade,
  grant_key text not null check (grant_key ~ '^(role|tier|group|product):[A-Za-z0-9_-]{1,64}$'),
  primary key (event_id, grant_key)
);

create table event_hosts (
  event_id uuid not null references events (id) on delete cascade,
  user_id text not null references users (id) on delete cascade,
  primary key (event_id, user_id)
);
create index event_hosts_user_idx on event_hosts (user_id);

-- One changed occurrence of a series, keyed by its original local start (RFC 5545 RECURRENCE-ID).
create table event_occurrences (
  event_id uuid not null references events (id) on delete cascade,
  original_local timestamp not null,
  starts_local timestamp not null,
  ends_local timestamp not null check (ends_local > starts_local),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  cancelled boolean not null default false,
  note text not null default '',
  place_name text,
  place_address text,
  video_provider text check (video_provider in ('jitsi', 'bbb', 'link')),
  video_url text,
  host_ids text[],
  sequence integer not null default 1,
  updated_at timestamptz not null default now(),
  primary key (event_id, original_local)
);
create index event_occurrences_start_idx on event_occurrences (starts_at);

-- RSVPs per occurrence; `occurrence` is the original local start, or '-infinity' for "the whole series".
-- Waitlist order is `seq`. A per-date 'declined' row overrides a series RSVP for that date.
create table event_rsvps (
  seq bigint generated always as identity,
  event_id uuid not null references events (id) on delete cascade,
  occurrence timestamp not null,
  user_id text not null references users (id) on delete cascade,
  status text not null check (status in ('going', 'waitlisted', 'declined')),
  guests integer not null default 0 check (guests between 0 and 10),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (event_id, occurrence, user_id)
);
create index event_rsvps_waitlist_idx on event_rsvps (event_id, occurrence, status, seq);
create index event_rsvps_user_idx on event_rsvps (user_id, event_id);

-- Community-wide programme breaks: every series skips occurrences starting inside one (inclusive dates).
create table event_breaks (
  id uuid primary key,
  title text not null check (length(title) between 2 and 100),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  message text not null default '',
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index event_breaks_range_idx on event_breaks (starts_on, ends_on);

-- Focus days: an announced date and theme; on the day a themed thread opens in the space.
create table event_focus_days (
  id uuid primary key,
  day date not null,
  theme text not null check (length(theme) between 2 and 140),
  description text not null default '',
  space_id uuid references spaces (id) on delete set null,
  post_id uuid references posts (id) on delete set null,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index event_focus_days_day_idx on event_focus_days (day);

-- Reminder times a member chose (minutes before start) and how; defaults live in the service.
create table event_reminder_prefs (
  user_id text primary key references users (id) on delete cascade,
  offsets integer[] not null,
  by_mail boolean not null default true,
  in_app boolean not null default true,
  timezone text
);

-- One row per reminder sent: the claim that makes "once per member and occurrence" hold across nodes.
create table event_reminders_sent (
  event_id uuid not null references events (id) on delete cascade,
  occurrence timestamp not null,
  user_id text not null references users (id) on delete cascade,
  offset_minutes integer not null,
  sent_at timestamptz not null default now(),
  primary key (event_id, occurrence, user_id, offset_minutes)
);

-- The personal feed URL is an HMAC of (user, version); revoking bumps the version.
create table event_feed_keys (
  user_id text primary key references users (id) on delete cascade,
  version integer not null default 1,
  created_at timestamptz not null default now()
);

create table event_attendance (
  event_id uuid not null references events (id) on delete cascade,
  occurrence timestamp not null,
  user_id text not null references users (id) on delete cascade,
  source text not null default 'manual' check (source in ('manual', 'import')),
  marked_by text references users (id) on delete set null,
  marked_at timestamptz not null default now(),
  primary key (event_id, occurrence, user_id)
);
create index event_attendance_user_idx on event_attendance (user_id, occurrence desc);

-- Video providers for the whole community (one row).
create table event_settings (
  id boolean primary key default true check (id),
  default_provider text not null default 'jitsi' check (default_provider in ('jitsi', 'bbb', 'link')),
  jitsi_base_url text not null default 'https://meet.jit.si',
  jitsi_app_id text not null default '',
  jitsi_secret text not null default '',
  bbb_url text not null default '',
  bbb_secret text not null default '',
  bbb_algorithm text not null default 'sha256' check (bbb_algorithm in ('sha1', 'sha256', 'sha384', 'sha512')),
  join_opens_minutes integer not null default 15 check (join_opens_minutes between 0 and 240),
  default_reminders integer[] not null default '{1440,60}',
  -- The programme's zone: focus days open and breaks are shown in it.
  time_zone text not null default 'Europe/Berlin',
  updated_at timestamptz not null default now()
);
insert into event_settings default values;

-- Invitations and updates carry an iTIP part (`{"method": "REQUEST", "content": "BEGIN:VCALENDAR…"}`).
alter table mail_outbox add column calendar jsonb;

-- In-app notifications about events (reminders, a place from the waitlist, changes, cancellations).
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in (
  'mention', 'reply', 'comment_on_post', 'answer', 'new_post', 'reflection',
  'event_reminder', 'event_promoted', 'event_changed', 'event_cancelled'));
alter table notifications alter column space_id drop not null;
alter table notifications alter column post_id drop not null;
alter table notifications add column event_id uuid references events (id) on delete cascade;
alter table notifications add column occurrence timestamp;
alter table notifications add column title text;
alter table notifications add constraint notifications_target_check check (post_id is not null or event_id is not null);
create index notifications_event_idx on notifications (event_id) where event_id is not null;
