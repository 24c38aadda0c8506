import type { TFunction } from 'i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import type { Audience, EventDetail, EventInput, Format, Person, VideoProvider } from '../../schema.ts';
import { isHttpUrl, parseHours, parseWhole } from './format.ts';
import { type RepeatDraft, repeatDraftOf, repeatOf } from './RepeatBuilder.tsx';

/** The event form's values as typed (numbers stay text until they are sent). */
export interface EventDraft {
  title: string;
  description: string;
  timeZone: string;
  date: string;
  startTime: string;
  endTime: string;
  /** Ends on a later day (a weekend barcamp); otherwise the end date is the start date. */
  multiDay: boolean;
  endDate: string;
  repeat: RepeatDraft;
  format: Format;
  placeName: string;
  placeAddress: string;
  mapUrl: string;
  videoProvider: VideoProvider;
  videoUrl: string;
  spaceId: string;
  audience: Audience;
  grants: string[];
  hosts: Person[];
  capacity: string;
  maxGuests: string;
  deadlineHours: string;
  coverUrl: string | null;
  notify: boolean;
}

/** A fresh draft, or one filled from a saved event. */
export function eventDraftOf(
  e: EventDetail | undefined,
  defaults: { timeZone: string; videoProvider: VideoProvider; host: Person | null },
): EventDraft {
  const date = e?.startsLocal.slice(0, 10) ?? '';
  const endDate = e?.endsLocal.slice(0, 10) ?? '';
  return {
    title: e?.title ?? '',
    description: e?.description ?? '',
    timeZone: e?.timeZone ?? defaults.timeZone,
    date,
    startTime: e?.startsLocal.slice(11, 16) ?? '19:00',
    endTime: e?.endsLocal.slice(11, 16) ?? '20:30',
    multiDay: Boolean(e && endDate !== date),
    endDate,
    repeat: repeatDraftOf(e?.repeat ?? null, date),
    format: e?.format ?? 'online',
    placeName: e?.placeName ?? '',
    placeAddress: e?.placeAddress ?? '',
    mapUrl: e?.mapUrl ?? '',
    videoProvider: e?.videoProvider ?? defaults.videoProvider,
    videoUrl: e?.videoUrl ?? '',
    spaceId: e?.space?.id ?? '',
    audience: e?.audience ?? 'members',
    grants: e?.grants ?? [],
    hosts: e ? e.hosts : defaults.host ? [defaults.host] : [],
    capacity: e?.capacity ? String(e.capacity) : '',
    maxGuests: String(e?.maxGuests ?? 0),
    deadlineHours:
      e?.rsvpDeadlineMinutes === null || e?.rsvpDeadlineMinutes === undefined
        ? ''
        : String(Math.round((e.rsvpDeadlineMinutes / 60) * 100) / 100),
    coverUrl: e?.coverUrl ?? null,
    notify: true,
  };
}

/** The order of the form's fields, for moving focus to the first problem. */
export const FIELD_ORDER = [
  'title',
  'description',
  'coverUrl',
  'date',
  'startTime',
  'endDate',
  'endTime',
  'timeZone',
  'repeat.interval',
  'repeat.weekdays',
  'repeat.until',
  'repeat.count',
  'format',
  'placeName',
  'placeAddress',
  'mapUrl',
  'videoProvider',
  'videoUrl',
  'spaceId',
  'audience',
  'grants',
  'hosts',
  'capacity',
  'maxGuests',
  'deadline',
];

/** The API's field paths → the form's field names. */
export const SERVER_FIELD: Record<string, string> = {
  startsLocal: 'date',
  endsLocal: 'endTime',
  hostIds: 'hosts',
  rsvpDeadlineMinutes: 'deadline',
  repeat: 'repeat.interval',
  'repeat.freq': 'repeat.interval',
  'repeat.setPos': 'repeat.interval',
};

const k = 'events.host.form';

/** Checks the draft and builds what the API takes; with errors keyed by field name when it cannot. */
export function eventInputOf(
  d: EventDraft,
  t: TFunction,
  editing: boolean,
): { input: EventInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = d.title.trim();
  if (!title) errors.title = t('validation.required');
  else if (title.length < 2) errors.title = t('errors.field.too_small');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors.date = t(`${k}.dateRequired`);
  if (!/^\d{2}:\d{2}$/.test(d.startTime)) errors.startTime = t(`${k}.timeRequired`);
  if (!/^\d{2}:\d{2}$/.test(d.endTime)) errors.endTime = t(`${k}.timeRequired`);
  const endDate = d.multiDay ? d.endDate : d.date;
  if (d.multiDay && !/^\d{4}-\d{2}-\d{2}$/.test(d.endDate)) errors.endDate = t(`${k}.dateRequired`);
  const startsLocal = `${d.date}T${d.startTime}`;
  const endsLocal = `${endDate}T${d.endTime}`;
  if (!errors.date && !errors.startTime && !errors.endTime && !errors.endDate && endsLocal <= startsLocal) {
    errors.endTime = t(`${k}.endAfterStart`);
  }
  const { repeat, errors: repeatErrors } = repeatOf(d.repeat, d.date, t);
  Object.assign(errors, repeatErrors);
  if (d.repeat.kind === 'weekly' && d.repeat.weekdays.length === 0) {
    // Allowed by the API (the start's weekday), but a host who unticked every day meant something.
    errors['repeat.weekdays'] = t('events.host.repeat.weekdaysNone');
  }
  const onsite = d.format !== 'online';
  const online = d.format !== 'onsite';
  if (onsite && !isHttpUrl(d.mapUrl.trim())) errors.mapUrl = t(`${k}.urlInvalid`);
  if (online && d.videoProvider === 'link') {
    if (!d.videoUrl.trim()) errors.videoUrl = t(`${k}.videoUrlRequired`);
    else if (!isHttpUrl(d.videoUrl.trim())) errors.videoUrl = t(`${k}.urlInvalid`);
  }
  if (d.audience === 'restricted' && d.grants.length === 0) errors.grants = t(`${k}.grantsRequired`);
  const capacity = parseWhole(d.capacity);
  if (capacity === 'invalid' || capacity === 0 || (typeof capacity === 'number' && capacity > 100000)) {
    errors.capacity = t(`${k}.capacityInvalid`);
  }
  const maxGuests = parseWhole(d.maxGuests);
  if (maxGuests === 'invalid' || (typeof maxGuests === 'number' && maxGuests > 10)) {
    errors.maxGuests = t(`${k}.maxGuestsInvalid`);
  }
  const hours = parseHours(d.deadlineHours);
  if (hours === 'invalid' || (typeof hours === 'number' && hours > 8760))
    errors.deadline = t(`${k}.deadlineInvalid`);
  if (Object.values(errors).some(Boolean)) return { input: null, errors };
  return {
    input: {
      title,
      description: d.description.trim(),
      timeZone: d.timeZone,
      startsLocal,
      endsLocal,
      repeat,
      format: d.format,
      placeName: onsite ? d.placeName.trim() : '',
      placeAddress: onsite ? d.placeAddress.trim() : '',
      mapUrl: onsite ? d.mapUrl.trim() : '',
      videoProvider: online ? d.videoProvider : null,
      videoUrl: online && d.videoProvider === 'link' ? d.videoUrl.trim() : '',
      spaceId: d.spaceId || null,
      audience: d.audience,
      grants: d.audience === 'restricted' ? d.grants : [],
      hostIds: d.hosts.map((h) => h.id),
      capacity: typeof capacity === 'number' ? capacity : null,
      maxGuests: typeof maxGuests === 'number' ? maxGuests : 0,
      rsvpDeadlineMinutes: typeof hours === 'number' ? Math.round(hours * 60) : null,
      coverUrl: d.coverUrl,
      // A new event has nobody to tell yet.
      notify: editing ? d.notify : false,
    },
    errors: {},
  };
}
