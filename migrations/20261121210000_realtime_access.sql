-- Sockets ask again who they belong to and what they may hear when access changes: these triggers
-- send the realtime bus message {channel, event: {type: 'access.changed'}} through the same NOTIFY
-- channel the app's bus listens on (src/platform/realtime/bus.ts). NOTIFY is delivered on commit and
-- dropped on rollback, and any writer (the app, a job, plain SQL) triggers it. Channel names follow
-- userChannel(): `user:` + the lower-cased id.

create function realtime_access_changed(channel text) returns void
language sql as $$
  select pg_notify('treffpunkt_events', json_build_object(
    'channel', channel,
    'event', json_build_object('type', 'access.changed', 'data', null),
    'origin', null)::text)
$$;

-- A session ends: sign-out, revoked by the member or on a password change, account deleted.
create function realtime_session_ended() returns trigger
language plpgsql as $$
begin
  perform realtime_access_changed('user:' || lower(old."userId"));
  return null;
end $$;
create trigger sessions_access_changed after delete on "sessions"
  for each row execute function realtime_session_ended();

-- A role changes.
create function realtime_role_changed() returns trigger
language plpgsql as $$
begin
  if new."role" is distinct from old."role" then
    perform realtime_access_changed('user:' || lower(new.id));
  end if;
  return null;
end $$;
create trigger users_access_changed after update of "role" on "users"
  for each row execute function realtime_role_changed();

-- A membership starts, changes or ends (tiers and products are grants).
create function realtime_subscription_changed() returns trigger
language plpgsql as $$
begin
  if tg_op <> 'INSERT' then
    perform realtime_access_changed('user:' || lower(old.user_id));
  end if;
  if tg_op = 'INSERT' or new.user_id is distinct from old.user_id then
    perform realtime_access_changed('user:' || lower(new.user_id));
  end if;
  return null;
end $$;
create trigger subscriptions_access_changed after insert or update or delete on subscriptions
  for each row execute function realtime_subscription_changed();

-- Someone joins or leaves a space (not on read markers: space_members updates are reads).
create function realtime_space_member_changed() returns trigger
language plpgsql as $$
begin
  perform realtime_access_changed('user:' || lower(coalesce(new.user_id, old.user_id)));
  return null;
end $$;
create trigger space_members_access_changed after insert or delete on space_members
  for each row execute function realtime_space_member_changed();

-- A space's audience changes: everyone listening on it asks again.
create function realtime_space_changed() returns trigger
language plpgsql as $$
begin
  if tg_table_name = 'spaces' then
    if new.visibility is distinct from old.visibility or new.archived_at is distinct from old.archived_at then
      perform realtime_access_changed('space:' || new.id);
    end if;
  else
    perform realtime_access_changed('space:' || coalesce(new.space_id, old.space_id));
  end if;
  return null;
end $$;
create trigger spaces_access_changed after update on spaces
  for each row execute function realtime_space_changed();
create trigger space_grants_access_changed after insert or delete on space_grants
  for each row execute function realtime_space_changed();
