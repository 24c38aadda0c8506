-- Data versions for in-process caches: a trigger bumps a name's version on every statement that
-- changes its tables, so each node can check "is my copy current?" with one primary-key read, and
-- writes made by any node (or by hand in SQL) are seen at once.
create table cache_versions (
  name text primary key,
  version bigint not null default 0
);

insert into cache_versions (name) values ('spaces');

create function bump_cache_version() returns trigger language plpgsql as $$
begin
  update cache_versions set version = version + 1 where name = tg_argv[0];
  return null;
end
$$;

create trigger spaces_cache_version after insert or update or delete or truncate on spaces
  for each statement execute function bump_cache_version('spaces');
create trigger space_grants_cache_version after insert or update or delete or truncate on space_grants
  for each statement execute function bump_cache_version('spaces');
