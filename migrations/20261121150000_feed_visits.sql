-- When a member last looked at their home feed, for "what's new since my last visit".
create table feed_visits (
  user_id text primary key references "users" ("id") on delete cascade,
  seen_at timestamptz not null,
  -- The start of the visit before the current one: what "since your last visit" counts from.
  previous_seen_at timestamptz
);
