import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api.ts';
import { queryClient } from '../../../web/session.ts';
import { Alert, Button, Spinner, TextField } from '../../../web/ui/index.ts';
import { type Quote } from '../schema.ts';
import { formatMoney } from '../money.ts';
import { memberKeys, membershipError, priceText, ratePercent } from './member-shared.ts';

const quoteKey = (priceId: string, coupon: string | null) =>
  [...memberKeys.quote(priceId), coupon ?? ''] as const;
const fetchQuote = (priceId: string, coupon: string | null) =>
  api.post<Quote>('/api/memberships/quote', { priceId, ...(coupon ? { couponCode: coupon } : {}) });

/** The total a signed-in buyer pays (list price, discount, tax) and the field to redeem a coupon. */
export function QuoteSummary({
  priceId,
  coupon,
  onCoupon,
}: {
  priceId: string;
  coupon: string | null;
  onCoupon: (code: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const id = useId();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const quote = useQuery({ queryKey: quoteKey(priceId, coupon), queryFn: () => fetchQuote(priceId, coupon) });
  const redeem = useMutation({
    mutationFn: (c: string) => fetchQuote(priceId, c),
    onSuccess: (q) => {
      queryClient.setQueryData(quoteKey(priceId, q.couponCode), q);
      onCoupon(q.couponCode);
      setCode('');
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim();
    setMissing(!c);
    if (c) redeem.mutate(c);
  };

  const q = quote.data;
  const couponError = missing
    ? t('memberships.member.checkout.couponMissing')
    : redeem.isError
      ? membershipError(redeem.error, t)
      : undefined;
  return (
    <div className="mm-quote" data-testid="checkout-quote">
      {quote.isPending ? (
        <Spinner />
      ) : quote.isError ? (
        <Alert tone="error">{membershipError(quote.error, t)}</Alert>
      ) : q ? (
        <>
          <dl className="mm-totals" aria-live="polite">
            <div>
              <dt>{t('memberships.member.checkout.listPrice')}</dt>
              <dd>{priceText(t, q.listAmount, q.currency, q.interval, locale)}</dd>
            </div>
            {q.discount > 0 && (
              <div>
                <dt>{q.couponDescription ?? t('memberships.member.checkout.discount')}</dt>
                <dd>−{formatMoney(q.discount, q.currency, locale)}</dd>
              </div>
            )}
            <div className="mm-total">
              <dt>
                {t(
                  q.interval === 'once'
                    ? 'memberships.member.checkout.total'
                    : 'memberships.member.checkout.firstPayment',
                )}
              </dt>
              <dd data-testid="checkout-total">{formatMoney(q.gross, q.currency, locale)}</dd>
            </div>
          </dl>
          {q.tax > 0 && (
            <p className="muted mm-small">
              {t('memberships.member.checkout.taxContained', {
                amount: formatMoney(q.tax, q.currency, locale),
                rate: ratePercent(q.taxRateBp, locale),
              })}
            </p>
          )}
          {q.taxNote && <p className="muted mm-small">{q.taxNote}</p>}
          {q.trialDays > 0 && (
            <p className="mm-small">{t('memberships.member.checkout.trialFirst', { count: q.trialDays })}</p>
          )}
        </>
      ) : null}
      {coupon ? (
        <div className="mm-coupon-applied">
          <p className="mm-small mm-applied" role="status">
            {t('memberships.member.checkout.couponApplied', { code: coupon })}
          </p>
          <Button variant="ghost" size="sm" onClick={() => onCoupon(null)}>
            {t('memberships.member.checkout.couponRemove')}
          </Button>
        </div>
      ) : (
        <form className="mm-coupon" onSubmit={onSubmit} noValidate>
          <TextField
            id={`${id}-coupon`}
            label={t('memberships.member.checkout.coupon')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setMissing(false);
              redeem.reset();
            }}
            error={couponError}
          />
          <Button type="submit" variant="secondary" loading={redeem.isPending}>
            {t('memberships.member.checkout.redeem')}
          </Button>
        </form>
      )}
    </div>
  );
}
