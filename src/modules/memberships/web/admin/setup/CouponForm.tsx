import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../../../web/api.ts';
import type { FieldErrors } from '../../../../../web/errors.ts';
import { Select, TextField } from '../../../../../web/ui/index.ts';
import { CURRENCIES } from '../../../money.ts';
import type { Coupon, CouponInput, Currency, Tier } from '../../../schema.ts';
import { refreshThen, setupKeys } from './data.ts';
import { localDate, parseAmount, parseWhole, untilDay } from './format.ts';
import { CheckList, FormFrame, LimitFields, Radios } from './ui.tsx';
import { useSetupForm } from './useSetupForm.ts';

type Duration = CouponInput['duration'];
type Draft = {
  code: string;
  kind: 'percent' | 'amount';
  percent: string;
  amount: string;
  currency: Currency;
  duration: Duration;
  months: string;
  maxRedemptions: string;
  expires: string;
  tierIds: string[];
};

const blank: Draft = {
  code: '',
  kind: 'percent',
  percent: '',
  amount: '',
  currency: 'EUR',
  duration: 'once',
  months: '',
  maxRedemptions: '',
  expires: '',
  tierIds: [],
};

const k = 'memberships.setup.couponForm';

/** Creates a coupon: a code, a percentage or an amount off, for how long, how often, until when, for which tiers. */
export function CouponForm({ tiers, onDone }: { tiers: Tier[]; onDone: (saved: Coupon | null) => void }) {
  const { t } = useTranslation();
  const form = useSetupForm({
    initial: blank,
    labels: {
      code: t(`${k}.code`),
      percentOff: t(`${k}.percent`),
      amountOff: t(`${k}.amount`),
      currency: t(`${k}.currency`),
      durationMonths: t(`${k}.months`),
      maxRedemptions: t(`${k}.maxRedemptions`),
      expiresAt: t(`${k}.expires`),
      tierIds: t(`${k}.tiers`),
    },
    messages: (err) => ({
      code: isApiError(err) && err.status === 409 ? t(`${k}.codeTaken`) : t(`${k}.codeInvalid`),
      percentOff: t(`${k}.percentInvalid`),
      amountOff: t(`${k}.amountInvalid`),
      currency: t(`${k}.currencyMissing`),
      durationMonths: t(`${k}.monthsInvalid`),
      maxRedemptions: t(`${k}.maxRedemptionsInvalid`),
      tierIds: t(`${k}.tiersInvalid`),
    }),
    save: {
      mutationFn: (body: CouponInput) => api.post<Coupon>('/api/memberships/coupons', body),
      onSuccess: refreshThen(setupKeys.coupons, onDone),
    },
  });
  const { d, set, uid } = form;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = () => {
    const code = d.code.trim().toUpperCase();
    const percent = parseWhole(d.percent);
    const amount = parseAmount(d.amount);
    const months = parseWhole(d.months);
    const max = parseWhole(d.maxRedemptions);
    const found: FieldErrors = {
      code: /^[A-Z0-9_-]{3,40}$/.test(code) ? undefined : t(`${k}.codeInvalid`),
      percentOff:
        d.kind === 'percent' && (typeof percent !== 'number' || percent < 1 || percent > 100)
          ? t(`${k}.percentInvalid`)
          : undefined,
      amountOff:
        d.kind === 'amount' && (amount === null || amount < 1 || amount > 10_000_000)
          ? t(`${k}.amountInvalid`)
          : undefined,
      durationMonths:
        d.duration === 'repeating' && (typeof months !== 'number' || months < 1 || months > 36)
          ? t(`${k}.monthsInvalid`)
          : undefined,
      maxRedemptions:
        max === 'invalid' || max === 0 || (typeof max === 'number' && max > 1_000_000)
          ? t(`${k}.maxRedemptionsInvalid`)
          : undefined,
      expiresAt: d.expires && d.expires < localDate(new Date()) ? t(`${k}.expiresPast`) : undefined,
    };
    if (!form.check(found)) return;
    form.save.mutate({
      code,
      percentOff: d.kind === 'percent' ? (percent as number) : null,
      amountOff: d.kind === 'amount' ? amount : null,
      currency: d.kind === 'amount' ? d.currency : null,
      duration: d.duration,
      durationMonths: d.duration === 'repeating' ? (months as number) : null,
      maxRedemptions: typeof max === 'number' ? max : null,
      expiresAt: d.expires ? untilDay(d.expires) : null,
      tierIds: d.tierIds,
    });
  };

  return (
    <FormFrame
      form={form}
      heading={t(`${k}.heading`)}
      testId="coupon-form"
      onSubmit={submit}
      submitLabel={t(`${k}.create`)}
      onCancel={() => onDone(null)}
    >
      <TextField
        {...form.text('code')}
        ref={first}
        hint={t(`${k}.codeHint`)}
        placeholder={t(`${k}.codePlaceholder`)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={40}
        onChange={(e) => set('code', e.target.value.toUpperCase())}
      />
      <Radios
        legend={t(`${k}.discount`)}
        name={`${uid}-kind`}
        options={['percent', 'amount'] as const}
        value={d.kind}
        onChange={(kind) => set('kind', kind)}
        label={(kind) => t(`${k}.kind.${kind}`)}
      />
      {d.kind === 'percent' ? (
        <TextField
          {...form.text('percent', 'percentOff')}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          hint={t(`${k}.percentHint`)}
          placeholder="20"
        />
      ) : (
        <div className="su-amount">
          <TextField
            {...form.text('amount', 'amountOff')}
            hint={t(`${k}.amountHint`)}
            placeholder="5"
            inputMode="decimal"
            autoComplete="off"
          />
          <Select {...form.text('currency')}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </div>
      )}
      <div className="grid-2 tight su-row">
        <Select
          label={t(`${k}.duration`)}
          hint={t(`${k}.durationHint.${d.duration}`)}
          value={d.duration}
          onChange={(e) => set('duration', e.target.value as Duration)}
        >
          {(['once', 'repeating', 'forever'] as const).map((v) => (
            <option key={v} value={v}>
              {t(`${k}.durations.${v}`)}
            </option>
          ))}
        </Select>
        {d.duration === 'repeating' && (
          <TextField
            {...form.text('months', 'durationMonths')}
            type="number"
            inputMode="numeric"
            min={1}
            max={36}
            placeholder="3"
          />
        )}
      </div>
      <LimitFields
        uses={{ ...form.text('maxRedemptions'), hint: t(`${k}.maxRedemptionsHint`) }}
        until={{ ...form.text('expires', 'expiresAt'), hint: t(`${k}.expiresHint`) }}
      />
      {tiers.length > 0 && (
        <CheckList
          id={form.ids.tierIds!}
          legend={form.labels.tierIds!}
          hint={t(`${k}.tiersHint`)}
          options={tiers}
          value={d.tierIds}
          onChange={(ids) => set('tierIds', ids)}
          error={form.fields.tierIds}
        />
      )}
    </FormFrame>
  );
}
