import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../../../web/api.ts';
import { errorMessage, type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { QueryError } from '../../../../../web/guards.tsx';
import { Button, Card, ConfirmButton, Loading, TextField } from '../../../../../web/ui/index.ts';
import type { BillingPause } from '../../../schema.ts';
import { refresh, setupKeys, usePauses } from './data.ts';
import { defined, formats, localDate, serverFieldErrors } from './format.ts';
import { SetupFormError } from './ui.tsx';

const k = 'memberships.setup.pauses';

/** Days from one calendar day to another, both included. */
function daysBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((d) =>
    Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))),
  );
  return Math.round((b! - a!) / 86_400_000) + 1;
}

/** Community-wide billing pauses (a summer break): nobody pays during one, everyone's paid time moves on. */
export function PausesCard() {
  const { t } = useTranslation();
  const pauses = usePauses();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {pauses.isPending ? (
        <Loading />
      ) : pauses.isError ? (
        <QueryError error={pauses.error} />
      ) : pauses.data.length === 0 ? (
        <p className="muted">{t(`${k}.empty`)}</p>
      ) : (
        <ul className="list" data-testid="pause-list">
          {pauses.data.map((p) => (
            <PauseRow key={p.id} pause={p} onStatus={setStatus} />
          ))}
        </ul>
      )}
      <PauseForm onAdded={(p) => setStatus(t(`${k}.added`, { reason: p.reason }))} />
    </Card>
  );
}

function PauseRow({ pause: p, onStatus }: { pause: BillingPause; onStatus: (s: string) => void }) {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/memberships/pauses/${encodeURIComponent(p.id)}`),
    onSuccess: async () => {
      await refresh(setupKeys.pauses);
      onStatus(t(`${k}.removed`, { reason: p.reason }));
    },
    onError: () => void refresh(setupKeys.pauses),
  });
  const range = t(`${k}.range`, { from: f.day(p.startsOn), to: f.day(p.endsOn) });
  const ended = p.endsOn < localDate(new Date());
  return (
    <li data-testid="pause-row">
      <div className="list-main">
        <p className="list-title">
          {p.reason} · {range}
        </p>
        <p className="list-meta">
          {t(`${k}.length`, { count: daysBetween(p.startsOn, p.endsOn) })}
          {p.appliedAt && ` · ${t(`${k}.appliedAt`, { date: f.dateTime(p.appliedAt) })}`}
        </p>
      </div>
      {p.appliedAt ? (
        <span className={`badge ${ended ? '' : 'badge-info'}`}>
          {t(ended ? `${k}.state.over` : `${k}.state.running`)}
        </span>
      ) : (
        <>
          <span className="badge">{t(`${k}.state.planned`)}</span>
          <ConfirmButton
            label={
              <>
                {t(`${k}.remove`)}
                <span className="sr-only">: {p.reason}</span>
              </>
            }
            question={t(`${k}.removeQuestion`)}
            confirmLabel={t(`${k}.removeConfirm`)}
            loading={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </>
      )}
      {remove.isError && (
        <p className="field-error" role="alert">
          {isApiError(remove.error) && remove.error.status === 409
            ? t(`${k}.tooLate`)
            : errorMessage(remove.error, t)}
        </p>
      )}
    </li>
  );
}

function PauseForm({ onAdded }: { onAdded: (p: BillingPause) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: () =>
      api.post<BillingPause>('/api/memberships/pauses', { startsOn, endsOn, reason: reason.trim() }),
    onSuccess: async (p) => {
      await refresh(setupKeys.pauses);
      setStartsOn('');
      setEndsOn('');
      setReason('');
      onAdded(p);
    },
  });
  const labels = { startsOn: t(`${k}.startsOn`), endsOn: t(`${k}.endsOn`), reason: t(`${k}.reason`) };
  const ids = { startsOn: `${id}-start`, endsOn: `${id}-end`, reason: `${id}-reason` };
  const fields = {
    ...serverFieldErrors(save.error, t, { endsOn: t(`${k}.endBeforeStart`) }),
    ...defined(errors),
  };
  const today = localDate(new Date());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      startsOn: !startsOn ? t(`${k}.startMissing`) : startsOn < today ? t(`${k}.startPast`) : undefined,
      endsOn: !endsOn
        ? t(`${k}.endMissing`)
        : startsOn && endsOn < startsOn
          ? t(`${k}.endBeforeStart`)
          : undefined,
      reason: reason.trim().length < 2 ? t(`${k}.reasonMissing`) : undefined,
    };
    setErrors(found);
    if (!hasErrors(found)) save.mutate();
  };
  const length = startsOn && endsOn && endsOn >= startsOn ? daysBetween(startsOn, endsOn) : null;
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack su-block"
      aria-labelledby={`${id}-h`}
      data-testid="pause-form"
    >
      <h3 id={`${id}-h`}>{t(`${k}.createHeading`)}</h3>
      <p className="field-hint">{t(`${k}.formHint`)}</p>
      <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
      <div className="grid-2 tight su-row">
        <TextField
          id={ids.startsOn}
          type="date"
          min={today}
          required
          label={labels.startsOn}
          value={startsOn}
          onChange={(e) => setStartsOn(e.target.value)}
          error={fields.startsOn}
        />
        <TextField
          id={ids.endsOn}
          type="date"
          min={startsOn || today}
          required
          label={labels.endsOn}
          hint={t(`${k}.endsOnHint`)}
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          error={fields.endsOn}
        />
      </div>
      <TextField
        id={ids.reason}
        label={labels.reason}
        hint={t(`${k}.reasonHint`)}
        placeholder={t(`${k}.reasonPlaceholder`)}
        required
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={fields.reason}
      />
      {length !== null && (
        <p className="muted" aria-live="polite">
          {t(`${k}.preview`, { count: length })}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {t(`${k}.create`)}
        </Button>
      </div>
    </form>
  );
}
