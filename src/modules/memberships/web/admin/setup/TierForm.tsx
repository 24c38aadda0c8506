import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { Button, Checkbox, TextArea, TextField } from '../../../../../web/ui/index.ts';
import type { Tier, TierInput } from '../../../schema.ts';
import { refresh, setupKeys } from './data.ts';
import { defined, parseWhole, serverFieldErrors } from './format.ts';
import { SetupFormError } from './ui.tsx';

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
  const id = useId();
  const [d, setD] = useState<Draft>(() => draftOf(tier));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  const lineRefs = useRef<(HTMLInputElement | null)[]>([]);
  const [focusLine, setFocusLine] = useState<number | null>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (focusLine !== null) lineRefs.current[focusLine]?.focus();
    setFocusLine(null);
  }, [focusLine]);

  const save = useMutation({
    mutationFn: (body: TierInput) =>
      tier
        ? api.put<Tier>(`/api/memberships/tiers/${encodeURIComponent(tier.id)}`, {
            ...body,
            position: tier.position,
          })
        : api.post<Tier>('/api/memberships/tiers', body),
    onSuccess: async (saved) => {
      await refresh(setupKeys.tiers);
      onDone(saved);
    },
  });

  const k = 'memberships.setup.tierForm';
  const labels = {
    name: t(`${k}.name`),
    description: t(`${k}.description`),
    includes: t(`${k}.includes`),
    trialDays: t(`${k}.trialDays`),
    memberLimit: t(`${k}.memberLimit`),
  };
  const ids = {
    name: `${id}-name`,
    description: `${id}-desc`,
    includes: `${id}-inc-0`,
    trialDays: `${id}-trial`,
    memberLimit: `${id}-limit`,
  };
  const fields = { ...serverFieldErrors(save.error, t), ...defined(errors) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
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
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({
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
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${id}-h`}
      data-testid="tier-form"
    >
      <h3 id={`${id}-h`}>{tier ? t(`${k}.editHeading`, { name: tier.name }) : t(`${k}.createHeading`)}</h3>
      <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.name}
        label={labels.name}
        hint={t(`${k}.nameHint`)}
        placeholder={t(`${k}.namePlaceholder`)}
        required
        maxLength={80}
        value={d.name}
        onChange={(e) => set('name', e.target.value)}
        error={fields.name}
      />
      <TextArea
        id={ids.description}
        label={labels.description}
        hint={t(`${k}.descriptionHint`)}
        placeholder={t(`${k}.descriptionPlaceholder`)}
        rows={3}
        maxLength={2000}
        value={d.description}
        onChange={(e) => set('description', e.target.value)}
        error={fields.description}
      />
      <fieldset
        className="poll-editor"
        aria-describedby={`${id}-inc-hint${fields.includes ? ` ${id}-inc-error` : ''}`}
      >
        <legend>{labels.includes}</legend>
        <p className="field-hint" id={`${id}-inc-hint`}>
          {t(`${k}.includesHint`)}
        </p>
        <ol className="option-list su-lines">
          {d.includes.map((l, i) => (
            <li key={l.k}>
              <label htmlFor={`${id}-inc-${i}`} className="sr-only">
                {t(`${k}.includesItem`, { n: i + 1 })}
              </label>
              <input
                id={`${id}-inc-${i}`}
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
          <p className="field-error" id={`${id}-inc-error`}>
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
          id={ids.trialDays}
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          label={labels.trialDays}
          hint={t(`${k}.trialDaysHint`)}
          value={d.trialDays}
          onChange={(e) => set('trialDays', e.target.value)}
          error={fields.trialDays}
        />
        <TextField
          id={ids.memberLimit}
          type="number"
          inputMode="numeric"
          min={1}
          label={labels.memberLimit}
          hint={t(`${k}.memberLimitHint`)}
          placeholder={t(`${k}.memberLimitPlaceholder`)}
          value={d.memberLimit}
          onChange={(e) => set('memberLimit', e.target.value)}
          error={fields.memberLimit}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {tier ? t('common.save') : t(`${k}.create`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
