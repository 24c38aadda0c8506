-- Memberships: tiers and prices, subscriptions (the access record), invoices, payment events,
-- coupons, products for bundles, the interest list with its mail sequence, billing pauses.
-- Money is in minor units (cents, öre, Rappen); tax rates in basis points (1900 = 19 %).

create table membership_settings (
  singleton boolean primary key default true check (singleton),
  headline text not null default '',
  pitch text not null default '',
  pitch_html text not null default '',
  enrolment_mode text not null default 'open' check (enrolment_mode in ('open', 'closed', 'window')),
  enrolment_opens_at timestamptz,
  enrolment_closes_at timestamptz,
  opening_mail_subject text not null default '',
  opening_mail_body text not null default '',
  -- Set once the interest list was told that enrolment opened (so it happens once).
  opening_mailed_at timestamptz,
  seller_name text not null default '',
  seller_address text not null default '',
  seller_email text not null default '',
  tax_number text not null default '',
  vat_id text not null default '',
  small_business boolean not null default false,
  tax_rate_bp integer not null default 1900 check (tax_rate_bp between 0 and 10000),
  bank_holder text not null default '',
  iban text not null default '',
  bic text not null default '',
  payment_terms_days integer not null default 14 check (payment_terms_days between 0 and 90),
  imprint_url text not null default '',
  privacy_url text not null default '',
  stripe_secret_key text not null default '',
  stripe_webhook_secret text not null default '',
  member_pause_allowed boolean not null default false,
  member_pause_max_months integer not null default 3 check (member_pause_max_months between 1 and 12),
  consent_version integer not null default 1,
  consent_text text not null default '',
  updated_at timestamptz not null default now()
);

create table tiers (
  id uuid primary key,
  name text not null,
  description text not null default '',
  includes text[] not null default '{}',
  position integer not null default 0,
  includes_lower boolean not null default true,
  free boolean not null default false,
  invite_only boolean not null default false,
  invite_code text not null unique,
  trial_days integer not null default 0 check (trial_days between 0 and 365),
  member_limit integer check (member_limit > 0),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table products (
  id uuid primary key,
  name text not null,
  description text not null default '',
  archived_at timestamptz,
  created_at timestamptz not null default now()
);

create table tier_prices (
  id uuid primary key,
  tier_id uuid not null references tiers (id) on delete cascade,
  interval text not null check (interval in ('month', 'year', 'once')),
  amount integer not null check (amount > 0),
  currency text not null check (currency in ('EUR', 'SEK', 'CHF')),
  tax_included boolean not null default true,
  -- An offer such as "Gründungsmitglieder": limited to the first max_uses buyers and/or until a date.
  label text not null default '',
  max_uses integer check (max_uses > 0),
  uses integer not null default 0,
  available_until timestamptz,
  -- A bundle: the tier plus these products (e.g. a self-paced course), sold together.
  product_ids uuid[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (max_uses is null or uses <= max_uses)
);
create index tier_prices_tier on tier_prices (tier_id);

create table coupons (
  id uuid primary key,
  code text not null unique,
  percent_off integer check (percent_off between 1 and 100),
  amount_off integer check (amount_off > 0),
  currency text check (currency in ('EUR', 'SEK', 'CHF')),
  duration text not null check (duration in ('once', 'repeating', 'forever')),
  duration_months integer check (duration_months between 1 and 36),
  max_redemptions integer check (max_redemptions > 0),
  redemptions integer not null default 0,
  expires_at timestamptz,
  tier_ids uuid[] not null default '{}',
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  check ((percent_off is null) <> (amount_off is null)),
  check (amount_off is null or currency is not null),
  check ((duration = 'repeating') = (duration_months is not null)),
  check (max_redemptions is null or redemptions <= max_redemptions)
);

create table billing_profiles (
  user_id text primary key references users (id) on delete cascade,
  name text not null,
  address text not null,
  vat_id text not null default '',
  updated_at timestamptz not null default now()
);

create table subscriptions (
  id uuid primary key,
  user_id text not null references users (id) on delete cascade,
  tier_id uuid not null references tiers (id),
  price_id uuid references tier_prices (id),
  coupon_id uuid references coupons (id),
  provider text not null check (provider in ('manual', 'stripe', 'free', 'grant')),
  -- pending: waiting for the first payment; void: never paid and given up; expired: ended.
  status text not null check (status in ('pending', 'trialing', 'active', 'past_due', 'canceled', 'void', 'expired')),
  founding boolean not null default false,
  product_ids uuid[] not null default '{}',
  -- Access runs until current_period_end (null: no end, e.g. a one-off purchase, a free tier, a grant).
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  -- A member's own pause: no access and no billing in [pause_from, pause_until).
  pause_from timestamptz,
  pause_until timestamptz,
  -- Coupon months left for "repeating" coupons (null: coupon applies forever or not at all).
  discount_periods_left integer,
  stripe_customer_id text,
  stripe_subscription_id text unique,
  stripe_checkout_id text unique,
  -- Stripe events are applied in the order Stripe created them; older ones are ignored.
  stripe_event_at timestamptz,
  stripe_event_rank integer not null default 0,
  reason text not null default '',
  granted_by text references users (id) on delete set null,
  -- Revoked by a host: ended for good, later payment-provider events do not reopen it.
  revoked_at timestamptz,
  activated_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One open subscription per member and tier: buying again renews it.
create unique index subscriptions_open on subscriptions (user_id, tier_id) where status not in ('void', 'expired');
create index subscriptions_user on subscriptions (user_id);
create index subscriptions_tier on subscriptions (tier_id, status);

-- Invoice numbers run without gaps per community and year: "2026-0001".
create table invoice_counters (
  year integer primary key,
  last integer not null
);

create table invoices (
  id uuid primary key,
  number text not null unique,
  user_id text references users (id) on delete set null,
  subscription_id uuid references subscriptions (id) on delete set null,
  status text not null check (status in ('open', 'paid', 'void')),
  provider text not null check (provider in ('manual', 'stripe')),
  provider_ref text unique,
  issued_at timestamptz not null default now(),
  due_at timestamptz,
  paid_at timestamptz,
  period_start timestamptz,
  period_end timestamptz,
  currency text not null,
  lines jsonb not null,
  net_total integer not null,
  tax_total integer not null,
  gross_total integer not null,
  tax_rate_bp integer not null,
  tax_note text not null default '',
  seller jsonb not null,
  buyer jsonb not null,
  payment jsonb not null default '{}',
  confirmed_by text references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index invoices_user on invoices (user_id, issued_at desc);
create index invoices_open on invoices (status) where status = 'open';
create index invoices_subscription on invoices (subscription_id);

-- Webhook deliveries we have applied; inserted in the transaction of their effect.
create table payment_events (
  provider text not null,
  event_id text not null,
  type text not null,
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);

-- What happened to memberships, for the dashboard and the audit trail (grants and revocations carry a reason).
create table membership_events (
  id uuid primary key,
  subscription_id uuid references subscriptions (id) on delete set null,
  user_id text references users (id) on delete set null,
  tier_id uuid references tiers (id) on delete set null,
  kind text not null check (kind in ('started', 'renewed', 'canceled', 'resumed', 'expired', 'paused', 'unpaused', 'granted', 'revoked', 'payment_confirmed')),
  actor_id text references users (id) on delete set null,
  reason text not null default '',
  at timestamptz not null default now()
);
create index membership_events_at on membership_events (at);
create index membership_events_user on membership_events (user_id, at desc);

create table billing_pauses (
  id uuid primary key,
  starts_on date not null,
  ends_on date not null,
  reason text not null default '',
  created_by text references users (id) on delete set null,
  applied_at timestamptz,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on)
);

create table interest_signups (
  id uuid primary key,
  email text not null unique,
  name text not null default '',
  locale text not null default 'de',
  status text not null check (status in ('pending', 'confirmed', 'withdrawn')),
  consent_version integer not null,
  consent_text text not null,
  requested_at timestamptz not null default now(),
  requested_ip text,
  confirmed_at timestamptz,
  confirmed_ip text,
  withdrawn_at timestamptz,
  opening_mailed_at timestamptz
);
create index interest_signups_confirmed on interest_signups (confirmed_at) where status = 'confirmed';

create table interest_mails (
  id uuid primary key,
  subject text not null,
  body text not null,
  delay_days integer check (delay_days between 0 and 365),
  send_on timestamptz,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  check ((delay_days is null) <> (send_on is null))
);

create table interest_deliveries (
  signup_id uuid not null references interest_signups (id) on delete cascade,
  mail_id uuid not null references interest_mails (id) on delete cascade,
  sent_at timestamptz not null default now(),
  primary key (signup_id, mail_id)
);
