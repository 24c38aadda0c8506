import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../../web/api.ts';
import { errorMessage, type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { QueryError } from '../../../../../web/guards.tsx';
import { Button, Card, ConfirmButton, Loading, TextArea, TextField } from '../../../../../web/ui/index.ts';
import type { InterestMail, InterestMailInput } from '../../../schema.ts';
import { refresh, setupKeys, useInterestMails } from './data.ts';
import {
  defined,
  formats,
  fromLocalInput,
  parseWhole,
  serverFieldErrors,
  timeZone,
  toLocalInput,
} from './format.ts';
import { SetupFormError, useFocusBack } from './ui.tsx';

/** `{{name}}` in these texts is shown as it is: the server fills it in per recipient. */
const NAME = { name: '{{name}}' };
const k = 'memberships.setup.mails';

/** The preparatory mails people on the interest list get, each once, after confirming or on a date. */
export function MailSequence() {
  const { t } = useTranslation();
  const mails = useInterestMails();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [newRef, focusNew] = useFocusBack();
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {mails.isPending ? (
        <Loading />
      ) : mails.isError ? (
        <QueryError error={mails.error} />
      ) : mails.data.length === 0 ? (
        <p className="muted">{t(`${k}.empty`)}</p>
      ) : (
        <ol className="list" data-testid="mail-list">
          {mails.data.map((m) => (
            <MailRow
              key={m.id}
              mail={m}
              editing={editing === m.id}
              onEdit={(on) => setEditing(on ? m.id : null)}
              onStatus={setStatus}
            />
          ))}
        </ol>
      )}
      {editing === 'new' ? (
        <MailForm
          onDone={(saved) => {
            setEditing(null);
            focusNew();
            if (saved) setStatus(t(`${k}.added`, { subject: saved.subject }));
          }}
        />
      ) : (
        <div className="form-actions su-block">
          <Button ref={newRef} onClick={() => setEditing('new')} data-testid="new-mail">
            {t(`${k}.add`)}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** "3 days after confirming" or "on 1 Sep 2025, 09:00". */
function useWhen() {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  return (m: Pick<InterestMail, 'delayDays' | 'sendOn'>) =>
    m.sendOn
      ? t(`${k}.onDate`, { date: f.dateTime(m.sendOn) })
      : m.delayDays === 0
        ? t(`${k}.immediately`)
        : t(`${k}.afterDays`, { count: m.delayDays ?? 0 });
}

function MailRow({
  mail: m,
  editing,
  onEdit,
  onStatus,
}: {
  mail: InterestMail;
  editing: boolean;
  onEdit: (on: boolean) => void;
  onStatus: (s: string) => void;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const [editRef, focusEdit] = useFocusBack();
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/memberships/interest-mails/${encodeURIComponent(m.id)}`),
    onSuccess: async () => {
      await refresh(setupKeys.interestMails);
      onStatus(t(`${k}.deleted`, { subject: m.subject }));
    },
  });
  return (
    <li data-testid="mail-row">
      <div className="list-main">
        <p className="list-title">{m.subject}</p>
        <p className="list-meta">
          {when(m)} · {t(`${k}.sent`, { count: m.sent })}
        </p>
      </div>
      <div className="row-actions">
        <Button
          ref={editRef}
          variant="secondary"
          size="sm"
          aria-expanded={editing}
          onClick={() => onEdit(!editing)}
        >
          {t(`${k}.edit`)}
          <span className="sr-only">: {m.subject}</span>
        </Button>
        <ConfirmButton
          label={
            <>
              {t(`${k}.delete`)}
              <span className="sr-only">: {m.subject}</span>
            </>
          }
          question={t(`${k}.deleteQuestion`)}
          confirmLabel={t(`${k}.deleteConfirm`)}
          loading={remove.isPending}
          onConfirm={() => remove.mutate()}
        />
      </div>
      {remove.isError && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error, t)}
        </p>
      )}
      {editing && (
        <div className="admin-space-edit">
          <MailForm
            mail={m}
            onDone={(saved) => {
              onEdit(false);
              focusEdit();
              if (saved) onStatus(t(`${k}.saved`, { subject: saved.subject }));
            }}
          />
        </div>
      )}
    </li>
  );
}

function MailForm({ mail, onDone }: { mail?: InterestMail; onDone: (saved: InterestMail | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [subject, setSubject] = useState(mail?.subject ?? '');
  const [body, setBody] = useState(mail?.body ?? '');
  const [timing, setTiming] = useState<'days' | 'date'>(mail?.sendOn ? 'date' : 'days');
  const [days, setDays] = useState(String(mail?.delayDays ?? (mail ? 0 : 3)));
  const [sendOn, setSendOn] = useState(toLocalInput(mail?.sendOn ?? null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation({
    mutationFn: (input: InterestMailInput) =>
      mail
        ? api.put<InterestMail>(`/api/memberships/interest-mails/${encodeURIComponent(mail.id)}`, {
            ...input,
            position: mail.position,
          })
        : api.post<InterestMail>('/api/memberships/interest-mails', input),
    onSuccess: async (saved) => {
      await refresh(setupKeys.interestMails);
      onDone(saved);
    },
  });
  const labels = {
    subject: t(`${k}.subject`),
    delayDays: t(`${k}.days`),
    sendOn: t(`${k}.date`),
    body: t(`${k}.body`),
  };
  const ids = { subject: `${id}-subject`, delayDays: `${id}-days`, sendOn: `${id}-date`, body: `${id}-body` };
  const fields = {
    ...serverFieldErrors(save.error, t, { delayDays: t(`${k}.daysInvalid`) }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseWhole(days);
    const iso = fromLocalInput(sendOn);
    const found: FieldErrors = {
      subject: subject.trim().length >= 2 ? undefined : t(`${k}.subjectMissing`),
      body: body.trim().length >= 2 ? undefined : t(`${k}.bodyMissing`),
      delayDays: timing === 'days' && (typeof n !== 'number' || n > 365) ? t(`${k}.daysInvalid`) : undefined,
      sendOn: timing === 'date' && !iso ? t(`${k}.dateMissing`) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({
      subject: subject.trim(),
      body: body.trim(),
      delayDays: timing === 'days' ? (n as number) : null,
      sendOn: timing === 'date' ? iso : null,
    });
  };
  const zone = timeZone();
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${id}-h`}
      data-testid="mail-form"
    >
      <h3 id={`${id}-h`}>
        {mail ? t(`${k}.editHeading`, { subject: mail.subject }) : t(`${k}.createHeading`)}
      </h3>
      <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.subject}
        label={labels.subject}
        placeholder={t(`${k}.subjectPlaceholder`)}
        required
        maxLength={200}
        value={subject}
        onChange={(e) => setSubject(e.target.value)}
        error={fields.subject}
      />
      <fieldset className="radio-stack">
        <legend>{t(`${k}.when`)}</legend>
        {(['days', 'date'] as const).map((v) => (
          <label key={v} className="radio-label">
            <input type="radio" name={`${id}-timing`} checked={timing === v} onChange={() => setTiming(v)} />
            {t(`${k}.timing.${v}`)}
          </label>
        ))}
      </fieldset>
      {timing === 'days' ? (
        <TextField
          id={ids.delayDays}
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          label={labels.delayDays}
          hint={t(`${k}.daysHint`)}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fields.delayDays}
        />
      ) : (
        <TextField
          id={ids.sendOn}
          type="datetime-local"
          label={labels.sendOn}
          hint={zone ? `${t(`${k}.dateHint`)} ${t(`${k}.timeZone`, { zone })}` : t(`${k}.dateHint`)}
          value={sendOn}
          onChange={(e) => setSendOn(e.target.value)}
          error={fields.sendOn}
        />
      )}
      <TextArea
        id={ids.body}
        label={labels.body}
        hint={t(`${k}.bodyHint`, NAME)}
        placeholder={t(`${k}.bodyPlaceholder`, NAME)}
        rows={8}
        required
        maxLength={20_000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fields.body}
      />
      <p className="field-hint">{t(`${k}.sendNote`)}</p>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {mail ? t('common.save') : t(`${k}.create`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
