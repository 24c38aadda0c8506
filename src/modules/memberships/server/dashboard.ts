import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../../platform/pagination.ts';
import type { Dashboard, HistoryEntry, MemberFilter, MemberRow } from '../schema.ts';
import type { Billing, SubscriptionRow } from './billing.ts';
import { type Catalogue, GRANTING } from './catalogue.ts';

export interface DashboardDeps {
  db: Kysely<any>;
  catalogue: Catalogue;
  billing: Billing;
}

const PAGE = 50;

/** When a membership stopped granting: its end, or the end of a period that lapsed unpaid. */
const END = sql`coalesce(s.ended_at, case when s.current_period_end < now() then s.current_period_end end)`;

/**
 * The host's numbers, month by month for the last 12 months: members per tier at each month's end,
 * new, churned and paused members, MRR (yearly prices as a twelfth) and revenue from paid invoices.
 * Money figures are in the community's main currency (the one most prices use).
 */
export function createDashboard(deps: DashboardDeps) {
  const { db, catalogue, billing } = deps;

  async function mainCurrency(): Promise<'EUR' | 'SEK' | 'CHF'> {
    const r = await db.selectFrom('tier_prices').select(['currency', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('currency').orderBy('n', 'desc').executeTakeFirst();
    return (r?.currency as 'EUR' | 'SEK' | 'CHF' | undefined) ?? 'EUR';
  }

  async function dashboard(): Promise<Dashboard> {
    const currency = await mainCurrency();
    const tiers = await catalogue.tierRows({ includeArchived: true });
    const activeByTier = await sql<{ month: Date; tier_id: string; n: string; mrr: string; paused: string }>`
      with m as (
        select m as month, least(m + interval '1 month', now()) as at
        from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m
      )
      select m.month, s.tier_id,
        count(*) filter (where not coalesce(s.pause_from <= m.at and (s.pause_until is null or s.pause_until > m.at), false)) as n,
        coalesce(sum(case when p.currency = ${currency} and not coalesce(s.pause_from <= m.at and (s.pause_until is null or s.pause_until > m.at), false)
          then case p.interval when 'month' then p.amount when 'year' then round(p.amount / 12.0) else 0 end else 0 end), 0) as mrr,
        count(*) filter (where coalesce(s.pause_from <= m.at and (s.pause_until is null or s.pause_until > m.at), false)) as paused
      from m
      join subscriptions s on s.activated_at is not null and s.activated_at <= m.at and (${END} is null or ${END} > m.at)
      left join tier_prices p on p.id = s.price_id
      where s.status <> 'void'
      group by m.month, s.tier_id`.execute(db);
    // People, not memberships: a tier switch is neither new nor churned; churned = had one, has none now.
    const flows = await sql<{ month: Date; new: string; churned: string; members: string }>`
      with m as (
        select m as month, least(m + interval '1 month', now()) as at
        from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m
      ),
      life as (
        select s.user_id, s.activated_at as a, ${END} as e, s.pause_from, s.pause_until from subscriptions s
        where s.activated_at is not null and s.status <> 'void'
      )
      select m.month,
        (select count(distinct l.user_id) from life l where l.a >= m.month and l.a < m.at
          and not exists (select 1 from life o where o.user_id = l.user_id and o.a < m.month)) as new,
        (select count(distinct l.user_id) from life l where l.e >= m.month and l.e < m.at
          and not exists (select 1 from life o where o.user_id = l.user_id and o.a <= m.at and (o.e is null or o.e > m.at))) as churned,
        (select count(distinct l.user_id) from life l where l.a <= m.at and (l.e is null or l.e > m.at)
          and not coalesce(l.pause_from <= m.at and (l.pause_until is null or l.pause_until > m.at), false)) as members
      from m order by m.month`.execute(db);
    const revenue = await sql<{ month: Date; total: string }>`
      select date_trunc('month', paid_at) as month, sum(gross_total) as total from invoices
      where status = 'paid' and currency = ${currency} and paid_at >= date_trunc('month', now()) - interval '11 months'
      group by 1`.execute(db);
    const key = (d: Date) => new Date(d).toISOString().slice(0, 7);
    // The flows query yields one row per month of the last twelve, oldest first.
    const out = flows.rows.map((m) => {
      const k = key(m.month);
      const rows = activeByTier.rows.filter((r) => key(r.month) === k);
      const membersByTier = Object.fromEntries(tiers.map((t) => [t.id, Number(rows.find((r) => r.tier_id === t.id)?.n ?? 0)]));
      return {
        month: k,
        membersByTier,
        members: Number(m.members),
        new: Number(m.new),
        churned: Number(m.churned),
        paused: rows.reduce((a, r) => a + Number(r.paused), 0),
        mrr: rows.reduce((a, r) => a + Number(r.mrr), 0),
        revenue: Number(revenue.rows.find((r) => key(r.month) === k)?.total ?? 0),
      };
    });
    const last = out[out.length - 1]!;
    const [pending, interest, membersNow] = await Promise.all([
      db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'open').where('provider', '=', 'manual').executeTakeFirstOrThrow(),
      db.selectFrom('interest_signups').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'confirmed').executeTakeFirstOrThrow(),
      sql<{ n: string }>`select count(distinct s.user_id) as n from subscriptions s where ${GRANTING}`.execute(db),
    ]);
    return {
      currency,
      tiers: tiers.map((t) => ({ id: t.id, name: t.name })),
      months: out,
      now: { members: Number(membersNow.rows[0]?.n ?? 0), mrr: last.mrr, pendingPayments: Number(pending.n), paused: last.paused, interestList: Number(interest.n) },
    };
  }

  return {
    dashboard,

    async csv(): Promise<string> {
      const d = await dashboard();
      const cell = (v: string | number) => {
        const s = String(v);
        // Spreadsheet formula injection: a leading =, +, -, @ is neutralised.
        const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
        return /[",;\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const head = ['month', ...d.tiers.map((t) => `members: ${t.name}`), 'members', 'new', 'churned', 'paused', `mrr_${d.currency}`, `revenue_${d.currency}`];
      const rows = d.months.map((m) => [m.month, ...d.tiers.map((t) => m.membersByTier[t.id] ?? 0), m.members, m.new, m.churned, m.paused, (m.mrr / 100).toFixed(2), (m.revenue / 100).toFixed(2)]);
      return `${[head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
    },

    /** Accounts with their memberships; filters by tier, status and join date, newest first. */
    async members(f: MemberFilter): Promise<{ items: MemberRow[]; nextCursor: string | null }> {
      let q = db.selectFrom('users as u').select(['u.id', 'u.name', 'u.email', 'u.createdAt']).orderBy('u.createdAt', 'desc').orderBy('u.id', 'desc').limit(PAGE + 1);
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.email', 'ilike', like)]));
      }
      if (f.joinedFrom) q = q.where('u.createdAt', '>=', new Date(`${f.joinedFrom}T00:00:00Z`));
      if (f.joinedTo) q = q.where('u.createdAt', '<', new Date(new Date(`${f.joinedTo}T00:00:00Z`).getTime() + 86_400_000));
      if (f.cursor) {
        let ts: Date;
        let id: string;
        try {
          [ts, id] = decodeCursor(f.cursor);
        } catch {
          throw new AppError('bad_request', 'Invalid cursor.');
        }
        q = q.where((eb) => eb.or([eb('u.createdAt', '<', ts), eb.and([eb('u.createdAt', '=', ts), eb('u.id', '<', id)])]));
      }
      const status = f.status;
      if (f.tier || status) {
        q = q.where((eb) => {
          const base = eb.selectFrom('subscriptions as s').select('s.id').whereRef('s.user_id', '=', 'u.id');
          const withTier = f.tier ? base.where('s.tier_id', '=', f.tier) : base;
          switch (status) {
            case 'pending':
              return eb.exists(withTier.where('s.status', '=', 'pending'));
            case 'paused':
              return eb.exists(withTier.where(sql<boolean>`s.pause_from <= now() and (s.pause_until is null or s.pause_until > now())`));
            case 'canceled':
              return eb.exists(withTier.where('s.status', '=', 'canceled').where(sql<boolean>`s.current_period_end > now()`));
            case 'ended':
              return eb.and([
                eb.exists(withTier.where(sql<boolean>`${END} is not null`)),
                eb.not(eb.exists(withTier.where(GRANTING))),
              ]);
            case 'none':
              return eb.not(eb.exists(withTier.where('s.status', '!=', 'void')));
            default:
              return eb.exists(withTier.where(GRANTING));
          }
        });
      }
      const users = await q.execute();
      const page = users.slice(0, PAGE);
      const ids = page.map((u) => u.id as string);
      const subs = ids.length
        ? ((await db.selectFrom('subscriptions').selectAll().where('user_id', 'in', ids).where('status', '!=', 'void').orderBy('created_at', 'desc').execute()) as SubscriptionRow[])
        : [];
      const presented = await billing.presentSubs(subs, await catalogue.settingsRow());
      const byUser = new Map<string, typeof presented>();
      subs.forEach((s, i) => {
        const list = byUser.get(s.user_id) ?? [];
        list.push(presented[i]!);
        byUser.set(s.user_id, list);
      });
      const lastRow = page[page.length - 1];
      return {
        items: page.map((u) => ({ userId: u.id as string, name: u.name as string, email: u.email as string, joinedAt: new Date(u.createdAt as Date).toISOString(), subscriptions: byUser.get(u.id as string) ?? [] })),
        nextCursor: users.length > PAGE && lastRow ? encodeCursor(new Date(lastRow.createdAt as Date), lastRow.id as string) : null,
      };
    },

    /** The audit trail of one member's memberships (grants and revocations with their reasons). */
    async history(userId: string) {
      const rows = await db
        .selectFrom('membership_events as e')
        .leftJoin('tiers as t', 't.id', 'e.tier_id')
        .leftJoin('users as a', 'a.id', 'e.actor_id')
        .select(['e.id', 'e.kind', 'e.reason', 'e.at', 't.name as tier', 'a.name as actor'])
        .where('e.user_id', '=', userId)
        .orderBy('e.at', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({ id: r.id as string, kind: r.kind as HistoryEntry['kind'], reason: r.reason as string, at: new Date(r.at as Date).toISOString(), tier: (r.tier as string | null) ?? null, actor: (r.actor as string | null) ?? null }));
    },
  };
}
