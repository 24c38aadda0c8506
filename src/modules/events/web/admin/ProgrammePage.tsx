import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import {
  Button,
  Card,
  ConfirmButton,
  FormError,
  Loading,
  TextArea,
  TextField,
} from '../../../../web/ui/index.ts';
import type { Break, BreakInput } from '../../schema.ts';
import '../strings.ts';
import { refreshEvents, useBreaks } from './data.ts';
import { FocusDaysCard } from './FocusDaysCard.tsx';
import { defined, focusFirstError, rangeText, serverFieldErrors, ymd } from './format.ts';
import { useFixed } from './useFixed.ts';
import { useFocusLater } from './useFocusLater.ts';

const k = 'events.host.breaks';

/** `/admin/events/programme`: the programme's breaks, which every series skips, and its focus days. */
export default function ProgrammePage() {
  const { t } = useTranslation();
  useTitle(t('events.host.layout.tabs.programme'));
  return (
    <div className="stack">
      <BreaksCard />
      <FocusDaysCard />
    </div>
  );
}

function BreaksCard() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const breaks = useBreaks();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const focusLater = useFocusLater();
  const today = ymd(new Date());
  const close = (message?: string, focusId?: string) => {
    setEditing(null);
    if (message) setStatus(message);
    focusLater(focusId ?? 'new-break');
  };
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {breaks.isPending ? (
        <Loading />
      ) : breaks.isError ? (
        <QueryError error={breaks.error} />
      ) : (
        <>
          {breaks.data.length === 0 && editing !== 'new' && <p className="muted">{t(`${k}.empty`)}</p>}
          {breaks.data.length > 0 && (
            <ul className="list" aria-label={t(`${k}.title`)}>
              {breaks.data.map((b) => (
                <li key={b.id} data-testid="break-row">
                  {editing === b.id ? (
                    <BreakForm item={b} onDone={(msg) => close(msg, `edit-break-${b.id}`)} />
                  ) : (
                    <>
                      <div className="list-main">
                        <p className="list-title">
                          {b.title}{' '}
                          {b.endsOn < today ? (
                            <span className="badge">{t(`${k}.past`)}</span>
                          ) : b.startsOn <= today ? (
                            <span className="badge badge-warning">{t(`${k}.now`)}</span>
                          ) : null}
                        </p>
                        <p className="list-meta">{rangeText(b.startsOn, b.endsOn, locale)}</p>
                        {b.message && <p className="list-meta">{b.message}</p>}
                      </div>
                      <div className="row-actions">
                        <Button
                          id={`edit-break-${b.id}`}
                          variant="secondary"
                          size="sm"
                          onClick={() => setEditing(b.id)}
                        >
                          {t(`${k}.edit`)}
                          <span className="sr-only">: {b.title}</span>
                        </Button>
                        <DeleteBreak item={b} onDone={(msg) => close(msg)} />
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {editing === 'new' ? (
            <div className={breaks.data.length > 0 ? 'su-block' : undefined}>
              <BreakForm onDone={(msg) => close(msg)} />
            </div>
          ) : (
            <div className="form-actions" style={{ marginTop: '1rem' }}>
              <Button id="new-break" onClick={() => setEditing('new')} data-testid="new-break">
                {t(`${k}.create`)}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function DeleteBreak({ item, onDone }: { item: Break; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/events/breaks/${encodeURIComponent(item.id)}`),
    onSuccess: async () => {
      await refreshEvents();
      onDone(t(`${k}.deleted`, { title: item.title }));
    },
  });
  return (
    <>
      <ConfirmButton
        label={
          <>
            {t(`${k}.delete`)}
            <span className="sr-only">: {item.title}</span>
          </>
        }
        question={t(`${k}.deleteQuestion`, { title: item.title })}
        confirmLabel={t(`${k}.deleteConfirm`)}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
      />
      {remove.isError && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error, t)}
        </p>
      )}
    </>
  );
}

const ORDER = ['title', 'startsOn', 'endsOn', 'message'];

function BreakForm({ item, onDone }: { item?: Break; onDone: (msg?: string) => void }) {
  const { t } = useTranslation();
  const uid = useId();
  const [d, setD] = useState({
    title: item?.title ?? '',
    startsOn: item?.startsOn ?? '',
    endsOn: item?.endsOn ?? '',
    message: item?.message ?? '',
  });
  const fixed = useFixed();
  const set = (key: keyof typeof d, v: string) => {
    setD((x) => ({ ...x, [key]: v }));
    fixed.touch(key, ...(key === 'startsOn' ? ['endsOn'] : []));
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const ids = Object.fromEntries(ORDER.map((f) => [f, `${uid}-${f}`]));
  const labels = {
    title: t(`${k}.name`),
    startsOn: t(`${k}.startsOn`),
    endsOn: t(`${k}.endsOn`),
    message: t(`${k}.message`),
  };
  const save = useMutation({
    mutationFn: (body: BreakInput) =>
      item
        ? api.patch<Break>(`/api/events/breaks/${encodeURIComponent(item.id)}`, { ...body })
        : api.post<Break>('/api/events/breaks', { ...body }),
    onSuccess: async (saved) => {
      await refreshEvents();
      onDone(t(item ? `${k}.saved` : `${k}.created`, { title: saved.title }));
    },
    onError: (err) => focusFirstError(ORDER, serverErrors(err), ids),
  });
  function serverErrors(err: unknown) {
    return serverFieldErrors(err, t, { endsOn: t(`${k}.endBeforeStart`) });
  }
  const fromServer = serverErrors(save.error);
  const fields = fixed.hide({ ...fromServer, ...defined(errors) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const day = /^\d{4}-\d{2}-\d{2}$/;
    const found: FieldErrors = {
      title: d.title.trim().length < 2 ? t('validation.required') : undefined,
      startsOn: day.test(d.startsOn) ? undefined : t('events.host.form.dateRequired'),
      endsOn: !day.test(d.endsOn)
        ? t('events.host.form.dateRequired')
        : d.endsOn < d.startsOn
          ? t(`${k}.endBeforeStart`)
          : undefined,
    };
    setErrors(found);
    fixed.reset();
    if (Object.values(found).some(Boolean)) {
      focusFirstError(ORDER, found, ids);
      return;
    }
    save.mutate({ title: d.title.trim(), startsOn: d.startsOn, endsOn: d.endsOn, message: d.message.trim() });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      style={{ flex: '1 1 100%', gap: '1rem' }}
      aria-labelledby={`${uid}-h`}
      data-testid="break-form"
    >
      <h3 id={`${uid}-h`} style={{ margin: 0 }}>
        {item ? t(`${k}.editHeading`, { title: item.title }) : t(`${k}.createHeading`)}
      </h3>
      <FormError error={fixed.error(save.error, fromServer)} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.title}
        label={labels.title}
        placeholder={t(`${k}.namePlaceholder`)}
        required
        maxLength={100}
        value={d.title}
        onChange={(e) => set('title', e.target.value)}
        error={fields.title}
      />
      <div className="grid-2 tight" style={{ alignItems: 'start' }}>
        <TextField
          id={ids.startsOn}
          type="date"
          label={labels.startsOn}
          required
          value={d.startsOn}
          onChange={(e) => set('startsOn', e.target.value)}
          error={fields.startsOn}
        />
        <TextField
          id={ids.endsOn}
          type="date"
          label={labels.endsOn}
          hint={t(`${k}.endsOnHint`)}
          required
          min={d.startsOn || undefined}
          value={d.endsOn}
          onChange={(e) => set('endsOn', e.target.value)}
          error={fields.endsOn}
        />
      </div>
      <TextArea
        id={ids.message}
        label={labels.message}
        hint={t(`${k}.messageHint`)}
        placeholder={t(`${k}.messagePlaceholder`)}
        rows={2}
        maxLength={500}
        value={d.message}
        onChange={(e) => set('message', e.target.value)}
        error={fields.message}
      />
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {item ? t('common.save') : t(`${k}.add`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </Button>
      </div>
      <p className="field-hint" style={{ margin: 0 }}>
        {t(`${k}.calendarHint`)} <Link to="/calendar">{t(`${k}.toCalendar`)}</Link>
      </p>
    </form>
  );
}
