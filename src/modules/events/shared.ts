/** Zod-free constants and helpers of the events module, safe to import from pages. */
export const FORMATS = ['online', 'onsite', 'hybrid'] as const;
export const AUDIENCES = ['public', 'members', 'restricted'] as const;
export const VIDEO_PROVIDERS = ['jitsi', 'bbb', 'link'] as const;
export const RSVP_STATUSES = ['going', 'waitlisted', 'declined'] as const;
export type Format = (typeof FORMATS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type VideoProvider = (typeof VIDEO_PROVIDERS)[number];
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

/** `YYYYMMDDTHHmm`, e.g. `20270112T1900`. */
export const OCCURRENCE_KEY = /^\d{8}T\d{4}$/;
export const SERIES = 'series';

/** `20270112T1900` ⇄ `2027-01-12T19:00`. */
export function keyToLocal(key: string): string {
  return `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T${key.slice(9, 11)}:${key.slice(11, 13)}`;
}
export function localToKey(l: string): string {
  return `${l.slice(0, 4)}${l.slice(5, 7)}${l.slice(8, 10)}T${l.slice(11, 13)}${l.slice(14, 16)}`;
}
