import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { QueryError } from '../../../web/guards.tsx';
import { useMe, useTitle } from '../../../web/session.ts';
import { Alert, Card, Loading, PageHeader } from '../../../web/ui/index.ts';
import type { MyMembership, Price, PublicOffer, Tier } from '../schema.ts';
import { OrderForm } from './CheckoutForm.tsx';
import { longDate, memberKeys, priceText, ratePercent } from './member-shared.ts';
import { QuoteSummary } from './QuoteSummary.tsx';
import './strings.ts';

/**
 * `/checkout?price=<id>` (or `?tier=<id>` for a free tier, `&invite=<code>` for an invite-only one):
 * what someone buys, and the order form. Visitors are sent to sign up or log in and come back here.
 */
export default function CheckoutPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.member.checkout.title'));
  const [params] = useSearchParams();
  const location = useLocation();
  const priceId = params.get('price');
  const tierId = params.get('tier');
  const invite = params.get('invite') ?? '';
  const me = useMe();
  // The redeemed coupon, shown in the summary and sent with the order.
  const [coupon, setCoupon] = useState<string | null>(null);
  const offer = useQuery({
    queryKey: memberKeys.offer(invite),
    queryFn: ({ signal }) =>
      api.get<PublicOffer>(
        `/api/memberships/offer${invite ? `?invite=${encodeURIComponent(invite)}` : ''}`,
        signal,
      ),
  });
  const mine = useQuery({
    queryKey: memberKeys.me,
    queryFn: ({ signal }) => api.get<MyMembership>('/api/memberships/me', signal),
    enabled: Boolean(me.data),
  });

  if (offer.isPending || me.isPending || (me.data && mine.isPending)) return <Loading />;
  if (offer.isError) return <QueryError error={offer.error} />;

  const found = findOffer(offer.data, priceId, tierId);
  if (!found) {
    return (
      <>
        <PageHeader
          title={t('memberships.member.checkout.notFoundTitle')}
          lead={t('memberships.member.checkout.notFoundText')}
        />
        <a className="btn btn-primary" href="/join">
          {t('memberships.member.checkout.toJoin')}
        </a>
      </>
    );
  }
  const { tier, price } = found;
  // An invite-only tier is in the offer only with its code, and an invitation works while enrolment is closed.
  const closed = !offer.data.enrolmentOpen && !tier.inviteOnly;
  const full = tier.memberLimit !== null && tier.members >= tier.memberLimit;
  const here = location.pathname + location.search;
  const held = mine.data?.subscriptions.find((s) => s.tierId === tier.id && s.status !== 'expired');
  const now = Date.now();
  const pending = held?.status === 'pending' ? held : undefined;
  const member =
    held && (held.active || (held.pauseUntil !== null && Date.parse(held.pauseUntil) > now))
      ? held
      : undefined;

  let next: ReactNode;
  if (closed) {
    next = (
      <Alert tone="info" title={t('memberships.member.checkout.closedTitle')} testId="checkout-closed">
        <p>{t('memberships.member.checkout.closedText')}</p>
        <a href="/join#interest">{t('memberships.member.checkout.toInterest')}</a>
      </Alert>
    );
  } else if (full) {
    next = (
      <Alert tone="info" announce={false}>
        <p>{t('memberships.common.errors.sold_out')}</p>
        <a href="/join">{t('memberships.member.checkout.toJoin')}</a>
      </Alert>
    );
  } else if (!me.data) {
    next = <GuestChoice here={here} />;
  } else if (pending) {
    next = (
      <Alert tone="info" announce={false} testId="checkout-pending">
        <p>{t('memberships.member.checkout.alreadyPending')}</p>
        <Link to={`/membership?order=${encodeURIComponent(pending.id)}`}>
          {t('memberships.member.checkout.toOrder')}
        </Link>
      </Alert>
    );
  } else if (member) {
    next = (
      <Alert tone="info" announce={false} testId="checkout-member">
        <p>{t('memberships.member.checkout.alreadyMember')}</p>
        <Link to="/membership">{t('memberships.member.checkout.toMembership')}</Link>
      </Alert>
    );
  } else {
    next = (
      <OrderForm
        offer={offer.data}
        tier={tier}
        price={price}
        invite={invite}
        mine={mine.data ?? null}
        coupon={coupon}
      />
    );
  }

  return (
    <>
      <PageHeader
        title={t('memberships.member.checkout.title')}
        lead={t('memberships.member.checkout.lead')}
      />
      <div className="stack">
        {closed && next}
        <div className="mm-checkout">
          <TierSummary offer={offer.data} tier={tier} price={price}>
            {price && me.data && !closed && !full && !pending && !member && (
              <QuoteSummary priceId={price.id} coupon={coupon} onCoupon={setCoupon} />
            )}
          </TierSummary>
          {!closed && next}
        </div>
      </div>
    </>
  );
}

function findOffer(
  offer: PublicOffer,
  priceId: string | null,
  tierId: string | null,
): { tier: Tier; price: Price | null } | null {
  if (priceId) {
    for (const tier of offer.tiers) {
      const price = tier.prices.find((p) => p.id === priceId);
      if (price && !tier.free) return { tier, price };
    }
    return null;
  }
  const tier = tierId ? offer.tiers.find((x) => x.id === tierId) : undefined;
  return tier?.free ? { tier, price: null } : null;
}

/** The "inkl. 19 % USt." line under a price. */
function TaxHint({ offer, price }: { offer: PublicOffer; price: Price }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  if (offer.smallBusiness)
    return <p className="muted mm-small">{t('memberships.member.checkout.smallBusiness')}</p>;
  if (offer.taxRateBp <= 0) return null;
  const rate = ratePercent(offer.taxRateBp, locale);
  return (
    <p className="muted mm-small">
      {t(
        price.taxIncluded
          ? 'memberships.member.checkout.taxIncluded'
          : 'memberships.member.checkout.taxExcluded',
        { rate },
      )}
    </p>
  );
}

/** What someone is buying: the tier, what it opens, the price; signed-in buyers also get the coupon and the total. */
function TierSummary({
  offer,
  tier,
  price,
  children,
}: {
  offer: PublicOffer;
  tier: Tier;
  price: Price | null;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const left = price?.maxUses != null ? price.maxUses - price.uses : null;
  return (
    <Card title={tier.name} data-testid="checkout-summary">
      {tier.description && <p className="mm-prewrap">{tier.description}</p>}
      {tier.includes.length > 0 && (
        <>
          <h3 className="mm-subtitle">{t('memberships.member.checkout.includes')}</h3>
          <ul className="mm-includes">
            {tier.includes.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      )}
      <div className="mm-price">
        {price ? (
          <>
            {price.label && <p className="mm-offer-label">{price.label}</p>}
            <p className="mm-amount" data-testid="checkout-price">
              {priceText(t, price.amount, price.currency, price.interval, locale)}
            </p>
            <TaxHint offer={offer} price={price} />
            {left !== null && left > 0 && (
              <p className="mm-small">{t('memberships.member.checkout.offerLeft', { count: left })}</p>
            )}
            {price.availableUntil && (
              <p className="mm-small">
                {t('memberships.member.checkout.offerUntil', {
                  date: longDate(price.availableUntil, locale),
                })}
              </p>
            )}
            {price.interval !== 'once' && tier.trialDays > 0 && (
              <p className="mm-small">
                <strong>{t('memberships.member.checkout.trial', { count: tier.trialDays })}</strong>
              </p>
            )}
            <p className="muted mm-small">{t(`memberships.member.checkout.renews.${price.interval}`)}</p>
          </>
        ) : (
          <p className="mm-amount">{t('memberships.common.free')}</p>
        )}
      </div>
      {children}
    </Card>
  );
}

/** Visitors: an account first, then back here. */
function GuestChoice({ here }: { here: string }) {
  const { t } = useTranslation();
  const next = encodeURIComponent(here);
  return (
    <Card title={t('memberships.member.checkout.guestTitle')} data-testid="checkout-guest">
      <p>{t('memberships.member.checkout.guestText')}</p>
      <div className="form-actions">
        <Link className="btn btn-primary" to={`/signup?next=${next}`}>
          {t('memberships.member.checkout.signup')}
        </Link>
        <Link className="btn btn-secondary" to={`/login?next=${next}`}>
          {t('memberships.member.checkout.login')}
        </Link>
      </div>
    </Card>
  );
}
