import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../web/api.ts';
import type { FieldErrors } from '../../../../web/errors.ts';
import { Button, Checkbox, FormError } from '../../../../web/ui/index.ts';
import type { EventDetail, EventInput } from '../../schema.ts';
import '../strings.ts';
import { useDraftForm } from '../../../../web/ui/useDraftForm.ts';
import { refreshEvents } from './data.ts';
import { SignupCard, WhatCard, WhenCard, WhereCard, WhoCard } from './EventFormCards.tsx';
import { type EventDraft, eventInputOf, FIELD_ORDER, SERVER_FIELD } from './eventDraft.ts';
import { serverFieldErrors } from './format.ts';

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
  const { t } = useTranslation();
  const editing = Boolean(event);
  // Sentences for the API's generic issues, by its field paths; its own codes have theirs already.
  const messages = {
    startsLocal: t(`${k}.dateInvalid`),
    endsLocal: t(`${k}.dateInvalid`),
    mapUrl: t(`${k}.urlInvalid`),
    videoUrl: t(`${k}.urlInvalid`),
    timeZone: t(`${k}.zoneInvalid`),
  };
  const form = useDraftForm<EventDraft, EventDetail, EventInput>({
    initial,
    order: FIELD_ORDER,
    labels: {
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
    },
    touches: (key) => TOUCHES[key] ?? [key],
    serverErrors: (err) => {
      const out: FieldErrors = {};
      for (const [path, msg] of Object.entries(serverFieldErrors(err, t, messages))) {
        const name = SERVER_FIELD[path] ?? path;
        if (!out[name]) out[name] = msg;
      }
      return out;
    },
    save: {
      mutationFn: (input) =>
        event
          ? api.patch<EventDetail>(`/api/events/${encodeURIComponent(event.id)}`, { ...input })
          : api.post<EventDetail>('/api/events', { ...input }),
      onSuccess: async (saved) => {
        await refreshEvents();
        onSaved(saved);
      },
    },
  });
  const { d, uid } = form;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors } = eventInputOf(d, t, editing);
    if (form.check(errors) && input) form.save.mutate(input);
  };

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
      <FormError {...form.summary} />
      <WhatCard form={form} />
      <WhenCard form={form} />
      <WhereCard form={form} />
      <WhoCard form={form} />
      <SignupCard form={form} />
      <div className="card stack" style={{ gap: '1rem' }}>
        {editing && (
          <Checkbox
            label={t(`${k}.notify`)}
            hint={t(`${k}.notifyHint`)}
            checked={d.notify}
            onChange={(e) => form.set('notify', e.target.checked)}
          />
        )}
        <div className="form-actions">
          <Button type="submit" loading={form.save.isPending} data-testid="event-save">
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
