import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import {
  Button,
  Card,
  ConfirmButton,
  FormError,
  Loading,
  Select,
  TextArea,
  TextField,
} from '../../../../web/ui/index.ts';
import type { FocusDay, FocusDayInput } from '../../schema.ts';
import '../strings.ts';
import { refreshEvents, useFocusDays, useSpaces } from './data.ts';
import { defined, focusFirstError, formats, serverFieldErrors, ymd } from './format.ts';
import { useFixed } from './useFixed.ts';
import { useFocusLater } from './useFocusLater.ts';

const k = 'events.host.focus';

/** Focus days: a theme on an announced date; on the day a thread opens in the chosen space. */
export function FocusDaysCard() {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const days = useFocusDays();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const focusLater = useFocusLater();
  const today = ymd(new Date());
  const close = (message?: string, focusId?: string) => {
    setEditing(null);
    if (message) setStatus(message);
    focusLater(focusId ?? 'new-focus-day');
  };
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        <QueryError error={days.error} />
      ) : (
        <>
          {days.data.length === 0 && editing !== 'new' && <p className="muted">{t(`${k}.empty`)}</p>}
          {days.data.length > 0 && (
            <ul className="list" aria-label={t(`${k}.title`)}>
              {days.data.map((x) => (
                <li key={x.id} data-testid="focus-row">
                  {editing === x.id ? (
                    <FocusDayForm item={x} onDone={(msg) => close(msg, `edit-focus-${x.id}`)} />
                  ) : (
                    <>
                      <div className="list-main">
                        <p className="list-title">
                          {x.theme}{' '}
                          {x.day < today ? (
                            <span className="badge">{t(`${k}.past`)}</span>
                          ) : x.day === today ? (
                            <span className="badge badge-warning">{t(`${k}.today`)}</span>
                          ) : null}
                        </p>
                        <p className="list-meta">
                          {f.weekdayDay(x.day)} ·{' '}
                          {x.space ? t(`${k}.inSpace`, { space: x.space.name }) : t(`${k}.noSpaceShort`)}
                          {x.postId && (
                            <>
                              {' · '}
                              <Link to={`/posts/${encodeURIComponent(x.postId)}`}>{t(`${k}.toThread`)}</Link>
                            </>
                          )}
                        </p>
                        {x.description && <p className="list-meta">{x.description}</p>}
                      </div>
                      <div className="row-actions">
                        <Button
                          id={`edit-focus-${x.id}`}
                          variant="secondary"
                          size="sm"
                          onClick={() => setEditing(x.id)}
                        >
                          {t(`${k}.edit`)}
                          <span className="sr-only">: {x.theme}</span>
                        </Button>
                        <DeleteFocusDay item={x} onDone={(msg) => close(msg)} />
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {editing === 'new' ? (
            <div className={days.data.length > 0 ? 'su-block' : undefined}>
              <FocusDayForm onDone={(msg) => close(msg)} />
            </div>
          ) : (
            <div className="form-actions" style={{ marginTop: '1rem' }}>
              <Button id="new-focus-day" onClick={() => setEditing('new')} data-testid="new-focus-day">
                {t(`${k}.create`)}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function DeleteFocusDay({ item, onDone }: { item: FocusDay; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/events/focus-days/${encodeURIComponent(item.id)}`),
    onSuccess: async () => {
      await refreshEvents();
      onDone(t(`${k}.deleted`, { theme: item.theme }));
    },
  });
  return (
    <>
      <ConfirmButton
        label={
          <>
            {t(`${k}.delete`)}
            <span className="sr-only">: {item.theme}</span>
          </>
        }
        question={t(`${k}.deleteQuestion`, { theme: item.theme })}
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

const ORDER = ['day', 'theme', 'description', 'spaceId'];

function FocusDayForm({ item, onDone }: { item?: FocusDay; onDone: (msg?: string) => void }) {
  const { t } = useTranslation();
  const uid = useId();
  const spaces = useSpaces();
  const [d, setD] = useState({
    day: item?.day ?? '',
    theme: item?.theme ?? '',
    description: item?.description ?? '',
    spaceId: item?.space?.id ?? '',
  });
  const fixed = useFixed();
  const set = (key: keyof typeof d, v: string) => {
    setD((x) => ({ ...x, [key]: v }));
    fixed.touch(key);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const ids = Object.fromEntries(ORDER.map((f) => [f, `${uid}-${f}`]));
  const labels = {
    day: t(`${k}.day`),
    theme: t(`${k}.theme`),
    description: t(`${k}.description`),
    spaceId: t(`${k}.space`),
  };
  const save = useMutation({
    mutationFn: (body: FocusDayInput) =>
      item
        ? api.patch<FocusDay>(`/api/events/focus-days/${encodeURIComponent(item.id)}`, { ...body })
        : api.post<FocusDay>('/api/events/focus-days', { ...body }),
    onSuccess: async (saved) => {
      await refreshEvents();
      onDone(t(item ? `${k}.saved` : `${k}.created`, { theme: saved.theme }));
    },
    onError: (err) => focusFirstError(ORDER, serverFieldErrors(err, t), ids),
  });
  const fromServer = serverFieldErrors(save.error, t);
  const fields = fixed.hide({ ...fromServer, ...defined(errors) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      day: /^\d{4}-\d{2}-\d{2}$/.test(d.day) ? undefined : t('events.host.form.dateRequired'),
      theme: d.theme.trim().length < 2 ? t('validation.required') : undefined,
    };
    setErrors(found);
    fixed.reset();
    if (Object.values(found).some(Boolean)) {
      focusFirstError(ORDER, found, ids);
      return;
    }
    save.mutate({
      day: d.day,
      theme: d.theme.trim(),
      description: d.description.trim(),
      spaceId: d.spaceId || null,
    });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      style={{ flex: '1 1 100%', gap: '1rem' }}
      aria-labelledby={`${uid}-h`}
      data-testid="focus-form"
    >
      <h3 id={`${uid}-h`} style={{ margin: 0 }}>
        {item ? t(`${k}.editHeading`, { theme: item.theme }) : t(`${k}.createHeading`)}
      </h3>
      <FormError error={fixed.error(save.error, fromServer)} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.day}
        type="date"
        style={{ maxWidth: '12rem' }}
        label={labels.day}
        required
        value={d.day}
        onChange={(e) => set('day', e.target.value)}
        error={fields.day}
      />
      <TextField
        id={ids.theme}
        label={labels.theme}
        placeholder={t(`${k}.themePlaceholder`)}
        required
        maxLength={140}
        value={d.theme}
        onChange={(e) => set('theme', e.target.value)}
        error={fields.theme}
      />
      <TextArea
        id={ids.description}
        label={labels.description}
        hint={t(`${k}.descriptionHint`)}
        rows={3}
        maxLength={5000}
        value={d.description}
        onChange={(e) => set('description', e.target.value)}
        error={fields.description}
      />
      <Select
        id={ids.spaceId}
        label={labels.spaceId}
        hint={t(`${k}.spaceHint`)}
        value={d.spaceId}
        onChange={(e) => set('spaceId', e.target.value)}
        error={fields.spaceId}
      >
        <option value="">{t(`${k}.noSpace`)}</option>
        {(spaces.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.icon} {s.name}
          </option>
        ))}
      </Select>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {item ? t('common.save') : t(`${k}.add`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
