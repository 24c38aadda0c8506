import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../web/api.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Card, Loading } from '../../../../web/ui/index.ts';
import '../strings.ts';
import { Chart, PALETTE, type Series } from './charts.tsx';
import { type Dashboard, type Format, peopleKeys, useFormat } from './peopleData.ts';

const P = 'memberships.people.dashboard';

/** `/admin/memberships`: today's key figures and the last twelve months as charts with their numbers. */
export default function DashboardPage() {
  const { t } = useTranslation();
  useTitle(t(`${P}.title`));
  const dashboard = useQuery({
    queryKey: peopleKeys.dashboard,
    queryFn: ({ signal }) => api.get<Dashboard>('/api/memberships/dashboard', signal),
  });
  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <QueryError error={dashboard.error} />;
  const d = dashboard.data;
  if (d.tiers.length === 0) {
    return (
      <Card title={t(`${P}.title`)} data-testid="ms-dashboard-empty">
        <p>{t(`${P}.emptyText`)}</p>
        <Link className="btn btn-primary" to="/admin/memberships/tiers">
          {t(`${P}.emptyAction`)}
        </Link>
      </Card>
    );
  }
  return (
    <div className="stack" data-testid="ms-dashboard">
      <Card as="section" aria-labelledby="ms-now">
        <h2 id="ms-now" className="card-title">
          {t(`${P}.now`)}
        </h2>
        <KeyFigures d={d} />
      </Card>
      <Charts d={d} />
    </div>
  );
}

function KeyFigures({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const figures: { key: string; label: string; value: string; link?: ReactNode; attention?: boolean }[] = [
    { key: 'members', label: t(`${P}.members`), value: f.number(d.now.members) },
    { key: 'mrr', label: t(`${P}.mrr`), value: f.money(d.now.mrr, d.currency) },
    {
      key: 'pending',
      label: t(`${P}.pendingPayments`),
      value: f.number(d.now.pendingPayments),
      attention: d.now.pendingPayments > 0,
      link: <Link to="/admin/memberships/payments">{t(`${P}.toPayments`)}</Link>,
    },
    { key: 'paused', label: t(`${P}.paused`), value: f.number(d.now.paused) },
    {
      key: 'interest',
      label: t(`${P}.interestList`),
      value: f.number(d.now.interestList),
      link: <Link to="/admin/memberships/enrolment">{t(`${P}.toEnrolment`)}</Link>,
    },
  ];
  return (
    <dl className="ms-figures">
      {figures.map((x) => (
        <div
          key={x.key}
          className={`ms-figure${x.attention ? ' is-attention' : ''}`}
          data-testid={`ms-figure-${x.key}`}
        >
          <dt>{x.label}</dt>
          <dd className="ms-figure-value">{x.value}</dd>
          {x.link && <dd className="ms-figure-link">{x.link}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** The sentence a screen reader hears for a chart: period, latest value and the extremes. */
function span(d: Dashboard, f: Format) {
  const first = d.months[0]?.month ?? '';
  const last = d.months[d.months.length - 1]?.month ?? '';
  return { from: f.monthLong(first), to: f.monthLong(last) };
}

function Charts({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const labels = d.months.map((m) => f.month(m.month));
  const rowLabels = d.months.map((m, i) =>
    i === d.months.length - 1 ? t(`${P}.soFar`, { month: f.monthLong(m.month) }) : f.monthLong(m.month),
  );
  const period = span(d, f);
  const last = d.months[d.months.length - 1];
  const count = (v: number) => f.number(v);
  const money = (v: number) => f.money(v, d.currency);
  const moneyTick = (v: number) => f.moneyTick(v, d.currency);
  const peak = (values: number[]) => {
    const max = Math.max(...values);
    return { max, month: f.monthLong(d.months[values.indexOf(max)]?.month ?? '') };
  };

  const tierSeries: Series[] = d.tiers.map((tier, i) => ({
    key: tier.id,
    label: tier.name,
    color: PALETTE[i % PALETTE.length]!,
    values: d.months.map((m) => m.membersByTier[tier.id] ?? 0),
  }));
  const perTier = d.tiers
    .map((tier) => `${tier.name} ${f.number(last?.membersByTier[tier.id] ?? 0)}`)
    .join(', ');
  const members = d.months.map((m) => m.members);
  const mrr = d.months.map((m) => m.mrr);
  const revenue = d.months.map((m) => m.revenue);
  const sum = (k: 'new' | 'churned') => d.months.reduce((a, m) => a + m[k], 0);

  return (
    <Card as="section" aria-labelledby="ms-months">
      <div className="ms-card-head">
        <h2 id="ms-months" className="card-title">
          {t(`${P}.months`)}
        </h2>
        <a className="btn btn-secondary btn-sm" href="/api/memberships/dashboard.csv" download>
          {t(`${P}.csv`)}
        </a>
      </div>
      <p className="card-description">{t(`${P}.monthsLead`, { currency: d.currency })}</p>
      <div className="ms-charts">
        <Chart
          testId="ms-chart-tiers"
          title={t(`${P}.tiersTitle`)}
          summary={t(`${P}.tiersSummary`, {
            ...period,
            count: last?.members ?? 0,
            perTier,
            peak: f.number(peak(members).max),
            peakMonth: peak(members).month,
          })}
          labels={labels}
          rowLabels={rowLabels}
          series={tierSeries}
          kind="stacked"
          format={count}
          tick={count}
          totalLabel={t(`${P}.total`)}
          emptyText={t(`${P}.noData`)}
        />
        <Chart
          testId="ms-chart-mrr"
          title={t(`${P}.mrrTitle`)}
          summary={t(`${P}.mrrSummary`, {
            ...period,
            first: money(mrr[0] ?? 0),
            last: money(last?.mrr ?? 0),
            peak: money(peak(mrr).max),
          })}
          labels={labels}
          rowLabels={rowLabels}
          series={[{ key: 'mrr', label: t(`${P}.mrr`), color: PALETTE[0]!, values: mrr }]}
          kind="line"
          format={money}
          tick={moneyTick}
          unit={100}
          emptyText={t(`${P}.noData`)}
        />
        <Chart
          testId="ms-chart-flows"
          title={t(`${P}.flowsTitle`)}
          summary={t(`${P}.flowsSummary`, {
            ...period,
            new: f.number(sum('new')),
            churned: f.number(sum('churned')),
            paused: f.number(last?.paused ?? 0),
          })}
          labels={labels}
          rowLabels={rowLabels}
          series={[
            { key: 'new', label: t(`${P}.new`), color: PALETTE[0]!, values: d.months.map((m) => m.new) },
            {
              key: 'churned',
              label: t(`${P}.churned`),
              color: PALETTE[1]!,
              values: d.months.map((m) => m.churned),
            },
            {
              key: 'paused',
              label: t(`${P}.pausedSeries`),
              color: PALETTE[6]!,
              values: d.months.map((m) => m.paused),
            },
          ]}
          kind="grouped"
          format={count}
          tick={count}
          emptyText={t(`${P}.noData`)}
        />
        <Chart
          testId="ms-chart-revenue"
          title={t(`${P}.revenueTitle`)}
          summary={t(`${P}.revenueSummary`, {
            ...period,
            total: money(revenue.reduce((a, b) => a + b, 0)),
            peak: money(peak(revenue).max),
            peakMonth: peak(revenue).month,
          })}
          labels={labels}
          rowLabels={rowLabels}
          series={[{ key: 'revenue', label: t(`${P}.revenue`), color: PALETTE[2]!, values: revenue }]}
          kind="bars"
          format={money}
          tick={moneyTick}
          unit={100}
          emptyText={t(`${P}.noData`)}
        />
      </div>
    </Card>
  );
}
