import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import { Alert, Button, Card, Loading, PageHeader } from '../../../web/ui/index.ts';
import type { InvoiceSummary, MyMembership, PublicOffer, Subscription } from '../schema.ts';
import { formatMoney } from '../money.ts';
import {
  dayRange,
  destination,
  memberKeys,
  membershipError,
  shortDate,
  shortRange,
} from './member-shared.ts';
import { PaymentBox } from './PaymentBox.tsx';
import { SubscriptionCard } from './SubscriptionCard.tsx';
import './strings.ts';

/** How often the page asks again while Stripe has not yet confirmed a payment (every 2.5 s, about half a minute). */
const STRIPE_POLLS = 12;

/**
 * `/membership`: my memberships with what I can do with them, open bank transfers with the details to
 * pay them, community pauses, invoices and the billing address.
 */
export default function MembershipPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.member.membership.title'));
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  const watched = params.get('subscription');
  const order = params.get('order');
  const welcome = params.get('welcome');
  const waitingForStripe = (d: MyMembership | undefined) =>
    Boolean(
      d?.subscriptions.some(
        (s) => s.status === 'pending' && s.provider === 'stripe' && (!watched || s.id === watched),
      ),
    );
  // Only to say "plus VAT" at prices that do not include it (a membership does not carry that itself).
  const offer = useQuery({
    queryKey: memberKeys.offer(''),
    queryFn: ({ signal }) => api.get<PublicOffer>('/api/memberships/offer', signal),
  });
  const mine = useQuery({
    queryKey: memberKeys.me,
    queryFn: ({ signal }) => api.get<MyMembership>('/api/memberships/me', signal),
    // Back from Stripe: the webhook usually arrives within seconds, so look again a few times.
    refetchInterval: (q) =>
      checkout === 'success' && waitingForStripe(q.state.data) && q.state.dataUpdateCount < STRIPE_POLLS
        ? 2500
        : false,
  });

  if (mine.isPending) return <Loading />;
  if (mine.isError) return <QueryError error={mine.error} />;
  const d = mine.data;
  const current = d.subscriptions.filter((s) => s.status !== 'expired');
  const past = d.subscriptions.filter((s) => s.status === 'expired');
  const open = d.invoices.filter((i) => i.status === 'open' && i.provider === 'manual');
  const stillWaiting = waitingForStripe(d);
  const confirmed = d.subscriptions.some(
    (s) => s.provider === 'stripe' && s.status !== 'pending' && s.active && (!watched || s.id === watched),
  );
  const welcomed = welcome ? d.subscriptions.find((s) => s.id === welcome) : undefined;

  return (
    <>
      <PageHeader
        title={t('memberships.member.membership.title')}
        lead={t('memberships.member.membership.lead')}
      />
      <div className="stack">
        {checkout === 'success' &&
          (stillWaiting ? (
            <Alert tone="info" testId="checkout-waiting">
              <p>{t('memberships.member.membership.checkoutSuccess')}</p>
              {(queryClient.getQueryState(memberKeys.me)?.dataUpdateCount ?? 0) >= STRIPE_POLLS && (
                <p>{t('memberships.member.membership.checkoutSlow')}</p>
              )}
            </Alert>
          ) : confirmed ? (
            <Alert tone="success" testId="checkout-confirmed">
              {t('memberships.member.membership.checkoutConfirmed')}
            </Alert>
          ) : null)}
        {checkout === 'canceled' && (
          <Alert tone="info" testId="checkout-canceled">
            <p>{t('memberships.member.membership.checkoutCanceled')}</p>
            {stillWaiting && <p>{t('memberships.member.membership.checkoutCanceledHint')}</p>}
          </Alert>
        )}
        {welcomed && (
          <Alert tone="success" testId="membership-welcome">
            <p>{t('memberships.member.membership.welcome', { tier: welcomed.tierName })}</p>
            <Link to="/">{t('common.backHome')}</Link>
          </Alert>
        )}
        {current.some((s) => s.interval === 'month' || s.interval === 'year') && (
          <CommunityPauses pauses={d.pauses} />
        )}
        {open.map((inv) => {
          const sub = subscriptionOf(inv, current);
          return (
            <PaymentBox
              key={inv.id}
              invoice={inv}
              sub={sub}
              payment={d.payment}
              highlight={Boolean(order && sub?.id === order)}
            />
          );
        })}
        {current.map((s) => (
          <SubscriptionCard
            key={s.id}
            sub={s}
            maxPauseMonths={d.memberPauseMaxMonths}
            plusTaxBp={plusTax(s, offer.data)}
          />
        ))}
        {current.length === 0 && (
          <Card
            title={t(
              past.length
                ? 'memberships.member.membership.againTitle'
                : 'memberships.member.membership.emptyTitle',
            )}
            data-testid="membership-empty"
          >
            <p>{t('memberships.member.membership.emptyText')}</p>
            <a className="btn btn-primary" href="/join">
              {t('memberships.member.membership.toJoin')}
            </a>
          </Card>
        )}
        {past.length > 0 && <PastMemberships subs={past} />}
        {d.invoices.length > 0 && <Invoices invoices={d.invoices} />}
        {(d.billing || d.portalAvailable) && <Billing data={d} />}
      </div>
    </>
  );
}

/** The VAT rate to add to a membership's price when its price is net; null when the price includes it. */
function plusTax(sub: Subscription, offer: PublicOffer | undefined): number | null {
  if (!offer || offer.smallBusiness || offer.taxRateBp <= 0 || sub.amount === null) return null;
  const price = offer.tiers
    .find((tier) => tier.id === sub.tierId)
    ?.prices.find(
      (p) => p.amount === sub.amount && p.currency === sub.currency && p.interval === sub.interval,
    );
  return price && !price.taxIncluded ? offer.taxRateBp : null;
}

/** The membership an invoice belongs to (its description names the tier: Mitgliedschaft „Stufe 1“ …). */
function subscriptionOf(inv: InvoiceSummary, subs: Subscription[]): Subscription | undefined {
  const named = subs.filter((s) => inv.description.includes(`„${s.tierName}“`));
  if (named.length > 0) return named.find((s) => s.status === 'pending') ?? named[0];
  const pending = subs.filter((s) => s.status === 'pending' && s.provider === 'manual');
  return pending.length === 1 ? pending[0] : undefined;
}

/** Community-wide breaks (a summer pause): nobody pays, every membership runs longer by that time. */
function CommunityPauses({ pauses }: { pauses: MyMembership['pauses'] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  if (pauses.length === 0) return null;
  return (
    <Alert tone="info" announce={false} testId="community-pauses">
      <ul className="mm-plain">
        {pauses.map((p) => (
          <li key={p.id}>
            {t('memberships.member.membership.communityPause', {
              reason: p.reason,
              range: dayRange(p.startsOn, p.endsOn, locale),
            })}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function PastMemberships({ subs }: { subs: Subscription[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  return (
    <Card title={t('memberships.member.membership.past')}>
      <ul className="list">
        {subs.map((s) => (
          <li key={s.id}>
            <div className="list-main">
              <p className="list-title">{s.tierName}</p>
              <p className="list-meta">
                {s.currentPeriodEnd
                  ? t('memberships.member.membership.endedOn', {
                      date: shortDate(s.currentPeriodEnd, locale),
                    })
                  : t('memberships.common.status.expired')}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

const INVOICE_TONE: Record<InvoiceSummary['status'], string> = {
  open: 'badge-warning',
  paid: 'badge-success',
  void: '',
};

function Invoices({ invoices }: { invoices: InvoiceSummary[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const m = 'memberships.member.invoices';
  return (
    <Card title={t(`${m}.title`)} className="mm-invoices-card">
      {/* A focusable region, so keyboard users can scroll the table sideways on narrow screens. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region must be reachable by keyboard */}
      <section className="table-wrap" aria-label={t(`${m}.title`)} tabIndex={0}>
        <table className="table mm-invoices" data-testid="invoices">
          <thead>
            <tr>
              <th scope="col">{t(`${m}.number`)}</th>
              <th scope="col">{t(`${m}.period`)}</th>
              <th scope="col">{t(`${m}.amount`)}</th>
              <th scope="col">
                <span className="sr-only">{t(`${m}.pdf`)}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((inv) => (
              <tr key={inv.id}>
                <td>
                  <span className="mono">{inv.number}</span>
                  <br />
                  <span className="muted mm-small">{shortDate(inv.issuedAt, locale)}</span>
                </td>
                <td>
                  {inv.periodStart && inv.periodEnd && inv.periodStart !== inv.periodEnd
                    ? shortRange(inv.periodStart, inv.periodEnd, locale)
                    : '–'}
                </td>
                <td>
                  {formatMoney(inv.grossTotal, inv.currency, locale)}
                  <br />
                  <span className={`badge ${INVOICE_TONE[inv.status]}`}>
                    {t(`memberships.common.invoiceStatus.${inv.status}`)}
                  </span>
                </td>
                <td>
                  <a href={inv.pdfUrl} download aria-label={t(`${m}.downloadLabel`, { number: inv.number })}>
                    {t(`${m}.download`)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Card>
  );
}

function Billing({ data }: { data: MyMembership }) {
  const { t } = useTranslation();
  const portal = useMutation({
    mutationFn: () => api.post<{ url: string }>('/api/memberships/portal'),
    onSuccess: ({ url }) => {
      const to = destination(url);
      if (to && 'external' in to) window.location.assign(to.external);
      else if (to) window.location.assign(to.path);
    },
  });
  const b = data.billing;
  const m = 'memberships.member.billing';
  return (
    <Card title={t(`${m}.title`)} data-testid="billing">
      {b ? (
        <>
          <address className="mm-address">
            {b.name}
            {'\n'}
            {b.address}
          </address>
          {b.vatId && <p>{t(`${m}.vatId`, { vatId: b.vatId })}</p>}
          <p className="muted mm-small">{t(`${m}.hint`)}</p>
        </>
      ) : (
        <p className="muted">{t(`${m}.none`)}</p>
      )}
      {data.portalAvailable && (
        <div className="mm-portal">
          <p className="muted mm-small">{t(`${m}.portalHint`)}</p>
          {portal.isError && <Alert tone="error">{membershipError(portal.error, t)}</Alert>}
          <Button variant="secondary" loading={portal.isPending} onClick={() => portal.mutate()}>
            {t(`${m}.portal`)}
          </Button>
        </div>
      )}
    </Card>
  );
}
