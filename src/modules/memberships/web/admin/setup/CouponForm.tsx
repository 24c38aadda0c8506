import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { Button, Checkbox, Select, TextField } from '../../../../../web/ui/index.ts';
import { type Coupon, type CouponInput, type Currency, type Tier } from '../../../schema.ts';
import { CURRENCIES } from '../../../money.ts';
import { refresh, setupKeys } from './data.ts';
import { defined, localDate, parseAmount, parseWhole, serverFieldErrors, untilDay } from './format.ts';
import { SetupFormError } from './ui.tsx';

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
  const id = useId();
  const [d, setD] = useState<Draft>(blank);
  const set = <K extends keyof Draft>(key: K, v: Draft[K]) => setD((x) => ({ ...x, [key]: v }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const save = useMutation({
    mutationFn: (body: CouponInput) => api.post<Coupon>('/api/memberships/coupons', body),
    onSuccess: async (saved) => {
      await refresh(setupKeys.coupons);
      onDone(saved);
    },
  });

  const labels = {
    code: t(`${k}.code`),
    percentOff: t(`${k}.percent`),
    amountOff: t(`${k}.amount`),
    currency: t(`${k}.currency`),
    durationMonths: t(`${k}.months`),
    maxRedemptions: t(`${k}.maxRedemptions`),
    expiresAt: t(`${k}.expires`),
    tierIds: t(`${k}.tiers`),
  };
  const ids = {
    code: `${id}-code`,
    percentOff: `${id}-percent`,
    amountOff: `${id}-amount`,
    currency: `${id}-currency`,
    durationMonths: `${id}-months`,
    maxRedemptions: `${id}-max`,
    expiresAt: `${id}-expires`,
    tierIds: `${id}-tiers`,
  };
  const taken = isApiError(save.error) && save.error.status === 409;
  const fields = {
    ...serverFieldErrors(save.error, t, {
      code: taken ? t(`${k}.codeTaken`) : t(`${k}.codeInvalid`),
      percentOff: t(`${k}.percentInvalid`),
      amountOff: t(`${k}.amountInvalid`),
      currency: t(`${k}.currencyMissing`),
      durationMonths: t(`${k}.monthsInvalid`),
      maxRedemptions: t(`${k}.maxRedemptionsInvalid`),
      tierIds: t(`${k}.tiersInvalid`),
    }),
    ...defined(errors),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
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
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({
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
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${id}-h`}
      data-testid="coupon-form"
    >
      <h3 id={`${id}-h`}>{t(`${k}.heading`)}</h3>
      <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.code}
        label={labels.code}
        hint={t(`${k}.codeHint`)}
        placeholder={t(`${k}.codePlaceholder`)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={40}
        value={d.code}
        onChange={(e) => set('code', e.target.value.toUpperCase())}
        error={fields.code}
      />
      <fieldset className="radio-stack">
        <legend>{t(`${k}.discount`)}</legend>
        {(['percent', 'amount'] as const).map((kind) => (
          <label key={kind} className="radio-label">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={d.kind === kind}
              onChange={() => set('kind', kind)}
            />
            {t(`${k}.kind.${kind}`)}
          </label>
        ))}
      </fieldset>
      {d.kind === 'percent' ? (
        <TextField
          id={ids.percentOff}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          label={labels.percentOff}
          hint={t(`${k}.percentHint`)}
          placeholder="20"
          value={d.percent}
          onChange={(e) => set('percent', e.target.value)}
          error={fields.percentOff}
        />
      ) : (
        <div className="su-amount">
          <TextField
            id={ids.amountOff}
            label={labels.amountOff}
            hint={t(`${k}.amountHint`)}
            placeholder="5"
            inputMode="decimal"
            autoComplete="off"
            value={d.amount}
            onChange={(e) => set('amount', e.target.value)}
            error={fields.amountOff}
          />
          <Select
            id={ids.currency}
            label={labels.currency}
            value={d.currency}
            onChange={(e) => set('currency', e.target.value as Currency)}
            error={fields.currency}
          >
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
            id={ids.durationMonths}
            type="number"
            inputMode="numeric"
            min={1}
            max={36}
            label={labels.durationMonths}
            placeholder="3"
            value={d.months}
            onChange={(e) => set('months', e.target.value)}
            error={fields.durationMonths}
          />
        )}
      </div>
      <div className="grid-2 tight su-row">
        <TextField
          id={ids.maxRedemptions}
          type="number"
          inputMode="numeric"
          min={1}
          label={labels.maxRedemptions}
          hint={t(`${k}.maxRedemptionsHint`)}
          placeholder="20"
          value={d.maxRedemptions}
          onChange={(e) => set('maxRedemptions', e.target.value)}
          error={fields.maxRedemptions}
        />
        <TextField
          id={ids.expiresAt}
          type="date"
          min={localDate(new Date())}
          label={labels.expiresAt}
          hint={t(`${k}.expiresHint`)}
          value={d.expires}
          onChange={(e) => set('expires', e.target.value)}
          error={fields.expiresAt}
        />
      </div>
      {tiers.length > 0 && (
        <fieldset className="radio-stack" id={ids.tierIds} tabIndex={-1}>
          <legend>{labels.tierIds}</legend>
          <p className="field-hint">{t(`${k}.tiersHint`)}</p>
          {tiers.map((tier) => (
            <Checkbox
              key={tier.id}
              label={tier.name}
              checked={d.tierIds.includes(tier.id)}
              onChange={(e) =>
                set(
                  'tierIds',
                  e.target.checked ? [...d.tierIds, tier.id] : d.tierIds.filter((x) => x !== tier.id),
                )
              }
            />
          ))}
          {fields.tierIds && <p className="field-error">{fields.tierIds}</p>}
        </fieldset>
      )}
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
