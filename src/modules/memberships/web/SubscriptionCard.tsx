import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { queryClient } from '../../../web/session.ts';
import { Alert, Button, ConfirmButton, Select } from '../../../web/ui/index.ts';
import type { Subscription } from '../schema.ts';
import { longDate, membershipError, priceText, ratePercent } from './member-shared.ts';

type Action = 'cancel' | 'resume' | 'pause' | 'unpause' | 'discard';

/** One request against my own membership, then the page reloads what changed (access may have changed too). */
function useMembershipAction(sub: Subscription) {
  return useMutation({
    mutationFn: async ({ action, months }: { action: Action; months?: number }) => {
      const base = `/api/memberships/subscriptions/${encodeURIComponent(sub.id)}`;
      if (action === 'pause' || action === 'unpause')
        await api.post(`${base}/pause`, { months: action === 'pause' ? months! : null });
      else await api.post(`${base}/${action === 'discard' ? 'cancel' : action}`);
      return action;
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

const STATUS_TONE: Record<Subscription['status'], string> = {
  pending: 'badge-warning',
  trialing: 'badge-info',
  active: 'badge-success',
  past_due: 'badge-error',
  canceled: 'badge-warning',
  void: '',
  expired: '',
};

/** A membership with its state in words and what its member can do with it. */
export function SubscriptionCard({
  sub,
  maxPauseMonths,
  plusTaxBp,
}: {
  sub: Subscription;
  maxPauseMonths: number;
  /** The VAT rate to add to a net price, if the price is one. */
  plusTaxBp: number | null;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const titleId = useId();
  const act = useMembershipAction(sub);
  const [pausing, setPausing] = useState(false);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const wasPausing = useRef(false);
  // Closing the pause form puts focus back on the button that opened it.
  useEffect(() => {
    if (wasPausing.current && !pausing) pauseButton.current?.focus();
    wasPausing.current = pausing;
  }, [pausing]);
  const now = Date.now();
  const end = sub.currentPeriodEnd;
  const endText = end ? longDate(end, locale) : '';
  const future = (iso: string | null) => iso !== null && Date.parse(iso) > now;
  const pausedNow =
    sub.pauseFrom !== null && !future(sub.pauseFrom) && (sub.pauseUntil === null || future(sub.pauseUntil));
  const running = sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due';
  // Free and granted memberships (and one-off purchases) have no paid period: cancelling ends them now.
  const endsNow = !end || sub.provider === 'free' || sub.provider === 'grant';
  const canUnpause = sub.pauseFrom !== null && (sub.pauseUntil === null || future(sub.pauseUntil));
  const canResume = sub.status === 'canceled' && future(end);
  const canCancel = running && !sub.cancelAtPeriodEnd;
  const canDiscard = sub.status === 'pending' && sub.provider === 'stripe';

  return (
    <section className="card mm-sub" aria-labelledby={titleId} data-testid="membership-card">
      <div className="mm-sub-head">
        <h2 id={titleId} className="card-title">
          {sub.tierName}
        </h2>
        <span className={`badge ${STATUS_TONE[sub.status]}`} data-testid="membership-status">
          {t(`memberships.common.status.${sub.status}`)}
        </span>
        {pausedNow && <span className="badge badge-info">{t('memberships.common.paused')}</span>}
        {sub.founding && <span className="badge badge-new">{t('memberships.common.founding')}</span>}
      </div>
      <dl className="meta mm-sub-meta">
        <dt>{t('memberships.member.membership.price')}</dt>
        <dd>
          {sub.amount !== null && sub.currency
            ? priceText(t, sub.amount, sub.currency, sub.interval, locale)
            : t('memberships.common.free')}
          {plusTaxBp !== null && (
            <> {t('memberships.member.checkout.taxExcluded', { rate: ratePercent(plusTaxBp, locale) })}</>
          )}
          {sub.provider !== 'free' && (
            <span className="muted"> · {t(`memberships.common.provider.${sub.provider}`)}</span>
          )}
        </dd>
        <dt>{t('memberships.member.membership.term')}</dt>
        <dd>{termText()}</dd>
      </dl>
      {sub.pauseFrom && sub.pauseUntil && future(sub.pauseUntil) && (
        <Alert tone="info" announce={false}>
          {pausedNow
            ? t('memberships.member.membership.pausedUntil', { until: longDate(sub.pauseUntil, locale) })
            : t('memberships.member.membership.pausePlanned', {
                from: longDate(sub.pauseFrom, locale),
                until: longDate(sub.pauseUntil, locale),
              })}
        </Alert>
      )}
      {act.isSuccess && !act.isPending && (
        <Alert tone="success">{t(`memberships.member.membership.done.${act.data}`, { date: endText })}</Alert>
      )}
      {act.isError && <Alert tone="error">{membershipError(act.error, t)}</Alert>}
      {pausing ? (
        <PauseForm
          periodEnd={endText}
          max={maxPauseMonths}
          loading={act.isPending}
          onCancel={() => setPausing(false)}
          onPause={(months) =>
            act.mutate({ action: 'pause', months }, { onSuccess: () => setPausing(false) })
          }
        />
      ) : (
        (sub.canPause || canUnpause || canResume || canCancel || canDiscard) && (
          <div className="row-actions mm-actions">
            {sub.canPause && (
              <Button ref={pauseButton} variant="secondary" size="sm" onClick={() => setPausing(true)}>
                {t('memberships.member.membership.pause')}
              </Button>
            )}
            {canUnpause && (
              <Button
                variant="secondary"
                size="sm"
                loading={act.isPending}
                onClick={() => act.mutate({ action: 'unpause' })}
              >
                {t('memberships.member.membership.endPause')}
              </Button>
            )}
            {canResume && (
              <Button
                variant="secondary"
                size="sm"
                loading={act.isPending}
                onClick={() => act.mutate({ action: 'resume' })}
              >
                {t('memberships.member.membership.resume')}
              </Button>
            )}
            {canCancel && (
              <ConfirmButton
                label={t(
                  endsNow ? 'memberships.member.membership.leave' : 'memberships.member.membership.cancel',
                )}
                question={
                  endsNow
                    ? t('memberships.member.membership.cancelNowQuestion')
                    : t('memberships.member.membership.cancelQuestion', { date: endText })
                }
                confirmLabel={t(
                  endsNow
                    ? 'memberships.member.membership.leaveConfirm'
                    : 'memberships.member.membership.cancelConfirm',
                )}
                loading={act.isPending}
                onConfirm={() => act.mutate({ action: 'cancel' })}
              />
            )}
            {canDiscard && <DiscardOrder sub={sub} />}
          </div>
        )
      )}
    </section>
  );

  function termText(): string {
    const m = 'memberships.member.membership';
    if (sub.status === 'pending')
      return t(sub.provider === 'stripe' ? `${m}.pendingCard` : `${m}.pendingManual`);
    if (sub.status === 'expired')
      return end ? t(`${m}.endedOn`, { date: endText }) : t(`memberships.common.status.expired`);
    if (!end) return t(`${m}.unlimited`);
    if (sub.status === 'canceled' || sub.cancelAtPeriodEnd) return t(`${m}.canceledUntil`, { date: endText });
    if (sub.status === 'trialing') return t(`${m}.trialUntil`, { date: endText });
    if (sub.status === 'past_due') return t(`${m}.pastDue`, { date: endText });
    if (sub.interval === 'month' || sub.interval === 'year') return t(`${m}.renewsOn`, { date: endText });
    return t(`${m}.runsUntil`, { date: endText });
  }
}

function PauseForm({
  periodEnd,
  max,
  loading,
  onCancel,
  onPause,
}: {
  periodEnd: string;
  max: number;
  loading: boolean;
  onCancel: () => void;
  onPause: (months: number) => void;
}) {
  const { t } = useTranslation();
  const [months, setMonths] = useState(1);
  const id = useId();
  // The form replaces the button that opened it: focus moves into it.
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onPause(months);
  };
  return (
    <form className="mm-pause" onSubmit={onSubmit} data-testid="pause-form">
      <Select
        id={id}
        label={t('memberships.member.membership.pauseMonths')}
        hint={t('memberships.member.membership.pauseExplain', { date: periodEnd })}
        value={months}
        onChange={(e) => setMonths(Number(e.target.value))}
      >
        {Array.from({ length: Math.max(1, max) }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {t('memberships.member.membership.pauseMonth', { count: n })}
          </option>
        ))}
      </Select>
      <div className="form-actions">
        <Button type="submit" size="sm" loading={loading}>
          {t('memberships.member.membership.pauseSubmit')}
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Withdraws an order that will not be paid (its invoice is voided, places and coupons are released). */
export function DiscardOrder({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const act = useMembershipAction(sub);
  return (
    <>
      <ConfirmButton
        label={t('memberships.member.membership.discard')}
        question={t('memberships.member.membership.discardQuestion')}
        confirmLabel={t('memberships.member.membership.discardConfirm')}
        loading={act.isPending}
        onConfirm={() => act.mutate({ action: 'discard' })}
      />
      {act.isError && <Alert tone="error">{membershipError(act.error, t)}</Alert>}
    </>
  );
}
