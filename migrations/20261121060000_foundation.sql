-- Foundation: accounts (better-auth's tables, camelCase columns as better-auth expects),
-- the community's settings, stored files and the mail outbox.

create table "users" (
  "id" text primary key,
  "name" text not null,
  "email" text not null unique,
  "emailVerified" boolean not null default false,
  "image" text,
  "createdAt" timestamptz not null default now(),
  "updatedAt" timestamptz not null default now(),
  "twoFactorEnabled" boolean default false,
  "role" text not null default 'member' check ("role" in ('owner', 'admin', 'moderator', 'member')),
  "locale" text not null default 'de' check ("locale" in ('de', 'en', 'sv')),
  "bio" text
);
-- One owner per community; two concurrent first-run setups cannot both win.
create unique index users_single_owner on "users" (("role")) where "role" = 'owner';
create index users_created_idx on "users" ("createdAt", "id");

create table "sessions" (
  "id" text primary key,
  "expiresAt" timestamptz not null,
  "token" text not null unique,
  "createdAt" timestamptz not null default now(),
  "updatedAt" timestamptz not null default now(),
  "ipAddress" text,
  "userAgent" text,
  "userId" text not null references "users" ("id") on delete cascade
);
create index sessions_user_idx on "sessions" ("userId");

create table "accounts" (
  "id" text primary key,
  "accountId" text not null,
  "providerId" text not null,
  "userId" text not null references "users" ("id") on delete cascade,
  "accessToken" text,
  "refreshToken" text,
  "idToken" text,
  "accessTokenExpiresAt" timestamptz,
  "refreshTokenExpiresAt" timestamptz,
  "scope" text,
  "password" text,
  "createdAt" timestamptz not null default now(),
  "updatedAt" timestamptz not null default now()
);
create index accounts_user_idx on "accounts" ("userId");

create table "verifications" (
  "id" text primary key,
  "identifier" text not null,
  "value" text not null,
  "expiresAt" timestamptz not null,
  "createdAt" timestamptz not null default now(),
  "updatedAt" timestamptz not null default now()
);
create index verifications_identifier_idx on "verifications" ("identifier");

create table "two_factors" (
  "id" text primary key,
  "secret" text not null,
  "backupCodes" text not null,
  "userId" text not null references "users" ("id") on delete cascade,
  "verified" boolean,
  "failedVerificationCount" integer,
  "lockedUntil" timestamptz
);
create index two_factors_secret_idx on "two_factors" ("secret");
create index two_factors_user_idx on "two_factors" ("userId");

create table "rate_limits" (
  "id" text primary key,
  "key" text not null unique,
  "count" integer not null,
  "lastRequest" bigint not null
);

create table files (
  id uuid primary key,
  storage_key text not null unique,
  content_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  original_name text,
  purpose text not null,
  width integer,
  height integer,
  owner_id text references "users" ("id") on delete set null,
  created_at timestamptz not null default now()
);
create index files_owner_idx on files (owner_id);

create table community (
  singleton boolean primary key default true check (singleton),
  name text not null,
  brand_color text not null default '#2f6f5e' check (brand_color ~ '^#[0-9a-f]{6}$'),
  logo_file_id uuid references files (id) on delete set null,
  default_locale text not null default 'de' check (default_locale in ('de', 'en', 'sv')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table mail_outbox (
  id uuid primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  template text not null,
  locale text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'stored', 'failed')),
  attempts integer not null default 0,
  last_error text,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_outbox_created_idx on mail_outbox (created_at desc, id desc);
