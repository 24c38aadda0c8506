import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, uploadFile } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import {
  Button,
  Card,
  Checkbox,
  FormError,
  ImagePicker,
  Select,
  TextArea,
  TextField,
} from '../../../../web/ui/index.ts';
import { GrantPicker } from '../../../spaces/web/GrantPicker.tsx';
import type { EventDetail, EventInput } from '../../schema.ts';
import { AUDIENCES } from '../../shared.ts';
import '../strings.ts';
import { refreshEvents, useSpaces } from './data.ts';
import { SignupCard, WhereCard } from './EventFormCards.tsx';
import { type EventDraft, eventInputOf, FIELD_ORDER, SERVER_FIELD } from './eventDraft.ts';
import { defined, focusFirstError, serverFieldErrors, zoneOptions } from './format.ts';
import { HostPicker } from './HostPicker.tsx';
import { RepeatBuilder } from './RepeatBuilder.tsx';
import { useFixed } from './useFixed.ts';

const k = 'events.host.form';
const WHEN = ['date', 'startTime', 'endDate', 'endTime', 'repeat.until'];
/** Which messages an edit of a draft value answers (a new start can fix "the end is before the start"). */
const TOUCHES: Partial<Record<keyof EventDraft, string[]>> = {
  date: WHEN,
  startTime: WHEN,
  endTime: WHEN,
  endDate: WHEN,
  multiDay: WHEN,
  repeat: ['repeat.interval', 'repeat.weekdays', 'repeat.until', 'repeat.count'],
  deadlineHours: ['deadline'],
  coverUrl: ['coverUrl'],
};

/** Create or edit an event: what, when (and how often), where, for whom, and how people sign up. */
export function EventForm({
  event,
  initial,
  onSaved,
}: {
  event?: EventDetail;
  initial: EventDraft;
  onSaved: (saved: EventDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const uid = useId();
  const [d, setD] = useState<EventDraft>(initial);
  const fixed = useFixed();
  const set = <K extends keyof EventDraft>(key: K, v: EventDraft[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    fixed.touch(...(TOUCHES[key] ?? [key]));
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const [cover, setCover] = useState<File | null>(null);
  const spaces = useSpaces();
  const editing = Boolean(event);

  const ids: Record<string, string> = Object.fromEntries(
    [...FIELD_ORDER, 'repeat.kind'].map((f) => [f, `${uid}-${f.replace('.', '-')}`]),
  );
  const labels: Record<string, string> = {
    title: t(`${k}.title`),
    description: t(`${k}.description`),
    coverUrl: t(`${k}.cover`),
    date: t(`${k}.date`),
    startTime: t(`${k}.startTime`),
    endDate: t(`${k}.endDate`),
    endTime: t(`${k}.endTime`),
    timeZone: t(`${k}.timeZone`),
    'repeat.interval': t('events.host.repeat.legend'),
    'repeat.weekdays': t('events.host.repeat.weekdays'),
    'repeat.until': t('events.host.repeat.until'),
    'repeat.count': t('events.host.repeat.count'),
    format: t(`${k}.format`),
    placeName: t(`${k}.placeName`),
    placeAddress: t(`${k}.placeAddress`),
    mapUrl: t(`${k}.mapUrl`),
    videoProvider: t(`${k}.videoProvider`),
    videoUrl: t(`${k}.videoUrl`),
    spaceId: t(`${k}.space`),
    audience: t(`${k}.audience`),
    grants: t('spaces.admin.grants'),
    hosts: t('events.host.hosts.legend'),
    capacity: t(`${k}.capacity`),
    maxGuests: t(`${k}.maxGuests`),
    deadline: t(`${k}.deadline`),
  };

  const save = useMutation({
    mutationFn: (input: EventInput) =>
      event
        ? api.patch<EventDetail>(`/api/events/${encodeURIComponent(event.id)}`, { ...input })
        : api.post<EventDetail>('/api/events', { ...input }),
    onSuccess: async (saved) => {
      await refreshEvents();
      onSaved(saved);
    },
    onError: (err) => focusFirstError(FIELD_ORDER, serverFields(err), ids),
  });
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile<{ url: string }>('/api/events/cover', file),
    onSuccess: (r) => {
      set('coverUrl', r.url);
      setCover(null);
    },
  });

  // Sentences for the API's generic issues, by its field paths; its own codes have theirs already.
  const messages = {
    startsLocal: t(`${k}.dateInvalid`),
    endsLocal: t(`${k}.dateInvalid`),
    mapUrl: t(`${k}.urlInvalid`),
    videoUrl: t(`${k}.urlInvalid`),
    timeZone: t(`${k}.zoneInvalid`),
  };
  function serverFields(err: unknown): FieldErrors {
    const out: FieldErrors = {};
    for (const [path, msg] of Object.entries(serverFieldErrors(err, t, messages))) {
      const name = SERVER_FIELD[path] ?? path;
      if (!out[name]) out[name] = msg;
    }
    return out;
  }
  const fromServer = serverFields(save.error);
  const fields = fixed.hide({ ...fromServer, ...defined(errors) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = eventInputOf(d, t, editing);
    setErrors(found);
    fixed.reset();
    if (!input) {
      focusFirstError(FIELD_ORDER, found, ids);
      return;
    }
    save.mutate(input);
  };

  const zones = zoneOptions(locale, d.timeZone);

  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack"
      data-testid="event-form"
      aria-labelledby={`${uid}-h`}
    >
      <h2 id={`${uid}-h`} style={{ margin: 0 }}>
        {event ? t(`${k}.editHeading`, { title: event.title }) : t(`${k}.createHeading`)}
      </h2>
      <FormError error={fixed.error(save.error, fromServer)} fields={fields} labels={labels} ids={ids} />

      <Card title={t(`${k}.what`)} level={3}>
        <div className="stack" style={{ gap: '1rem' }}>
          <TextField
            id={ids.title}
            label={labels.title}
            placeholder={t(`${k}.titlePlaceholder`)}
            required
            maxLength={140}
            value={d.title}
            onChange={(e) => set('title', e.target.value)}
            error={fields.title}
          />
          <TextArea
            id={ids.description}
            label={labels.description}
            hint={t(`${k}.descriptionHint`)}
            rows={6}
            maxLength={20000}
            value={d.description}
            onChange={(e) => set('description', e.target.value)}
            error={fields.description}
          />
          <div className="stack" style={{ gap: '0.75rem' }} id={ids.coverUrl}>
            {d.coverUrl && (
              <div className="form-actions">
                <img
                  src={d.coverUrl}
                  alt={t(`${k}.coverCurrent`)}
                  width={192}
                  height={108}
                  style={{ objectFit: 'cover', borderRadius: 8, border: '1px solid var(--border)' }}
                />
                <Button variant="ghost" size="sm" onClick={() => set('coverUrl', null)}>
                  {t(`${k}.coverRemove`)}
                </Button>
              </div>
            )}
            <ImagePicker
              label={d.coverUrl ? t(`${k}.coverReplace`) : t(`${k}.cover`)}
              file={cover}
              onChange={(f) => {
                upload.reset();
                setCover(f);
              }}
              onUpload={(f) => upload.mutate(f)}
              uploading={upload.isPending}
            />
            {upload.isError && (
              <p className="field-error" role="alert">
                {errorMessage(upload.error, t)}
              </p>
            )}
            {fields.coverUrl && <p className="field-error">{fields.coverUrl}</p>}
          </div>
        </div>
      </Card>

      <Card title={t(`${k}.when`)} level={3}>
        <div className="stack" style={{ gap: '1rem' }}>
          <div className="grid-2 tight" style={{ alignItems: 'start' }}>
            <TextField
              id={ids.date}
              type="date"
              label={labels.date}
              required
              value={d.date}
              onChange={(e) => set('date', e.target.value)}
              error={fields.date}
            />
            <Select
              id={ids.timeZone}
              label={labels.timeZone}
              hint={t(`${k}.timeZoneHint`)}
              value={d.timeZone}
              onChange={(e) => set('timeZone', e.target.value)}
              error={fields.timeZone}
            >
              {zones.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </Select>
          </div>
          <div className="grid-2 tight" style={{ alignItems: 'start' }}>
            <TextField
              id={ids.startTime}
              type="time"
              label={labels.startTime}
              required
              value={d.startTime}
              onChange={(e) => set('startTime', e.target.value)}
              error={fields.startTime}
            />
            <TextField
              id={ids.endTime}
              type="time"
              label={labels.endTime}
              required
              value={d.endTime}
              onChange={(e) => set('endTime', e.target.value)}
              error={fields.endTime}
            />
          </div>
          <Checkbox
            label={t(`${k}.multiDay`)}
            checked={d.multiDay}
            onChange={(e) =>
              setD((x) => ({
                ...x,
                multiDay: e.target.checked,
                endDate: x.endDate > x.date ? x.endDate : x.date,
              }))
            }
          />
          {d.multiDay && (
            <TextField
              id={ids.endDate}
              type="date"
              style={{ maxWidth: '12rem' }}
              label={labels.endDate}
              min={d.date || undefined}
              value={d.endDate}
              onChange={(e) => set('endDate', e.target.value)}
              error={fields.endDate}
            />
          )}
          <RepeatBuilder
            value={d.repeat}
            onChange={(r) => set('repeat', r)}
            startDay={d.date}
            errors={fields}
            ids={{
              kind: ids['repeat.kind']!,
              interval: ids['repeat.interval']!,
              weekdays: ids['repeat.weekdays']!,
              until: ids['repeat.until']!,
              count: ids['repeat.count']!,
            }}
          />
          {d.repeat.kind !== 'none' && (
            <p className="field-hint" style={{ margin: 0 }}>
              {t(`${k}.breaksHint`)} <Link to="/admin/events/programme">{t(`${k}.toProgramme`)}</Link>
            </p>
          )}
        </div>
      </Card>

      <WhereCard d={d} set={set} fields={fields} ids={ids} labels={labels} uid={uid} />

      <Card title={t(`${k}.who`)} level={3}>
        <div className="stack" style={{ gap: '1rem' }}>
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
          <fieldset className="radio-stack" id={ids.audience}>
            <legend>{labels.audience}</legend>
            {AUDIENCES.map((a) => (
              <label key={a} className="radio-label">
                <input
                  type="radio"
                  name={`${uid}-audience`}
                  value={a}
                  checked={d.audience === a}
                  onChange={() => set('audience', a)}
                />
                <span>
                  {t(`events.host.audience.${a}`)}
                  <span className="field-hint" style={{ display: 'block' }}>
                    {t(`events.host.audience.hint.${a}`)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {d.audience === 'restricted' && (
            <GrantPicker
              id={ids.grants!}
              value={d.grants}
              onChange={(g) => set('grants', g)}
              error={fields.grants}
            />
          )}
          <HostPicker
            id={ids.hosts!}
            value={d.hosts}
            onChange={(h) => set('hosts', h)}
            error={fields.hosts}
          />
        </div>
      </Card>

      <SignupCard d={d} set={set} fields={fields} ids={ids} labels={labels} />

      <div className="card stack" style={{ gap: '1rem' }}>
        {editing && (
          <Checkbox
            label={t(`${k}.notify`)}
            hint={t(`${k}.notifyHint`)}
            checked={d.notify}
            onChange={(e) => set('notify', e.target.checked)}
          />
        )}
        <div className="form-actions">
          <Button type="submit" loading={save.isPending} data-testid="event-save">
            {editing ? t('common.save') : t(`${k}.create`)}
          </Button>
          <Link to="/admin/events" className="btn btn-ghost">
            {t('common.cancel')}
          </Link>
        </div>
      </div>
    </form>
  );
}
