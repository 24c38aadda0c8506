import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../../web/api.ts';
import type { FieldErrors } from '../../../../../web/errors.ts';
import { Button, Checkbox, TextArea, TextField } from '../../../../../web/ui/index.ts';
import type { Tier, TierInput } from '../../../schema.ts';
import { refreshThen, setupKeys } from './data.ts';
import { parseWhole } from './format.ts';
import { FormFrame } from './ui.tsx';
import { useSetupForm } from './useSetupForm.ts';

type Line = { k: number; v: string };
type Draft = {
  name: string;
  description: string;
  includes: Line[];
  includesLower: boolean;
  free: boolean;
  inviteOnly: boolean;
  trialDays: string;
  memberLimit: string;
};

let nextKey = 1;
const line = (v = ''): Line => ({ k: nextKey++, v });

const draftOf = (tier?: Tier): Draft => ({
  name: tier?.name ?? '',
  description: tier?.description ?? '',
  includes: tier?.includes.length ? tier.includes.map((v) => line(v)) : [line()],
  includesLower: tier?.includesLower ?? true,
  free: tier?.free ?? false,
  inviteOnly: tier?.inviteOnly ?? false,
  trialDays: String(tier?.trialDays ?? 0),
  memberLimit: tier?.memberLimit ? String(tier.memberLimit) : '',
});

/** What the server takes for a tier, from a tier as it is (used to move one). */
export function inputOf(tier: Tier): TierInput {
  return {
    name: tier.name,
    description: tier.description,
    includes: tier.includes,
    position: tier.position,
    includesLower: tier.includesLower,
    free: tier.free,
    inviteOnly: tier.inviteOnly,
    trialDays: tier.trialDays,
    memberLimit: tier.memberLimit,
  };
}

const MAX_INCLUDES = 20;

/** Create or edit a tier: what it is called, what it includes, who can join and how many. */
export function TierForm({ tier, onDone }: { tier?: Tier; onDone: (saved: Tier | null) => void }) {
  const { t } = useTranslation();
  const k = 'memberships.setup.tierForm';
  const form = useSetupForm({
    initial: () => draftOf(tier),
    labels: {
      name: t(`${k}.name`),
      description: t(`${k}.description`),
      includes: t(`${k}.includes`),
      trialDays: t(`${k}.trialDays`),
      memberLimit: t(`${k}.memberLimit`),
    },
    save: {
      mutationFn: (body: TierInput) =>
        tier
          ? api.put<Tier>(`/api/memberships/tiers/${encodeURIComponent(tier.id)}`, {
              ...body,
              position: tier.position,
            })
          : api.post<Tier>('/api/memberships/tiers', body),
      onSuccess: refreshThen(setupKeys.tiers, onDone),
    },
  });
  const { d, set, uid, fields } = form;
  // The first line has the field's id: the summary's link and the focus for a problem go there.
  const lineId = (i: number) => (i === 0 ? form.ids.includes : `${uid}-inc-${i}`);
  const first = useRef<HTMLInputElement>(null);
  const lineRefs = useRef<(HTMLInputElement | null)[]>([]);
  const [focusLine, setFocusLine] = useState<number | null>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (focusLine !== null) lineRefs.current[focusLine]?.focus();
    setFocusLine(null);
  }, [focusLine]);

  const submit = () => {
    const trial = parseWhole(d.trialDays);
    const limit = parseWhole(d.memberLimit);
    const found: FieldErrors = {
      name: d.name.trim() ? undefined : t('validation.required'),
      trialDays:
        trial === 'invalid' || (trial !== null && trial > 365) ? t(`${k}.trialDaysInvalid`) : undefined,
      memberLimit:
        limit === 'invalid' || limit === 0 || (typeof limit === 'number' && limit > 1_000_000)
          ? t(`${k}.memberLimitInvalid`)
          : undefined,
    };
    if (!form.check(found)) return;
    form.save.mutate({
      name: d.name.trim(),
      description: d.description.trim(),
      includes: d.includes.map((l) => l.v.trim()).filter(Boolean),
      includesLower: d.includesLower,
      free: d.free,
      inviteOnly: d.inviteOnly,
      trialDays: typeof trial === 'number' ? trial : 0,
      memberLimit: typeof limit === 'number' ? limit : null,
    });
  };

  return (
    <FormFrame
      form={form}
      heading={tier ? t(`${k}.editHeading`, { name: tier.name }) : t(`${k}.createHeading`)}
      testId="tier-form"
      onSubmit={submit}
      submitLabel={tier ? t('common.save') : t(`${k}.create`)}
      onCancel={() => onDone(null)}
    >
      <TextField
        {...form.text('name')}
        ref={first}
        hint={t(`${k}.nameHint`)}
        placeholder={t(`${k}.namePlaceholder`)}
        required
        maxLength={80}
      />
      <TextArea
        {...form.text('description')}
        hint={t(`${k}.descriptionHint`)}
        placeholder={t(`${k}.descriptionPlaceholder`)}
        rows={3}
        maxLength={2000}
      />
      <fieldset
        className="poll-editor"
        aria-describedby={`${uid}-inc-hint${fields.includes ? ` ${uid}-inc-error` : ''}`}
      >
        <legend>{form.labels.includes}</legend>
        <p className="field-hint" id={`${uid}-inc-hint`}>
          {t(`${k}.includesHint`)}
        </p>
        <ol className="option-list su-lines">
          {d.includes.map((l, i) => (
            <li key={l.k}>
              <label htmlFor={lineId(i)} className="sr-only">
                {t(`${k}.includesItem`, { n: i + 1 })}
              </label>
              <input
                id={lineId(i)}
                ref={(el) => {
                  lineRefs.current[i] = el;
                }}
                value={l.v}
                maxLength={200}
                placeholder={i === 0 ? t(`${k}.includesPlaceholder`) : undefined}
                onChange={(e) =>
                  set(
                    'includes',
                    d.includes.map((x, j) => (j === i ? { ...x, v: e.target.value } : x)),
                  )
                }
              />
              {d.includes.length > 1 && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => {
                    set(
                      'includes',
                      d.includes.filter((_, j) => j !== i),
                    );
                    setFocusLine(Math.max(0, i - 1));
                  }}
                >
                  {t(`${k}.removeItem`)}
                  <span className="sr-only">: {t(`${k}.includesItem`, { n: i + 1 })}</span>
                </Button>
              )}
            </li>
          ))}
        </ol>
        {fields.includes && (
          <p className="field-error" id={`${uid}-inc-error`}>
            {fields.includes}
          </p>
        )}
        {d.includes.length < MAX_INCLUDES && (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              set('includes', [...d.includes, line()]);
              setFocusLine(d.includes.length);
            }}
          >
            {t(`${k}.addItem`)}
          </Button>
        )}
      </fieldset>
      <Checkbox
        label={t(`${k}.includesLower`)}
        hint={t(`${k}.includesLowerHint`)}
        checked={d.includesLower}
        onChange={(e) => set('includesLower', e.target.checked)}
      />
      <Checkbox
        label={t(`${k}.free`)}
        hint={t(`${k}.freeHint`)}
        checked={d.free}
        onChange={(e) => set('free', e.target.checked)}
      />
      <Checkbox
        label={t(`${k}.inviteOnly`)}
        hint={t(`${k}.inviteOnlyHint`)}
        checked={d.inviteOnly}
        onChange={(e) => set('inviteOnly', e.target.checked)}
      />
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('trialDays')}
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          hint={t(`${k}.trialDaysHint`)}
        />
        <TextField
          {...form.text('memberLimit')}
          type="number"
          inputMode="numeric"
          min={1}
          hint={t(`${k}.memberLimitHint`)}
          placeholder={t(`${k}.memberLimitPlaceholder`)}
        />
      </div>
    </FormFrame>
  );
}
