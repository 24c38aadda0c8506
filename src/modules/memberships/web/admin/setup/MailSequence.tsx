import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../../web/api.ts';
import type { FieldErrors } from '../../../../../web/errors.ts';
import { QueryError } from '../../../../../web/guards.tsx';
import { Button, Card, ConfirmButton, Loading, TextArea, TextField } from '../../../../../web/ui/index.ts';
import type { InterestMail, InterestMailInput } from '../../../schema.ts';
import { refresh, refreshThen, setupKeys, useInterestMails } from './data.ts';
import { formats, fromLocalInput, parseWhole, timeZone, toLocalInput } from './format.ts';
import { ActionError, FormFrame, Radios, useFocusBack } from './ui.tsx';
import { useSetupForm } from './useSetupForm.ts';

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
      <ActionError action={remove} />
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
  const daysInvalid = t(`${k}.daysInvalid`);
  const form = useSetupForm({
    initial: {
      subject: mail?.subject ?? '',
      body: mail?.body ?? '',
      timing: (mail?.sendOn ? 'date' : 'days') as 'days' | 'date',
      days: String(mail?.delayDays ?? (mail ? 0 : 3)),
      sendOn: toLocalInput(mail?.sendOn ?? null),
    },
    labels: {
      subject: t(`${k}.subject`),
      delayDays: t(`${k}.days`),
      sendOn: t(`${k}.date`),
      body: t(`${k}.body`),
    },
    messages: { delayDays: daysInvalid },
    save: {
      mutationFn: (input: InterestMailInput) =>
        mail
          ? api.put<InterestMail>(`/api/memberships/interest-mails/${encodeURIComponent(mail.id)}`, {
              ...input,
              position: mail.position,
            })
          : api.post<InterestMail>('/api/memberships/interest-mails', input),
      onSuccess: refreshThen(setupKeys.interestMails, onDone),
    },
  });
  const { d, uid } = form;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = () => {
    const n = parseWhole(d.days);
    const iso = fromLocalInput(d.sendOn);
    const found: FieldErrors = {
      subject: d.subject.trim().length >= 2 ? undefined : t(`${k}.subjectMissing`),
      body: d.body.trim().length >= 2 ? undefined : t(`${k}.bodyMissing`),
      delayDays: d.timing === 'days' && (typeof n !== 'number' || n > 365) ? daysInvalid : undefined,
      sendOn: d.timing === 'date' && !iso ? t(`${k}.dateMissing`) : undefined,
    };
    if (!form.check(found)) return;
    form.save.mutate({
      subject: d.subject.trim(),
      body: d.body.trim(),
      delayDays: d.timing === 'days' ? (n as number) : null,
      sendOn: d.timing === 'date' ? iso : null,
    });
  };
  const zone = timeZone();
  return (
    <FormFrame
      form={form}
      heading={mail ? t(`${k}.editHeading`, { subject: mail.subject }) : t(`${k}.createHeading`)}
      testId="mail-form"
      onSubmit={submit}
      submitLabel={mail ? t('common.save') : t(`${k}.create`)}
      onCancel={() => onDone(null)}
    >
      <TextField
        {...form.text('subject')}
        ref={first}
        placeholder={t(`${k}.subjectPlaceholder`)}
        required
        maxLength={200}
      />
      <Radios
        legend={t(`${k}.when`)}
        name={`${uid}-timing`}
        options={['days', 'date'] as const}
        value={d.timing}
        onChange={(v) => form.set('timing', v)}
        label={(v) => t(`${k}.timing.${v}`)}
      />
      {d.timing === 'days' ? (
        <TextField
          {...form.text('days', 'delayDays')}
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          hint={t(`${k}.daysHint`)}
        />
      ) : (
        <TextField
          {...form.text('sendOn')}
          type="datetime-local"
          hint={zone ? `${t(`${k}.dateHint`)} ${t(`${k}.timeZone`, { zone })}` : t(`${k}.dateHint`)}
        />
      )}
      <TextArea
        {...form.text('body')}
        hint={t(`${k}.bodyHint`, NAME)}
        placeholder={t(`${k}.bodyPlaceholder`, NAME)}
        rows={8}
        required
        maxLength={20_000}
      />
      <p className="field-hint">{t(`${k}.sendNote`)}</p>
    </FormFrame>
  );
}
