import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { Button, Checkbox, Select, TextField } from '../../../../../web/ui/index.ts';
import { type Currency, type Interval, type Price, type PriceInput, type Product, type Tier } from '../../../schema.ts';
import { CURRENCIES, formatMoney, INTERVALS } from '../../../money.ts';
import { refresh, setupKeys } from './data.ts';
import { defined, localDate, parseAmount, parseWhole, serverFieldErrors, untilDay } from './format.ts';
import { SetupFormError } from './ui.tsx';

type Draft = {
  interval: Interval;
  amount: string;
  currency: Currency;
  taxIncluded: boolean;
  label: string;
  maxUses: string;
  availableUntil: string;
  productIds: string[];
};

const blank: Draft = {
  interval: 'month',
  amount: '',
  currency: 'EUR',
  taxIncluded: true,
  label: '',
  maxUses: '',
  availableUntil: '',
  productIds: [],
};

const MAX_AMOUNT = 10_000_000;

/** Adds a price to a tier: an ordinary one, a limited offer (label, places, end date) or a bundle. */
export function PriceForm({
  tier,
  products,
  smallBusiness,
  onDone,
}: {
  tier: Tier;
  products: Product[];
  smallBusiness: boolean;
  onDone: (saved: Price | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [d, setD] = useState<Draft>(() => ({ ...blank, currency: tier.prices.at(-1)?.currency ?? 'EUR' }));
  const set = <K extends keyof Draft>(key: K, v: Draft[K]) => setD((x) => ({ ...x, [key]: v }));
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => document.getElementById(`${id}-interval`)?.focus(), [id]);

  const save = useMutation({
    mutationFn: (body: PriceInput) =>
      api.post<Price>(`/api/memberships/tiers/${encodeURIComponent(tier.id)}/prices`, body),
    onSuccess: async (saved) => {
      await refresh(setupKeys.tiers);
      onDone(saved);
    },
  });

  const k = 'memberships.setup.priceForm';
  const labels = {
    amount: t(`${k}.amount`),
    label: t(`${k}.label`),
    maxUses: t(`${k}.maxUses`),
    availableUntil: t(`${k}.availableUntil`),
    productIds: t(`${k}.products`),
  };
  const ids = {
    amount: `${id}-amount`,
    label: `${id}-label`,
    maxUses: `${id}-max`,
    availableUntil: `${id}-until`,
    productIds: `${id}-products`,
  };
  const fields = {
    ...serverFieldErrors(save.error, t, {
      amount: t(`${k}.amountInvalid`),
      maxUses: t(`${k}.maxUsesInvalid`),
      productIds: t(`${k}.productsInvalid`),
    }),
    ...defined(errors),
  };
  const cents = parseAmount(d.amount);
  const available = products.filter((p) => !p.archived || d.productIds.includes(p.id));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const max = parseWhole(d.maxUses);
    const found: FieldErrors = {
      amount: !d.amount.trim()
        ? t(`${k}.amountMissing`)
        : cents === null || cents < 1 || cents > MAX_AMOUNT
          ? t(`${k}.amountInvalid`)
          : undefined,
      maxUses:
        max === 'invalid' || max === 0 || (typeof max === 'number' && max > 1_000_000)
          ? t(`${k}.maxUsesInvalid`)
          : undefined,
      availableUntil:
        d.availableUntil && d.availableUntil < localDate(new Date())
          ? t(`${k}.availableUntilPast`)
          : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({
      interval: d.interval,
      amount: cents!,
      currency: d.currency,
      taxIncluded: d.taxIncluded,
      label: d.label.trim(),
      maxUses: typeof max === 'number' ? max : null,
      availableUntil: d.availableUntil ? untilDay(d.availableUntil) : null,
      productIds: d.productIds,
    });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${id}-h`}
      data-testid="price-form"
    >
      <h4 id={`${id}-h`}>{t(`${k}.heading`, { name: tier.name })}</h4>
      <p className="field-hint">{t(`${k}.lead`)}</p>
      <SetupFormError
        error={save.error}
        fields={fields}
        labels={labels}
        ids={ids}
        conflict={t(`${k}.conflictFree`)}
      />
      <div className="grid-2 tight su-row">
        <Select
          id={`${id}-interval`}
          label={t(`${k}.interval`)}
          value={d.interval}
          onChange={(e) => set('interval', e.target.value as Interval)}
          hint={t(`${k}.intervalHint.${d.interval}`)}
        >
          {INTERVALS.map((v) => (
            <option key={v} value={v}>
              {t(`memberships.common.interval.${v}`)}
            </option>
          ))}
        </Select>
        <div className="su-amount">
          <TextField
            id={ids.amount}
            label={labels.amount}
            hint={t(`${k}.amountHint`)}
            placeholder="5"
            inputMode="decimal"
            autoComplete="off"
            required
            value={d.amount}
            onChange={(e) => set('amount', e.target.value)}
            error={fields.amount}
          />
          <Select
            label={t(`${k}.currency`)}
            value={d.currency}
            onChange={(e) => set('currency', e.target.value as Currency)}
          >
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {cents !== null && cents >= 1 && cents <= MAX_AMOUNT && (
        <p className="muted" aria-live="polite">
          {t(`${k}.preview`, {
            price: `${formatMoney(cents, d.currency, i18n.resolvedLanguage)} ${t(`memberships.common.per.${d.interval}`)}`,
          })}
        </p>
      )}
      <fieldset className="radio-stack">
        <legend>{t(`${k}.tax`)}</legend>
        {smallBusiness && <p className="field-hint">{t(`${k}.taxSmallBusiness`)}</p>}
        {([true, false] as const).map((included) => (
          <label key={String(included)} className="radio-label">
            <input
              type="radio"
              name={`${id}-tax`}
              checked={d.taxIncluded === included}
              onChange={() => set('taxIncluded', included)}
            />
            {t(included ? `${k}.taxIncluded` : `${k}.taxAdded`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="poll-editor">
        <legend>{t(`${k}.offer`)}</legend>
        <p className="field-hint">{t(`${k}.offerHint`)}</p>
        <TextField
          id={ids.label}
          label={labels.label}
          hint={t(`${k}.labelHint`)}
          placeholder={t(`${k}.labelPlaceholder`)}
          maxLength={60}
          value={d.label}
          onChange={(e) => set('label', e.target.value)}
          error={fields.label}
        />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.maxUses}
            type="number"
            inputMode="numeric"
            min={1}
            label={labels.maxUses}
            hint={t(`${k}.maxUsesHint`)}
            placeholder="20"
            value={d.maxUses}
            onChange={(e) => set('maxUses', e.target.value)}
            error={fields.maxUses}
          />
          <TextField
            id={ids.availableUntil}
            type="date"
            min={localDate(new Date())}
            label={labels.availableUntil}
            hint={t(`${k}.availableUntilHint`)}
            value={d.availableUntil}
            onChange={(e) => set('availableUntil', e.target.value)}
            error={fields.availableUntil}
          />
        </div>
      </fieldset>
      <fieldset className="radio-stack" id={ids.productIds} tabIndex={-1}>
        <legend>{labels.productIds}</legend>
        <p className="field-hint">{t(`${k}.productsHint`)}</p>
        {available.length === 0 ? (
          <p className="field-hint">
            {t(`${k}.noProducts`)} <Link to="/admin/memberships/offers">{t(`${k}.toProducts`)}</Link>
          </p>
        ) : (
          available.map((p) => (
            <Checkbox
              key={p.id}
              label={p.name}
              checked={d.productIds.includes(p.id)}
              onChange={(e) =>
                set(
                  'productIds',
                  e.target.checked ? [...d.productIds, p.id] : d.productIds.filter((x) => x !== p.id),
                )
              }
            />
          ))
        )}
        {fields.productIds && <p className="field-error">{fields.productIds}</p>}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {t(`${k}.create`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
