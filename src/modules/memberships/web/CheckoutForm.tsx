import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../web/errors.ts';
import { queryClient, useMe } from '../../../web/session.ts';
import { Alert, Button, Card, FormError, TextArea, TextField } from '../../../web/ui/index.ts';
import type { MyMembership, Price, PublicOffer, Tier } from '../schema.ts';
import { destination, membershipCode, membershipError } from './member-shared.ts';

type CheckoutResult = {
  subscriptionId: string;
  status: string;
  redirectUrl: string;
  invoiceId: string | null;
};

/** The order form of a signed-in buyer: billing address, payment method, and the button that buys. */
export function OrderForm({
  offer,
  tier,
  price,
  invite,
  mine,
  coupon,
}: {
  offer: PublicOffer;
  tier: Tier;
  price: Price | null;
  invite: string;
  mine: MyMembership | null;
  coupon: string | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const id = useId();
  const [name, setName] = useState(mine?.billing?.name ?? me?.name ?? '');
  const [address, setAddress] = useState(mine?.billing?.address ?? '');
  const [vatId, setVatId] = useState(mine?.billing?.vatId ?? '');
  const [provider, setProvider] = useState<'manual' | 'stripe'>('manual');
  const [errors, setErrors] = useState<FieldErrors>({});
  const trial = price && price.interval !== 'once' ? tier.trialDays : 0;

  const order = useMutation({
    mutationFn: () =>
      api.post<CheckoutResult>('/api/memberships/checkout', {
        ...(price ? { priceId: price.id } : { tierId: tier.id }),
        ...(invite ? { invite } : {}),
        ...(price
          ? {
              provider,
              billing: { name: name.trim(), address: address.trim(), vatId: vatId.trim() },
              ...(coupon ? { couponCode: coupon } : {}),
            }
          : {}),
      }),
    onSuccess: async (r) => {
      // Access changed: every cached list (spaces, feeds, my memberships) may show more now.
      await queryClient.invalidateQueries();
      const to = destination(r.redirectUrl);
      if (to && 'external' in to) {
        window.location.assign(to.external);
        return;
      }
      // A membership that runs right away (free tier, trial) gets its welcome on the membership page.
      const started = r.status === 'active' || r.status === 'trialing';
      const path =
        to && !(started && to.path === '/')
          ? to.path
          : `/membership?welcome=${encodeURIComponent(r.subscriptionId)}`;
      navigate(path);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (price) {
      const found: FieldErrors = {
        'billing.name': name.trim().length < 2 ? t('memberships.member.checkout.nameMissing') : undefined,
        'billing.address':
          address.trim().length < 5 ? t('memberships.member.checkout.addressMissing') : undefined,
      };
      setErrors(found);
      if (hasErrors(found)) return;
    }
    order.mutate();
  };

  const code = membershipCode(order.error);
  const server = code ? {} : fieldErrorsOf(order.error, t);
  // "Please give your name and address" comes for the whole `billing` object.
  if (server.billing && !server['billing.address'])
    server['billing.address'] = t('memberships.member.checkout.addressMissing');
  const fe = { ...server, ...errors };
  const ids = {
    'billing.name': `${id}-name`,
    'billing.address': `${id}-address`,
    'billing.vatId': `${id}-vat`,
  };
  const labels = {
    'billing.name': t('memberships.member.checkout.name'),
    'billing.address': t('memberships.member.checkout.address'),
    'billing.vatId': t('memberships.member.checkout.vatId'),
  };

  return (
    <Card
      title={t(price ? 'memberships.member.checkout.orderTitle' : 'memberships.member.checkout.freeTitle')}
      className="mm-order"
      data-testid="checkout-form"
    >
      {!code && <FormError error={order.error} fields={fe} labels={labels} ids={ids} />}
      <form onSubmit={onSubmit} noValidate>
        {price ? (
          <>
            <fieldset className="radio-stack mm-fieldset">
              <legend>{t('memberships.member.checkout.billingTitle')}</legend>
              <p className="field-hint">{t('memberships.member.checkout.billingLead')}</p>
              <TextField
                id={ids['billing.name']}
                label={t('memberships.member.checkout.name')}
                autoComplete="name"
                required
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={fe['billing.name']}
              />
              <TextArea
                id={ids['billing.address']}
                label={t('memberships.member.checkout.address')}
                hint={t('memberships.member.checkout.addressHint')}
                autoComplete="street-address"
                required
                rows={3}
                maxLength={500}
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                error={fe['billing.address']}
              />
              <TextField
                id={ids['billing.vatId']}
                label={t('memberships.member.checkout.vatId')}
                hint={t('memberships.member.checkout.vatIdHint')}
                maxLength={40}
                value={vatId}
                onChange={(e) => setVatId(e.target.value)}
                error={fe['billing.vatId']}
              />
            </fieldset>
            <fieldset className="radio-stack mm-fieldset" data-testid="checkout-provider">
              <legend>{t('memberships.member.checkout.paymentLegend')}</legend>
              <PaymentOption
                name={`${id}-provider`}
                value="manual"
                checked={provider === 'manual'}
                onChange={setProvider}
                label={t('memberships.member.checkout.manual')}
                hint={t(
                  trial
                    ? 'memberships.member.checkout.manualTrialHint'
                    : 'memberships.member.checkout.manualHint',
                )}
              />
              {offer.stripeEnabled && (
                <PaymentOption
                  name={`${id}-provider`}
                  value="stripe"
                  checked={provider === 'stripe'}
                  onChange={setProvider}
                  label={t('memberships.member.checkout.card')}
                  hint={t('memberships.member.checkout.cardHint')}
                />
              )}
            </fieldset>
          </>
        ) : (
          <p>{t('memberships.member.checkout.freeText')}</p>
        )}
        {/* Next to the button that caused it: a refusal like "sold out" is about the order, not a field. */}
        {code && (
          <Alert tone="error" testId="checkout-error">
            <p>{membershipError(order.error, t)}</p>
            {code === 'enrolment_closed' && (
              <a href="/join#interest">{t('memberships.member.checkout.toInterest')}</a>
            )}
            {(code === 'order_pending' || code === 'already_member') && (
              <Link to="/membership">{t('memberships.member.checkout.toMembership')}</Link>
            )}
            {(code === 'sold_out' || code === 'offer_gone') && (
              <a href="/join">{t('memberships.member.checkout.toJoin')}</a>
            )}
          </Alert>
        )}
        <div className="form-actions">
          <Button type="submit" loading={order.isPending} data-testid="checkout-submit">
            {price ? t('memberships.member.checkout.submit') : t('memberships.member.checkout.submitFree')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PaymentOption(props: {
  name: string;
  value: 'manual' | 'stripe';
  checked: boolean;
  onChange: (v: 'manual' | 'stripe') => void;
  label: string;
  hint: string;
}) {
  const id = useId();
  return (
    <div className="mm-option">
      <input
        id={id}
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.checked}
        aria-describedby={`${id}-hint`}
        onChange={() => props.onChange(props.value)}
      />
      <div>
        <label htmlFor={id}>{props.label}</label>
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </div>
    </div>
  );
}
