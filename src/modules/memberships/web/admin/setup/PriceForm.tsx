import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../../web/api.ts';
import type { FieldErrors } from '../../../../../web/errors.ts';
import { Select, TextField } from '../../../../../web/ui/index.ts';
import { CURRENCIES, formatMoney, INTERVALS } from '../../../money.ts';
import type { Currency, Interval, Price, PriceInput, Product, Tier } from '../../../schema.ts';
import { refreshThen, setupKeys } from './data.ts';
import { localDate, parseAmount, parseWhole, untilDay } from './format.ts';
import { CheckList, FormFrame, LimitFields, Radios } from './ui.tsx';
import { useSetupForm } from './useSetupForm.ts';

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
  const k = 'memberships.setup.priceForm';
  const form = useSetupForm({
    initial: (): Draft => ({ ...blank, currency: tier.prices.at(-1)?.currency ?? 'EUR' }),
    labels: {
      amount: t(`${k}.amount`),
      label: t(`${k}.label`),
      maxUses: t(`${k}.maxUses`),
      availableUntil: t(`${k}.availableUntil`),
      productIds: t(`${k}.products`),
    },
    messages: {
      amount: t(`${k}.amountInvalid`),
      maxUses: t(`${k}.maxUsesInvalid`),
      productIds: t(`${k}.productsInvalid`),
    },
    save: {
      mutationFn: (body: PriceInput) =>
        api.post<Price>(`/api/memberships/tiers/${encodeURIComponent(tier.id)}/prices`, body),
      onSuccess: refreshThen(setupKeys.tiers, onDone),
    },
  });
  const { d, set, uid } = form;
  useEffect(() => document.getElementById(`${uid}-interval`)?.focus(), [uid]);

  const cents = parseAmount(d.amount);
  const available = products.filter((p) => !p.archived || d.productIds.includes(p.id));

  const submit = () => {
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
    if (!form.check(found)) return;
    form.save.mutate({
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
    <FormFrame
      form={form}
      heading={t(`${k}.heading`, { name: tier.name })}
      level={4}
      lead={t(`${k}.lead`)}
      conflict={t(`${k}.conflictFree`)}
      testId="price-form"
      onSubmit={submit}
      submitLabel={t(`${k}.create`)}
      onCancel={() => onDone(null)}
    >
      <div className="grid-2 tight su-row">
        <Select
          id={`${uid}-interval`}
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
            {...form.text('amount')}
            hint={t(`${k}.amountHint`)}
            placeholder="5"
            inputMode="decimal"
            autoComplete="off"
            required
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
      <Radios
        legend={t(`${k}.tax`)}
        name={`${uid}-tax`}
        options={[true, false] as const}
        value={d.taxIncluded}
        onChange={(included) => set('taxIncluded', included)}
        label={(included) => t(included ? `${k}.taxIncluded` : `${k}.taxAdded`)}
      >
        {smallBusiness && <p className="field-hint">{t(`${k}.taxSmallBusiness`)}</p>}
      </Radios>
      <fieldset className="poll-editor">
        <legend>{t(`${k}.offer`)}</legend>
        <p className="field-hint">{t(`${k}.offerHint`)}</p>
        <TextField
          {...form.text('label')}
          hint={t(`${k}.labelHint`)}
          placeholder={t(`${k}.labelPlaceholder`)}
          maxLength={60}
        />
        <LimitFields
          uses={{ ...form.text('maxUses'), hint: t(`${k}.maxUsesHint`) }}
          until={{ ...form.text('availableUntil'), hint: t(`${k}.availableUntilHint`) }}
        />
      </fieldset>
      <CheckList
        id={form.ids.productIds!}
        legend={form.labels.productIds!}
        hint={t(`${k}.productsHint`)}
        options={available}
        value={d.productIds}
        onChange={(ids) => set('productIds', ids)}
        error={form.fields.productIds}
      >
        <p className="field-hint">
          {t(`${k}.noProducts`)} <Link to="/admin/memberships/offers">{t(`${k}.toProducts`)}</Link>
        </p>
      </CheckList>
    </FormFrame>
  );
}
