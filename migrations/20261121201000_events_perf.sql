-- A change log for the events module's caches (issue 6): every statement that writes the tables a
-- calendar range or a feed is built from adds a row. Its (count, min id, max id) is the data version
-- the caches and the feed's ETag are keyed by: it changes with every commit, also when transactions
-- commit out of order (the count), and every node reads the same one. RSVPs have their own kind
-- (`rsvps`): they change the calendar's counts, not the dates or the feeds.
create table event_changes (
  id bigint generated always as identity primary key,
  rsvps boolean not null default false,
  at timestamptz not null default now()
);

create function event_changes_bump() returns trigger language plpgsql as $$
begin
  insert into event_changes (rsvps) values (coalesce(tg_argv[0], 'false')::boolean);
  return null;
end;
$$;

create trigger event_changes_events after insert or update or delete or truncate on events
  for each statement execute function event_changes_bump();
create trigger event_changes_grants after insert or update or delete or truncate on event_grants
  for each statement execute function event_changes_bump();
create trigger event_changes_hosts after insert or update or delete or truncate on event_hosts
  for each statement execute function event_changes_bump();
create trigger event_changes_occurrences after insert or update or delete or truncate on event_occurrences
  for each statement execute function event_changes_bump();
create trigger event_changes_breaks after insert or update or delete or truncate on event_breaks
  for each statement execute function event_changes_bump();
create trigger event_changes_focus_days after insert or update or delete or truncate on event_focus_days
  for each statement execute function event_changes_bump();
create trigger event_changes_rsvps after insert or update or delete or truncate on event_rsvps
  for each statement execute function event_changes_bump('true');

insert into event_changes (rsvps) values (false), (true);
