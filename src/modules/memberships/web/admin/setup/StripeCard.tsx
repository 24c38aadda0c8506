import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { Button, Card, ConfirmButton, TextField } from '../../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../../schema.ts';
import { patchSettings } from './data.ts';
import { defined, serverFieldErrors } from './format.ts';
import { CopyField, Saved, SetupFormError } from './ui.tsx';

const k = 'memberships.setup.stripe';
const EVENTS = [
  'checkout.session.completed',
  'checkout.session.expired',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
];
const SECRET = /^(sk|rk)_(test|live)_[A-Za-z0-9]{10,}$/;
const WEBHOOK = /^whsec_[A-Za-z0-9]{10,}$/;

/**
 * Card payments through the host's own Stripe account. The keys go in and never come back out:
 * the page only learns whether one is stored.
 */
export function StripeCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const [secret, setSecret] = useState('');
  const [webhook, setWebhook] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: patchSettings,
    onSuccess: () => {
      setSecret('');
      setWebhook('');
    },
  });
  const remove = useMutation({ mutationFn: patchSettings });
  const labels = { stripeSecretKey: t(`${k}.secret`), stripeWebhookSecret: t(`${k}.webhookSecret`) };
  const ids = { stripeSecretKey: `${id}-secret`, stripeWebhookSecret: `${id}-webhook` };
  const fields = {
    ...serverFieldErrors(save.error, t, {
      stripeSecretKey: t(`${k}.secretInvalid`),
      stripeWebhookSecret: t(`${k}.webhookSecretInvalid`),
    }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const sk = secret.trim();
    const wh = webhook.trim();
    const found: FieldErrors = {
      stripeSecretKey:
        !sk && !wh ? t(`${k}.nothing`) : sk && !SECRET.test(sk) ? t(`${k}.secretInvalid`) : undefined,
      stripeWebhookSecret: wh && !WEBHOOK.test(wh) ? t(`${k}.webhookSecretInvalid`) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    setDone(null);
    save.mutate(
      { ...(sk ? { stripeSecretKey: sk } : {}), ...(wh ? { stripeWebhookSecret: wh } : {}) },
      { onSuccess: () => setDone(t(`${k}.stored`)) },
    );
  };
  const forget = (field: 'stripeSecretKey' | 'stripeWebhookSecret') => {
    setDone(null);
    remove.mutate({ [field]: '' }, { onSuccess: () => setDone(t(`${k}.removed`)) });
  };
  const state = (stored: boolean) =>
    stored ? (
      <span className="badge badge-success">{t(`${k}.isStored`)}</span>
    ) : (
      <span className="badge">{t(`${k}.notStored`)}</span>
    );
  const webhookUrl = `${location.origin}/api/memberships/stripe/webhook`;
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <div className="su-stack">
        <dl className="su-keys" data-testid="stripe-state">
          <div>
            <dt>{t(`${k}.secret`)}</dt>
            <dd>
              {state(s.stripeConfigured)}
              {s.stripeConfigured && (
                <ConfirmButton
                  label={t(`${k}.removeSecret`)}
                  question={t(`${k}.removeSecretQuestion`)}
                  confirmLabel={t(`${k}.removeConfirm`)}
                  loading={remove.isPending && remove.variables?.stripeSecretKey === ''}
                  onConfirm={() => forget('stripeSecretKey')}
                />
              )}
            </dd>
          </div>
          <div>
            <dt>{t(`${k}.webhookSecret`)}</dt>
            <dd>
              {state(s.stripeWebhookConfigured)}
              {s.stripeWebhookConfigured && (
                <ConfirmButton
                  label={t(`${k}.removeWebhook`)}
                  question={t(`${k}.removeWebhookQuestion`)}
                  confirmLabel={t(`${k}.removeConfirm`)}
                  loading={remove.isPending && remove.variables?.stripeWebhookSecret === ''}
                  onConfirm={() => forget('stripeWebhookSecret')}
                />
              )}
            </dd>
          </div>
        </dl>
        {s.stripeConfigured && !s.stripeWebhookConfigured && (
          <p className="field-error" data-testid="stripe-webhook-missing">
            {t(`${k}.webhookMissing`)}
          </p>
        )}
        {remove.isError && (
          <p className="field-error" role="alert">
            {errorMessage(remove.error, t)}
          </p>
        )}
        <ol className="su-steps">
          <li>{t(`${k}.step1`)}</li>
          <li>
            {t(`${k}.step2`)}
            <CopyField label={t(`${k}.webhookUrl`)} value={webhookUrl} testId="webhook-url" />
            <p className="field-hint">{t(`${k}.events`)}</p>
            <ul className="su-events">
              {EVENTS.map((e) => (
                <li key={e} className="mono">
                  {e}
                </li>
              ))}
            </ul>
          </li>
          <li>{t(`${k}.step3`)}</li>
        </ol>
        <form onSubmit={submit} noValidate data-testid="stripe-form">
          <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
          <div className="grid-2 tight su-row">
            <TextField
              id={ids.stripeSecretKey}
              type="password"
              label={s.stripeConfigured ? t(`${k}.secretReplace`) : labels.stripeSecretKey}
              hint={t(`${k}.secretHint`)}
              placeholder="sk_live_…"
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => {
                setSecret(e.target.value);
                setDone(null);
              }}
              error={fields.stripeSecretKey}
            />
            <TextField
              id={ids.stripeWebhookSecret}
              type="password"
              label={s.stripeWebhookConfigured ? t(`${k}.webhookSecretReplace`) : labels.stripeWebhookSecret}
              hint={t(`${k}.webhookSecretHint`)}
              placeholder="whsec_…"
              autoComplete="off"
              spellCheck={false}
              value={webhook}
              onChange={(e) => {
                setWebhook(e.target.value);
                setDone(null);
              }}
              error={fields.stripeWebhookSecret}
            />
          </div>
          <Saved show={done !== null}>{done}</Saved>
          <div className="form-actions">
            <Button type="submit" loading={save.isPending}>
              {t(`${k}.save`)}
            </Button>
          </div>
        </form>
      </div>
    </Card>
  );
}
