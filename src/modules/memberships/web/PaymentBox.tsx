import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceSummary, MyMembership, Subscription } from '../schema.ts';
import { formatMoney } from '../money.ts';
import { groupIban, longDate } from './member-shared.ts';
import { DiscardOrder } from './SubscriptionCard.tsx';

/**
 * An open bank-transfer invoice: the amount, our bank details and the reference to use. For a new order
 * it says that access starts when the money arrives; for a renewal that the membership goes on.
 */
export function PaymentBox({
  invoice,
  sub,
  payment,
  highlight,
}: {
  invoice: InvoiceSummary;
  sub: Subscription | undefined;
  payment: MyMembership['payment'];
  highlight: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!highlight) return;
    // After the layout's own focus move to <main> on navigation, which runs in the same commit.
    const timer = setTimeout(() => {
      ref.current?.scrollIntoView({ block: 'start' });
      ref.current?.focus({ preventScroll: true });
    }, 0);
    return () => clearTimeout(timer);
  }, [highlight]);
  const pending = sub?.status === 'pending';
  const amount = formatMoney(invoice.grossTotal, invoice.currency, locale);
  const tier = sub?.tierName ?? invoice.description;
  return (
    <section
      ref={ref}
      className={`card mm-pay${highlight ? ' mm-pay-highlight' : ''}`}
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="payment-box"
    >
      <h2 id={titleId} className="card-title">
        {t('memberships.member.pay.title', { amount })}
      </h2>
      <p>
        {t(pending ? 'memberships.member.pay.forOrder' : 'memberships.member.pay.forRenewal', { tier })}
        {invoice.dueAt && <> {t('memberships.member.pay.due', { date: longDate(invoice.dueAt, locale) })}</>}
      </p>
      {payment.iban ? (
        <dl className="meta mm-bank">
          {payment.holder && (
            <>
              <dt>{t('memberships.member.pay.holder')}</dt>
              <dd>{payment.holder}</dd>
            </>
          )}
          <dt>{t('memberships.member.pay.iban')}</dt>
          <dd>
            <span className="mono" data-testid="payment-iban">
              {groupIban(payment.iban)}
            </span>{' '}
            <CopyButton value={payment.iban} what={t('memberships.member.pay.iban')} />
          </dd>
          {payment.bic && (
            <>
              <dt>{t('memberships.member.pay.bic')}</dt>
              <dd className="mono">{payment.bic}</dd>
            </>
          )}
          <dt>{t('memberships.member.pay.amount')}</dt>
          <dd>
            <strong>{amount}</strong>
          </dd>
          <dt>{t('memberships.member.pay.reference')}</dt>
          <dd>
            <span className="mono" data-testid="payment-reference">
              {invoice.number}
            </span>{' '}
            <CopyButton value={invoice.number} what={t('memberships.member.pay.reference')} />
          </dd>
        </dl>
      ) : (
        <p>{t('memberships.member.pay.noBank')}</p>
      )}
      <p className="mm-unlock">
        <strong>{t(pending ? 'memberships.member.pay.unlock' : 'memberships.member.pay.extend')}</strong>
      </p>
      <div className="form-actions">
        <a href={invoice.pdfUrl} download>
          {t('memberships.member.pay.invoicePdf', { number: invoice.number })}
        </a>
        {pending && sub && <DiscardOrder sub={sub} />}
      </div>
    </section>
  );
}

/** Copies a value (IBAN, reference) so nobody has to type it into their banking app. */
function CopyButton({ value, what }: { value: string; what: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  // Browsers offer the clipboard only on secure pages (https, localhost).
  if (typeof navigator === 'undefined' || !navigator.clipboard) return null;
  return (
    <>
      <button
        type="button"
        className="link-button mm-copy"
        aria-label={t('memberships.member.pay.copyLabel', { what })}
        onClick={() =>
          navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => undefined,
          )
        }
      >
        {t('memberships.member.pay.copy')}
      </button>
      <span className="mm-small muted" role="status">
        {copied ? t('memberships.member.pay.copied') : ''}
      </span>
    </>
  );
}
