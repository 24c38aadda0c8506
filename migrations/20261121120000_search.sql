-- Search: full-text vectors stored beside the text they index, with GIN indexes.
--
-- Members write mostly German, but also English and Swedish, often mixed in one post. One vector per
-- row holds the lexemes of all three snowball stemmers (German alone keeps "workshops" as is; English
-- makes it "workshop"; Swedish makes "träffar" and "träffarna" both "träff"). The query side builds,
-- per search word, an OR of the three stemmings, so a word matches when any language's stem is there.
--
-- The vectors are STORED generated columns: PostgreSQL computes them in the same statement that
-- writes the text, so the index is never stale (edits, soft deletes and moderation need no events),
-- and no vector is computed at query time. `to_tsvector(regconfig, text)` with a constant config is
-- immutable, as generated columns require. Positions of each `||` operand are shifted past the
-- previous one, so phrase queries ("…") stay within one language's reading of one field.
-- Backups skip generated columns (platform/backup/catalog.ts) and restore recomputes them.

-- Text is lowercased with the builtin "pg_c_utf8" collation first: the embedded cluster runs with
-- the C locale, where the stemmers would leave "Übung" or "Ärger" capitalised and a search for
-- "übung" would miss them. The builtin provider is Unicode-aware and version-stable (no ICU/glibc).
create function search_vector(a text, b text) returns tsvector
  language sql immutable parallel safe
  begin atomic
    select setweight(to_tsvector('german'::regconfig, la), 'A')
        || setweight(to_tsvector('english'::regconfig, la), 'A')
        || setweight(to_tsvector('swedish'::regconfig, la), 'A')
        || setweight(to_tsvector('german'::regconfig, lb), 'B')
        || setweight(to_tsvector('english'::regconfig, lb), 'B')
        || setweight(to_tsvector('swedish'::regconfig, lb), 'B')
    from (select lower(coalesce(a, '') collate "pg_c_utf8") as la, lower(coalesce(b, '') collate "pg_c_utf8") as lb) t;
  end;

alter table posts add column search tsvector generated always as (search_vector(title, body_text)) stored;
create index posts_search_idx on posts using gin (search);

alter table comments add column search tsvector generated always as (search_vector(null, body_text)) stored;
create index comments_search_idx on comments using gin (search);

alter table "users" add column search tsvector generated always as (search_vector("name", "bio")) stored;
create index users_search_idx on "users" using gin (search);

-- The query side of the same idea: one search word read by all three stemmers, OR-ed. A word that
-- any of the languages treats as a stop word ("für", "the", "och") is dropped rather than required,
-- so "Workshop für Anfänger" also finds "Workshop … Anfänger". Callers lowercase the word the same way
-- (`lower(… collate "pg_c_utf8")`). Immutable, so PostgreSQL folds it into a constant at planning
-- time and estimates from the column statistics how common the word is (index scan or early stop).
create function search_query(q text) returns tsquery
  language sql immutable parallel safe
  return case
    when numnode(websearch_to_tsquery('german'::regconfig, q)) = 0
      or numnode(websearch_to_tsquery('english'::regconfig, q)) = 0
      or numnode(websearch_to_tsquery('swedish'::regconfig, q)) = 0
    then ''::tsquery
    else websearch_to_tsquery('german'::regconfig, q)
      || websearch_to_tsquery('english'::regconfig, q)
      || websearch_to_tsquery('swedish'::regconfig, q)
  end;
