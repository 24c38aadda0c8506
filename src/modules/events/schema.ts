import { z } from '@hono/zod-openapi';
/**
 * The events module's API shapes, shared by server and pages. Times on the wire:
 * - `…Local`: wall-clock `YYYY-MM-DDTHH:mm` in the event's IANA `timeZone`;
 * - `…At`: ISO instants (UTC);
 * - an occurrence `key` is its original local start as `YYYYMMDDTHHmm` (stable under moves).
 */
import { AUDIENCES, FORMATS, OCCURRENCE_KEY, RSVP_STATUSES, SERIES, VIDEO_PROVIDERS } from './shared.ts';

export * from './shared.ts';

const text = (max: number) => z.string().trim().max(max);
const local = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Expected YYYY-MM-DDTHH:mm')
  .openapi({ example: '2027-01-12T19:00' });
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD')
  .openapi({ example: '2027-07-01' });
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => u === '' || /^https?:\/\/[^\s]+$/i.test(u), 'Expected an http(s) URL');
const grant = z.string().regex(/^(role|tier|group|product):[A-Za-z0-9_-]{1,64}$/);

/**
 * A repeat rule in the form the editor builds; the server turns it into an RFC 5545 RRULE.
 * `freq` weekly with `interval` 2 = every 14 days; monthly with `weekday` + `setPos` 2 = "2nd Tuesday".
 */
export const Repeat = z
  .object({
    freq: z.enum(['daily', 'weekly', 'monthly']),
    interval: z.number().int().min(1).max(12).default(1),
    /** Weekly: the weekdays (0 = Monday … 6 = Sunday); empty = the start's weekday. */
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
    /** Monthly by weekday: 1…4 or -1 (last) together with `weekdays[0]`; null = same day of month. */
    setPos: z
      .union([z.literal(-1), z.number().int().min(1).max(4)])
      .nullable()
      .default(null),
    /** The last day a meeting may fall on (inclusive, local), or a count; neither = open-ended. */
    until: day.nullable().default(null),
    count: z.number().int().min(1).max(500).nullable().default(null),
  })
  .strict()
  .openapi('Repeat');
export type Repeat = z.infer<typeof Repeat>;

export const EventInput = z
  .object({
    title: text(140).min(2),
    description: text(20000).default(''),
    timeZone: z.string().min(1).max(64),
    startsLocal: local,
    endsLocal: local,
    repeat: Repeat.nullable().default(null),
    format: z.enum(FORMATS).default('online'),
    placeName: text(200).default(''),
    placeAddress: text(500).default(''),
    mapUrl: httpUrl.default(''),
    videoProvider: z.enum(VIDEO_PROVIDERS).nullable().default(null),
    videoUrl: httpUrl.default(''),
    spaceId: z.string().uuid().nullable().default(null),
    audience: z.enum(AUDIENCES).default('members'),
    grants: z.array(grant).max(50).default([]),
    hostIds: z.array(z.string().min(1).max(64)).max(10).default([]),
    capacity: z.number().int().min(1).max(100000).nullable().default(null),
    maxGuests: z.number().int().min(0).max(10).default(0),
    rsvpDeadlineMinutes: z.number().int().min(0).max(525600).nullable().default(null),
    coverUrl: z.string().max(200).nullable().default(null),
    /** Mail the people who are going about this change (with an updated calendar entry). */
    notify: z.boolean().default(true),
  })
  .strict()
  .openapi('EventInput');
export type EventInput = z.infer<typeof EventInput>;
export const EventPatch = EventInput.partial().openapi('EventPatch');
export type EventPatch = z.infer<typeof EventPatch>;

export const Person = z
  .object({ id: z.string(), name: z.string(), image: z.string().nullable() })
  .openapi('EventPerson');
export type Person = z.infer<typeof Person>;

/** One date of an event as the calendar shows it (a single event has exactly one). */
export const Occurrence = z
  .object({
    eventId: z.string(),
    key: z.string(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    startsLocal: z.string(),
    endsLocal: z.string(),
    timeZone: z.string(),
    format: z.enum(FORMATS),
    placeName: z.string(),
    audience: z.enum(AUDIENCES),
    space: z.object({ id: z.string(), slug: z.string(), name: z.string(), icon: z.string() }).nullable(),
    series: z.boolean(),
    /** Changed from the series (moved, other room or host, a note). */
    changed: z.boolean(),
    cancelled: z.boolean(),
    note: z.string(),
    capacity: z.number().nullable(),
    /** Places taken (people plus their guests) and the waitlist's length. */
    taken: z.number(),
    waitlisted: z.number(),
    myStatus: z.enum(RSVP_STATUSES).nullable(),
    /** True when my status comes from an RSVP to the whole series. */
    mySeries: z.boolean(),
    hasVideo: z.boolean(),
  })
  .openapi('Occurrence');
export type Occurrence = z.infer<typeof Occurrence>;

export const Break = z
  .object({
    id: z.string(),
    title: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    message: z.string(),
  })
  .openapi('ProgrammeBreak');
export type Break = z.infer<typeof Break>;
export const BreakInput = z
  .object({ title: text(100).min(2), startsOn: day, endsOn: day, message: text(500).default('') })
  .strict()
  .openapi('BreakInput');
export type BreakInput = z.infer<typeof BreakInput>;

export const FocusDay = z
  .object({
    id: z.string(),
    day: z.string(),
    theme: z.string(),
    description: z.string(),
    space: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
    postId: z.string().nullable(),
  })
  .openapi('FocusDay');
export type FocusDay = z.infer<typeof FocusDay>;
export const FocusDayInput = z
  .object({
    day,
    theme: text(140).min(2),
    description: text(5000).default(''),
    spaceId: z.string().uuid().nullable().default(null),
  })
  .strict()
  .openapi('FocusDayInput');
export type FocusDayInput = z.infer<typeof FocusDayInput>;

export const CalendarRange = z
  .object({
    items: z.array(Occurrence),
    breaks: z.array(Break),
    focusDays: z.array(FocusDay),
    /** The break we are in now (or the next within 60 days), for "no live meetings until …". */
    currentBreak: Break.nullable(),
    nextBreak: Break.nullable(),
  })
  .openapi('CalendarRange');
export type CalendarRange = z.infer<typeof CalendarRange>;

export const EventDetail = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    descriptionHtml: z.string(),
    timeZone: z.string(),
    startsLocal: z.string(),
    endsLocal: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    repeat: Repeat.nullable(),
    rrule: z.string().nullable(),
    format: z.enum(FORMATS),
    placeName: z.string(),
    placeAddress: z.string(),
    mapUrl: z.string(),
    videoProvider: z.enum(VIDEO_PROVIDERS).nullable(),
    /** Only for hosts (members get a join link when the room opens). */
    videoUrl: z.string().nullable(),
    audience: z.enum(AUDIENCES),
    grants: z.array(z.string()),
    space: Occurrence.shape.space,
    hosts: z.array(Person),
    capacity: z.number().nullable(),
    maxGuests: z.number(),
    rsvpDeadlineMinutes: z.number().nullable(),
    coverUrl: z.string().nullable(),
    status: z.enum(['scheduled', 'cancelled']),
    sequence: z.number(),
    /** My RSVP to the whole series. */
    mySeries: z.enum(RSVP_STATUSES).nullable(),
    canManage: z.boolean(),
    /** A series: members may answer for every date at once. */
    seriesRsvp: z.boolean(),
    /**
     * Standing places left for series RSVPs (capacity minus what series RSVPs take on every date);
     * null without a capacity or for a single event.
     */
    seriesPlaces: z.number().nullable(),
    icsUrl: z.string(),
    /** The next date from now that takes place (not cancelled, not in a break), or null. */
    next: z.object({ key: z.string(), startsAt: z.string() }).nullable(),
  })
  .openapi('EventDetail');
export type EventDetail = z.infer<typeof EventDetail>;

export const OccurrenceDetail = z
  .object({
    event: EventDetail,
    occurrence: Occurrence.extend({
      placeAddress: z.string(),
      hosts: z.array(Person),
      myGuests: z.number(),
      /** My place on the waitlist (1 = next). */
      myPosition: z.number().nullable(),
      rsvpOpen: z.boolean(),
      rsvpClosesAt: z.string().nullable(),
      /** When the join button opens; null without a video room. */
      joinOpensAt: z.string().nullable(),
      canJoin: z.boolean(),
      /** Inside a programme break (then only shown to hosts). */
      inBreak: Break.nullable(),
      /** This date's own room (a per-date change applied); the URL only for its hosts. */
      videoProvider: z.enum(VIDEO_PROVIDERS).nullable(),
      videoUrl: z.string().nullable(),
      attended: z.boolean(),
    }),
    previous: z.string().nullable(),
    next: z.string().nullable(),
  })
  .openapi('OccurrenceDetail');
export type OccurrenceDetail = z.infer<typeof OccurrenceDetail>;

export const RsvpInput = z
  .object({
    /** An occurrence key, or "series" for every date. */
    occurrence: z.union([z.string().regex(OCCURRENCE_KEY), z.literal(SERIES)]),
    status: z.enum(['going', 'declined']),
    guests: z.number().int().min(0).max(10).default(0),
  })
  .strict()
  .openapi('RsvpInput');
export type RsvpInput = z.infer<typeof RsvpInput>;
export const RsvpResult = z
  .object({
    status: z.enum(RSVP_STATUSES),
    guests: z.number(),
    position: z.number().nullable(),
    /** After a series RSVP: the coming dates that were already full, where the member now waits. */
    waitlistedDates: z.array(z.string()).optional(),
  })
  .openapi('RsvpResult');
export type RsvpResult = z.infer<typeof RsvpResult>;

export const OccurrenceChange = z
  .object({
    startsLocal: local.optional(),
    endsLocal: local.optional(),
    cancelled: z.boolean().optional(),
    note: text(1000).optional(),
    placeName: text(200).nullable().optional(),
    placeAddress: text(500).nullable().optional(),
    videoProvider: z.enum(VIDEO_PROVIDERS).nullable().optional(),
    videoUrl: httpUrl.nullable().optional(),
    hostIds: z.array(z.string().min(1).max(64)).max(10).nullable().optional(),
    notify: z.boolean().default(true),
  })
  .strict()
  .openapi('OccurrenceChange');
export type OccurrenceChange = z.infer<typeof OccurrenceChange>;

export const RsvpRow = z
  .object({
    person: Person,
    email: z.string().nullable(),
    status: z.enum(RSVP_STATUSES),
    guests: z.number(),
    series: z.boolean(),
    at: z.string(),
    attended: z.boolean(),
  })
  .openapi('RsvpRow');
export type RsvpRow = z.infer<typeof RsvpRow>;
export const Roster = z
  .object({ going: z.array(RsvpRow), waitlist: z.array(RsvpRow), attendedOnly: z.array(RsvpRow) })
  .openapi('Roster');
export type Roster = z.infer<typeof Roster>;

export const AttendanceInput = z
  .object({ userIds: z.array(z.string().min(1).max(64)).max(2000) })
  .strict()
  .openapi('AttendanceInput');
export const AttendanceImport = z
  .object({ text: z.string().max(200_000) })
  .strict()
  .openapi('AttendanceImport');
export const AttendanceImportResult = z
  .object({ marked: z.number(), alreadyMarked: z.number(), unknown: z.array(z.string()) })
  .openapi('AttendanceImportResult');

export const AttendanceEntry = z
  .object({
    eventId: z.string(),
    key: z.string(),
    title: z.string(),
    startsAt: z.string(),
    source: z.enum(['manual', 'import']),
  })
  .openapi('AttendanceEntry');
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

export const ReminderPrefs = z
  .object({
    /** Minutes before the start, e.g. [1440, 60] = one day and one hour before. */
    offsets: z.array(z.number().int().min(5).max(20160)).max(5),
    byMail: z.boolean(),
    inApp: z.boolean(),
  })
  .strict()
  .openapi('ReminderPrefs');
export type ReminderPrefs = z.infer<typeof ReminderPrefs>;

export const FeedInfo = z
  .object({ url: z.string(), webcalUrl: z.string(), publicUrl: z.string() })
  .openapi('FeedInfo');
export type FeedInfo = z.infer<typeof FeedInfo>;

export const Recording = z
  .object({
    id: z.string(),
    name: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    playbackUrl: z.string(),
  })
  .openapi('Recording');
export type Recording = z.infer<typeof Recording>;

export const EventSettings = z
  .object({
    defaultProvider: z.enum(VIDEO_PROVIDERS),
    jitsiBaseUrl: z.string(),
    jitsiAppId: z.string(),
    jitsiSecretSet: z.boolean(),
    bbbUrl: z.string(),
    bbbSecretSet: z.boolean(),
    bbbAlgorithm: z.enum(['sha1', 'sha256', 'sha384', 'sha512']),
    joinOpensMinutes: z.number(),
    defaultReminders: z.array(z.number()),
    timeZone: z.string(),
  })
  .openapi('EventSettings');
export type EventSettings = z.infer<typeof EventSettings>;
export const EventSettingsPatch = z
  .object({
    defaultProvider: z.enum(VIDEO_PROVIDERS),
    jitsiBaseUrl: httpUrl,
    jitsiAppId: text(200),
    /** Write-only; an empty string clears, absent keeps. */
    jitsiSecret: z.string().max(500),
    bbbUrl: httpUrl,
    bbbSecret: z.string().max(500),
    bbbAlgorithm: z.enum(['sha1', 'sha256', 'sha384', 'sha512']),
    joinOpensMinutes: z.number().int().min(0).max(240),
    defaultReminders: z.array(z.number().int().min(5).max(20160)).max(5),
    timeZone: z.string().min(1).max(64),
  })
  .partial()
  .strict()
  .openapi('EventSettingsPatch');
export type EventSettingsPatch = z.infer<typeof EventSettingsPatch>;
