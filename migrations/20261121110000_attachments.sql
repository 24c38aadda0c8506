-- Files attached to posts. A file is readable exactly by those who may read its post.
create table post_attachments (
  post_id uuid not null references posts (id) on delete cascade,
  file_id uuid not null unique references files (id) on delete cascade,
  position integer not null default 0,
  primary key (post_id, file_id)
);
