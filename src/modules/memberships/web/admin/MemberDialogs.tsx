import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { type FieldErrors, fieldErrorsOf, hasErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { Alert, Button, FormError, Loading, Select, TextArea, TextField } from '../../../../web/ui/index.ts';
import {
  endOfDayIso,
  HISTORY_KINDS,
  type HistoryEntry,
  type MemberRow,
  peopleError,
  peopleKeys,
  type Subscription,
  type Tier,
  todayIso,
  useFormat,
} from './peopleData.ts';

const P = 'memberships.people.members';

/** Focus the first field once the native dialog has opened (showModal focuses its close button first). */
function useFirstFocus(elementId: string) {
  useEffect(() => {
    const frame = requestAnimationFrame(() => document.getElementById(elementId)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [elementId]);
}

/** Server errors in a dialog: field problems as the usual list, anything else as one translated sentence. */
function DialogError({
  error,
  fields,
  labels,
  ids,
  conflictKey,
}: {
  error: unknown;
  fields: FieldErrors;
  labels: Record<string, string>;
  ids: Record<string, string>;
  conflictKey?: string;
}) {
  const { t } = useTranslation();
  if (hasErrors(fields)) return <FormError error={error} fields={fields} labels={labels} ids={ids} />;
  if (!error) return null;
  return (
    <Alert tone="error" testId="form-error">
      {peopleError(error, t, conflictKey)}
    </Alert>
  );
}

const MIN_REASON = 3;

/** "Stufe vergeben": a tier by hand, with an optional end date and a reason for the history. */
export function GrantForm({
  member,
  tiers,
  onDone,
  onCancel,
}: {
  member: MemberRow;
  tiers: Tier[];
  onDone: (tier: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const held = new Set(
    member.subscriptions.filter((s) => s.active || s.status === 'pending').map((s) => s.tierId),
  );
  const selectable = [...tiers].sort(
    (a, b) => Number(a.archived) - Number(b.archived) || a.position - b.position,
  );
  const [tierId, setTierId] = useState(
    selectable.find((x) => !x.archived && !held.has(x.id))?.id ?? selectable[0]?.id ?? '',
  );
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState<FieldErrors>({});
  const grant = useMutation({
    mutationFn: () =>
      api.post('/api/memberships/grants', {
        userId: member.userId,
        tierId,
        until: until ? endOfDayIso(until) : null,
        reason: reason.trim(),
      }),
    onSuccess: () => onDone(tiers.find((x) => x.id === tierId)?.name ?? ''),
  });
  const ids = { tierId: `${id}-tier`, until: `${id}-until`, reason: `${id}-reason` };
  useFirstFocus(ids.tierId);
  const labels = { tierId: t(`${P}.tier`), until: t(`${P}.until`), reason: t(`${P}.reason`) };
  const server = fieldErrorsOf(grant.error, t);
  const fields: FieldErrors = { ...server, ...checked };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: FieldErrors = {
      tierId: tierId ? undefined : t(`${P}.tierRequired`),
      reason: reason.trim().length >= MIN_REASON ? undefined : t(`${P}.reasonRequired`, { min: MIN_REASON }),
    };
    setChecked(problems);
    if (hasErrors(problems)) {
      document.getElementById(problems.tierId ? ids.tierId : ids.reason)?.focus();
      return;
    }
    grant.mutate();
  };
  if (tiers.length === 0) return <p>{t(`${P}.noTiers`)}</p>;
  return (
    <form onSubmit={submit} noValidate data-testid="ms-grant-form">
      <p className="muted">{t(`${P}.grantLead`, { name: member.name })}</p>
      <DialogError error={grant.isError ? grant.error : null} fields={fields} labels={labels} ids={ids} />
      <Select
        id={ids.tierId}
        label={labels.tierId}
        value={tierId}
        required
        onChange={(e) => setTierId(e.target.value)}
        error={fields.tierId}
      >
        {selectable.map((x) => (
          <option key={x.id} value={x.id}>
            {x.archived ? t(`${P}.archivedTier`, { name: x.name }) : x.name}
            {held.has(x.id) ? ` – ${t(`${P}.alreadyHeld`)}` : ''}
          </option>
        ))}
      </Select>
      <TextField
        id={ids.until}
        type="date"
        label={labels.until}
        hint={t(`${P}.untilHint`)}
        min={todayIso()}
        value={until}
        onChange={(e) => setUntil(e.target.value)}
        error={fields.until}
      />
      <ReasonField
        id={ids.reason}
        label={labels.reason}
        hint={t(`${P}.grantReasonHint`)}
        value={reason}
        onChange={setReason}
        error={fields.reason}
      />
      <div className="form-actions">
        <Button type="submit" loading={grant.isPending}>
          {t(`${P}.grantSubmit`)}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** "Beenden": ends one membership now; the reason goes into the history. */
export function RevokeForm({
  member,
  sub,
  onDone,
  onCancel,
}: {
  member: MemberRow;
  sub: Subscription;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState<FieldErrors>({});
  const revoke = useMutation({
    mutationFn: () =>
      api.post(`/api/memberships/subscriptions/${encodeURIComponent(sub.id)}/revoke`, {
        reason: reason.trim(),
      }),
    onSuccess: onDone,
  });
  const ids = { reason: `${id}-reason` };
  useFirstFocus(ids.reason);
  const labels = { reason: t(`${P}.reason`) };
  const fields: FieldErrors = { ...fieldErrorsOf(revoke.error, t), ...checked };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: FieldErrors = {
      reason: reason.trim().length >= MIN_REASON ? undefined : t(`${P}.reasonRequired`, { min: MIN_REASON }),
    };
    setChecked(problems);
    if (hasErrors(problems)) {
      document.getElementById(ids.reason)?.focus();
      return;
    }
    revoke.mutate();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="ms-revoke-form">
      <p>{t(`${P}.revokeLead`, { tier: sub.tierName, name: member.name })}</p>
      {sub.provider === 'stripe' && <p className="muted">{t(`${P}.revokeStripe`)}</p>}
      <DialogError
        error={revoke.isError ? revoke.error : null}
        fields={fields}
        labels={labels}
        ids={ids}
        conflictKey={`${P}.revokeConflict`}
      />
      <ReasonField
        id={ids.reason}
        label={labels.reason}
        hint={t(`${P}.revokeReasonHint`)}
        value={reason}
        onChange={setReason}
        error={fields.reason}
      />
      <div className="form-actions">
        <Button type="submit" variant="danger" loading={revoke.isPending}>
          {t(`${P}.revokeSubmit`)}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** The required reason that goes into a member's history (granting and ending a membership). */
function ReasonField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <TextArea
      id={props.id}
      label={
        <>
          {props.label} <span className="field-required">*</span>
        </>
      }
      hint={props.hint}
      rows={3}
      maxLength={500}
      required
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error}
    />
  );
}

/** "Verlauf": what happened to a member's memberships, newest first, with reasons and who did it. */
export function History({ member }: { member: MemberRow }) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useQuery({
    queryKey: peopleKeys.history(member.userId),
    queryFn: ({ signal }) =>
      api.get<{ items: HistoryEntry[] }>(
        `/api/memberships/members/${encodeURIComponent(member.userId)}/history`,
        signal,
      ),
  });
  if (history.isPending) return <Loading />;
  if (history.isError) return <QueryError error={history.error} />;
  if (history.data.items.length === 0) return <p className="muted">{t(`${P}.historyEmpty`)}</p>;
  return (
    <ol className="ms-history" data-testid="ms-history">
      {history.data.items.map((e) => {
        const kind = (HISTORY_KINDS as readonly string[]).includes(e.kind)
          ? t(`${P}.kinds.${e.kind}`)
          : e.kind;
        return (
          <li key={e.id}>
            <p className="ms-history-head">
              <strong>{kind}</strong>
              {e.tier && <span className="badge">{e.tier}</span>}
            </p>
            <p className="list-meta">
              <time dateTime={e.at}>{f.dateTime(e.at)}</time> ·{' '}
              {e.actor ? t(`${P}.by`, { name: e.actor }) : t(`${P}.bySystem`)}
            </p>
            {e.reason && (
              <p className="ms-history-reason">
                {e.kind === 'payment_confirmed' ? t(`${P}.invoiceRef`, { number: e.reason }) : e.reason}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
