import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { errorResponses, json, jsonBody, noContent, readUploadFile } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import {
  AttendanceEntry,
  AttendanceImport,
  AttendanceImportResult,
  AttendanceInput,
  Break,
  BreakInput,
  CalendarRange,
  EventDetail,
  EventInput,
  EventPatch,
  EventSettings,
  EventSettingsPatch,
  FeedInfo,
  FocusDay,
  FocusDayInput,
  FORMATS,
  Occurrence,
  OccurrenceChange,
  OccurrenceDetail,
  Recording,
  ReminderPrefs,
  Roster,
  RsvpInput,
  RsvpResult,
} from '../schema.ts';
import { matchesEtag } from './cache.ts';
import type { EventsService, FeedAnswer } from './service.ts';

const actor = (c: Context<AppEnv>): Actor => c.get('actor')!;
const tags = ['events'];
const Id = z.object({ id: z.string().uuid() });
const IdKey = z.object({ id: z.string().uuid(), key: z.string().regex(/^\d{8}T\d{4}$/) });
const notFound = { 404: json(z.any(), 'Not found') };
const conflict = { 409: json(z.any(), 'Conflict') };
const calendarBody = {
  200: { description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } },
};
const Filter = {
  space: z.string().uuid().optional(),
  format: z.enum(FORMATS).optional(),
};
const ics = (body: string, filename: string | null, cache: string) =>
  new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      ...(filename ? { 'Content-Disposition': `attachment; filename="${filename}"` } : {}),
      'Cache-Control': cache,
    },
  });

/**
 * A feed with its strong ETag: 304 when the client has this version, else the cached bytes, gzipped
 * when the client takes gzip (calendar apps do). The compression middleware leaves encoded answers alone.
 */
async function feedResponse(c: Context<AppEnv>, answer: FeedAnswer, cache: string): Promise<Response> {
  const headers: Record<string, string> = {
    ETag: answer.etag,
    'Cache-Control': cache,
    Vary: 'Accept-Encoding',
  };
  if (matchesEtag(c.req.header('If-None-Match'), answer.etag))
    return new Response(null, { status: 304, headers });
  const feed = await answer.render();
  const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
  const body = gzip ? feed.gzip : feed.body;
  return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
    headers: {
      ...headers,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Length': String(body.length),
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
  });
}

export interface EventRoutesDeps {
  /** The personal feed is read by calendar apps without a session: the token names the member. */
  resolveActor: (userId: string) => Promise<Actor | null>;
  communityName: () => Promise<string>;
  storeCover: (actor: Actor, data: Buffer) => Promise<{ url: string }>;
}

/** The events module's JSON API and calendar files. */
export function eventRoutes(app: Api, s: EventsService, deps: EventRoutesDeps): void {
  // --- reading (public: the service shows each viewer what they may see) ---
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/calendar',
      tags,
      summary: 'The dates between two instants (at most 100 days), with breaks and focus days',
      request: {
        query: z.object({
          from: z.string().datetime({ offset: true }),
          to: z.string().datetime({ offset: true }),
          ...Filter,
        }),
      },
      responses: { 200: json(CalendarRange), 400: errorResponses[400] },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await s.calendar(c.get('actor'), { ...q, from: new Date(q.from), to: new Date(q.to) }),
        200,
      );
    },
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/upcoming',
      tags,
      summary: 'The next dates from now (or after a date); `mine` keeps those I am going to or waiting for',
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(50).default(10),
          after: z.string().datetime({ offset: true }).optional(),
          mine: z.enum(['true', 'false']).optional(),
          ...Filter,
        }),
      },
      responses: { 200: json(CalendarRange), 400: errorResponses[400] },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await s.upcoming(c.get('actor'), {
          ...q,
          mine: q.mine === 'true',
          after: q.after ? new Date(q.after) : undefined,
        }),
        200,
      );
    },
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/breaks',
      tags,
      summary: 'Programme breaks',
      responses: { 200: json(z.object({ items: z.array(Break) })) },
    }),
    async (c) => c.json(await s.breaks(), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/focus-days',
      tags,
      summary: 'Focus days',
      responses: { 200: json(z.object({ items: z.array(FocusDay) })) },
    }),
    async (c) => c.json(await s.focusDays(c.get('actor')), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/calendar/public.ics',
      tags,
      summary: 'The public calendar feed (public events, breaks, focus days)',
      responses: calendarBody,
    }),
    async (c) =>
      feedResponse(c, await s.publicFeed(await deps.communityName()), 'public, max-age=300') as never,
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/calendar/feed/{token}',
      tags,
      summary: "A member's personal calendar feed; the secret token is the credential (revocable)",
      request: { params: z.object({ token: z.string().max(300) }) },
      responses: { ...calendarBody, ...notFound },
    }),
    async (c) => {
      const token = c.req.valid('param').token.replace(/\.ics$/, '');
      const answer = await s.personalFeed(token, deps.resolveActor, await deps.communityName());
      if (answer === null) throw new AppError('not_found', 'Unknown or revoked calendar address.');
      return feedResponse(c, answer, 'private, max-age=300') as never;
    },
  );

  // --- members' own (before /{id}) ---
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/events/me/feed',
      tags,
      summary: 'My personal calendar feed URL',
      responses: { 200: json(FeedInfo), ...errorResponses },
    }),
    async (c) => c.json(await s.feed(actor(c)), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/events/me/feed/rotate',
      tags,
      summary: 'A new feed URL; the old one stops working',
      responses: { 200: json(FeedInfo), ...errorResponses },
    }),
    async (c) => c.json(await s.rotateFeed(actor(c)), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/events/me/reminders',
      tags,
      summary: 'My reminder times',
      responses: { 200: json(ReminderPrefs), ...errorResponses },
    }),
    async (c) => c.json(await s.reminderPrefs(actor(c)), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'put',
      path: '/api/events/me/reminders',
      tags,
      summary: 'Set my reminder times',
      request: jsonBody(ReminderPrefs),
      responses: { 200: json(ReminderPrefs), ...errorResponses },
    }),
    async (c) => c.json(await s.setReminderPrefs(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/events/me/attendance',
      tags,
      summary: 'The meetings I attended',
      responses: { 200: json(z.object({ items: z.array(AttendanceEntry) })), ...errorResponses },
    }),
    async (c) => c.json(await s.attendanceOf(actor(c), actor(c).id), 200),
  );

  // --- hosts (before /{id}) ---
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/events/manage',
      tags,
      summary: 'Every event for the hosts’ list',
      request: { query: z.object({ scope: z.enum(['upcoming', 'past', 'all']).default('upcoming') }) },
      responses: { 200: json(z.object({ items: z.array(EventDetail) })), ...errorResponses },
    }),
    async (c) => c.json(await s.manage(actor(c), c.req.valid('query').scope), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/events/settings',
      tags,
      summary: 'Video rooms, reminders, programme zone',
      responses: { 200: json(EventSettings), ...errorResponses },
    }),
    async (c) => c.json(await s.settings(actor(c)), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/events/settings',
      tags,
      summary: 'Change the events settings (secrets are write-only)',
      request: jsonBody(EventSettingsPatch),
      responses: { 200: json(EventSettings), ...errorResponses },
    }),
    async (c) => c.json(await s.updateSettings(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/events/attendance',
      tags,
      summary: "A member's attendance history",
      request: { query: z.object({ userId: z.string().min(1).max(64) }) },
      responses: { 200: json(z.object({ items: z.array(AttendanceEntry) })), ...errorResponses },
    }),
    async (c) => c.json(await s.attendanceOf(actor(c), c.req.valid('query').userId), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events/cover',
      tags,
      summary: 'Upload a cover image (multipart `file`)',
      request: { body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any() }) } } } },
      responses: { 201: json(z.object({ url: z.string() })), ...errorResponses },
    }),
    async (c) => {
      const file = await readUploadFile(c.req);
      return c.json(await deps.storeCover(actor(c), file.data), 201);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events/breaks',
      tags,
      summary: 'Declare a programme break',
      request: jsonBody(BreakInput),
      responses: { 201: json(Break), ...errorResponses },
    }),
    async (c) => c.json(await s.createBreak(actor(c), c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/events/breaks/{id}',
      tags,
      summary: 'Change a programme break',
      request: { params: Id, ...jsonBody(BreakInput.partial()) },
      responses: { 200: json(Break), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.updateBreak(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/api/events/breaks/{id}',
      tags,
      summary: 'Remove a programme break',
      request: { params: Id },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await s.deleteBreak(actor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events/focus-days',
      tags,
      summary: 'Announce a focus day',
      request: jsonBody(FocusDayInput),
      responses: { 201: json(FocusDay), ...errorResponses },
    }),
    async (c) => c.json(await s.createFocusDay(actor(c), c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/events/focus-days/{id}',
      tags,
      summary: 'Change a focus day',
      request: { params: Id, ...jsonBody(FocusDayInput.partial()) },
      responses: { 200: json(FocusDay), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.updateFocusDay(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/api/events/focus-days/{id}',
      tags,
      summary: 'Remove a focus day',
      request: { params: Id },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await s.deleteFocusDay(actor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events',
      tags,
      summary: 'Create an event or series',
      request: jsonBody(EventInput),
      responses: { 201: json(EventDetail), ...errorResponses },
    }),
    async (c) => c.json(await s.create(actor(c), c.req.valid('json')), 201),
  );

  // --- one event ---
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/{id}',
      tags,
      summary: 'One event or series',
      request: { params: Id },
      responses: { 200: json(EventDetail), ...notFound },
    }),
    async (c) => c.json(await s.get(c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/{id}/occurrences',
      tags,
      summary: 'The coming dates of an event',
      request: {
        params: Id,
        query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(12) }),
      },
      responses: { 200: json(z.object({ items: z.array(Occurrence) })), ...notFound },
    }),
    async (c) =>
      c.json(await s.dates(c.get('actor'), c.req.valid('param').id, c.req.valid('query').limit), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/{id}/occurrences/{key}',
      tags,
      summary: 'One date with my RSVP, places, the join window',
      request: { params: IdKey },
      responses: { 200: json(OccurrenceDetail), ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.occurrence(c.get('actor'), p.id, p.key), 200);
    },
  );
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/events/{id}/ics',
      tags,
      summary: 'The event (or one date) as an .ics file',
      request: {
        params: Id,
        query: z.object({
          occurrence: z
            .string()
            .regex(/^\d{8}T\d{4}$/)
            .optional(),
        }),
      },
      responses: { ...calendarBody, ...notFound },
    }),
    async (c) => {
      const { body, filename } = await s.eventIcs(
        c.get('actor'),
        c.req.valid('param').id,
        c.req.valid('query').occurrence,
      );
      return ics(body, filename, 'private, no-cache') as never;
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/events/{id}/rsvp',
      tags,
      summary: 'RSVP to one date or the whole series (a full date puts me on the waitlist)',
      request: { params: Id, ...jsonBody(RsvpInput) },
      responses: { 200: json(RsvpResult), ...errorResponses, ...notFound, ...conflict },
    }),
    async (c) => c.json(await s.rsvp(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/events/{id}/occurrences/{key}/join',
      tags,
      summary: 'A join link to the video room (opens shortly before the start)',
      request: { params: IdKey },
      responses: { 200: json(z.object({ url: z.string() })), ...errorResponses, ...notFound, ...conflict },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.join(actor(c), p.id, p.key), 200);
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/events/{id}/occurrences/{key}/recordings',
      tags,
      summary: 'Recordings of a date (BigBlueButton)',
      request: { params: IdKey },
      responses: { 200: json(z.object({ items: z.array(Recording) })), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.recordings(actor(c), p.id, p.key), 200);
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/events/{id}/occurrences/{key}/roster',
      tags,
      summary: 'Who is going, waiting and attended (the event’s hosts)',
      request: { params: IdKey },
      responses: { 200: json(Roster), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.roster(actor(c), p.id, p.key), 200);
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'put',
      path: '/api/events/{id}/occurrences/{key}/attendance',
      tags,
      summary: 'Set who attended a date (the event’s hosts)',
      request: { params: IdKey, ...jsonBody(AttendanceInput) },
      responses: { 200: json(Roster), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.setAttendance(actor(c), p.id, p.key, c.req.valid('json').userIds), 200);
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/events/{id}/occurrences/{key}/attendance/import',
      tags,
      summary: 'Mark attendance from pasted addresses or a meeting tool’s export (the event’s hosts)',
      request: { params: IdKey, ...jsonBody(AttendanceImport) },
      responses: { 200: json(AttendanceImportResult), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.importAttendance(actor(c), p.id, p.key, c.req.valid('json').text), 200);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/events/{id}',
      tags,
      summary: 'Change an event or series',
      request: { params: Id, ...jsonBody(EventPatch) },
      responses: { 200: json(EventDetail), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.update(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events/{id}/cancel',
      tags,
      summary: 'Cancel an event or a whole series (people going are told)',
      request: { params: Id, ...jsonBody(z.object({ notify: z.boolean().default(true) }).strict()) },
      responses: { 200: json(EventDetail), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.cancel(actor(c), c.req.valid('param').id, c.req.valid('json').notify), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/events/{id}/reopen',
      tags,
      summary: 'Take back a cancellation',
      request: { params: Id },
      responses: { 200: json(EventDetail), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.reopen(actor(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/api/events/{id}',
      tags,
      summary: 'Delete an event',
      request: { params: Id },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await s.remove(actor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'put',
      path: '/api/events/{id}/occurrences/{key}',
      tags,
      summary: 'Change one date (move, cancel, note, place, room, hosts)',
      request: { params: IdKey, ...jsonBody(OccurrenceChange) },
      responses: { 200: json(OccurrenceDetail), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.changeOccurrence(actor(c), p.id, p.key, c.req.valid('json')), 200);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/api/events/{id}/occurrences/{key}',
      tags,
      summary: 'Undo the changes to one date',
      request: { params: IdKey },
      responses: { 200: json(OccurrenceDetail), ...errorResponses, ...notFound },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await s.resetOccurrence(actor(c), p.id, p.key), 200);
    },
  );
}
