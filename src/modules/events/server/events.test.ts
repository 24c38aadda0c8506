import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/http/types.ts';
import { type Agent, createTestApp, type TestApp } from '../../../../tests/helpers/app.ts';

// The events module against real PostgreSQL: series with breaks in the feeds (parsed with ical.js),
// occurrence changes with SEQUENCE and RECURRENCE-ID, DST, 50 concurrent RSVPs for 10 places,
// waitlist promotion with its notice, reminders claimed once, audiences through the grants provider.
// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
type Json = any;

let t: TestApp;
let owner: Agent;
let mia: Agent;
let ownerActor: Actor;

const nextYear = new Date().getUTCFullYear() + 1;
const Y = String(nextYear);

async function actorOf(email: string): Promise<Actor> {
  const u = await t.db.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return { ...u, role: u.role as Actor['role'], sessionId: 'test' };
}

/** Members straight into the table: the RSVP paths are what is under test here, not sign-up. */
async function insertMembers(n: number, prefix: string): Promise<Actor[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(3, '0')}`,
    name: `Person ${prefix}${i}`,
    email: `${prefix}${i}@example.org`,
    emailVerified: true,
  }));
  await t.db.db.insertInto('users').values(rows).execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: 'member' as const,
    locale: 'de',
    sessionId: 'test',
  }));
}

function parse(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp;
}

/** Every occurrence start (UTC ISO) of a UID in a calendar, with overrides applied, up to `until`. */
function occurrences(
  comp: ICAL.Component,
  uid: string,
  until: string,
): { start: string; cancelled: boolean; seq: number }[] {
  const vevents = comp.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === uid);
  const master = new ICAL.Event(vevents.find((v) => !v.hasProperty('recurrence-id'))!);
  for (const v of vevents.filter((x) => x.hasProperty('recurrence-id')))
    master.relateException(new ICAL.Event(v));
  const it = master.iterator();
  const out: { start: string; cancelled: boolean; seq: number }[] = [];
  for (let next = it.next(); next && next.toJSDate().toISOString() < until; next = it.next()) {
    const d = master.getOccurrenceDetails(next);
    out.push({
      start: d.startDate.toJSDate().toISOString(),
      cancelled: d.item.component.getFirstPropertyValue('status') === 'CANCELLED',
      seq: Number(d.item.component.getFirstPropertyValue('sequence')),
    });
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.setupOwner();
  mia = await t.member('mia@example.org');
  ownerActor = await actorOf('owner@example.org');
});
afterAll(async () => t?.close());

describe('the seed-001 programme', () => {
  let mastermind: string;

  it('a biweekly series skips the summer and winter breaks in the calendar and the feeds', async () => {
    for (const b of [
      { title: 'Sommerpause', startsOn: `${Y}-07-01`, endsOn: `${Y}-08-31`, message: 'Wir tanken auf.' },
      { title: 'Winterpause', startsOn: `${Y}-12-20`, endsOn: `${nextYear + 1}-01-06` },
    ]) {
      const r = await owner.json('/api/events/breaks', { method: 'POST', json: b });
      expect(r.status).toBe(201);
    }
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Mastermind',
        description: 'Alle **14 Tage**; bring eine Frage mit, z. B. „Wie weiter?“; Danke!',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-01-12T19:00`,
        endsLocal: `${Y}-01-12T20:30`,
        repeat: { freq: 'weekly', interval: 2 },
        format: 'online',
        videoProvider: 'jitsi',
        audience: 'members',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    mastermind = r.body.id;
    expect(r.body.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');

    // Month views: July has no meeting, June has two or three; the break shows as a band and banner.
    const july = await mia.json(`/api/events/calendar?from=${Y}-07-01T00:00:00Z&to=${Y}-08-01T00:00:00Z`);
    expect(july.status).toBe(200);
    expect(july.body.items.filter((o: Json) => o.eventId === mastermind)).toEqual([]);
    expect(july.body.breaks.map((b: Json) => b.title)).toEqual(['Sommerpause']);
    const june = await mia.json(`/api/events/calendar?from=${Y}-06-01T00:00:00Z&to=${Y}-07-01T00:00:00Z`);
    const juneDates = june.body.items.filter((o: Json) => o.eventId === mastermind);
    expect(juneDates.length).toBeGreaterThanOrEqual(2);
    for (const o of juneDates) expect(o.startsLocal.slice(11)).toBe('19:00');

    // The event's own .ics: no occurrence in a break (EXDATE), local time kept over DST.
    const ics = await mia.request(`/api/events/${mastermind}/ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const text = await ics.text();
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const comp = parse(text);
    const occ = occurrences(comp, `${mastermind}@localhost:3000`, `${nextYear + 1}-02-01T00:00:00Z`);
    expect(occ.length).toBeGreaterThan(15);
    for (const o of occ) {
      const local = DateTime.fromISO(o.start, { zone: 'Europe/Berlin' });
      expect(local.toFormat('HH:mm'), o.start).toBe('19:00');
      const day = local.toISODate()!;
      expect(day >= `${Y}-07-01` && day <= `${Y}-08-31`, `${day} is in the summer break`).toBe(false);
      expect(day >= `${Y}-12-20` && day <= `${nextYear + 1}-01-06`, `${day} is in the winter break`).toBe(
        false,
      );
    }
    // Winter 18:00 UTC, summer 17:00 UTC.
    expect(occ.some((o) => o.start.endsWith('T18:00:00.000Z'))).toBe(true);
    expect(occ.some((o) => o.start.endsWith('T17:00:00.000Z'))).toBe(true);
    expect(text).toContain('EXDATE;TZID=Europe/Berlin:');
    expect(text).toContain('BEGIN:VTIMEZONE');
  });

  it('changing one date increments SEQUENCE and emits a RECURRENCE-ID override; cancelling one says CANCELLED', async () => {
    const dates = (
      await mia.json(`/api/events/calendar?from=${Y}-03-01T00:00:00Z&to=${Y}-04-15T00:00:00Z`)
    ).body.items.filter((o: Json) => o.eventId === mastermind);
    const [moved, cancelled] = dates;
    const before = (await owner.json(`/api/events/${mastermind}`)).body.sequence;
    const r = await owner.json(`/api/events/${mastermind}/occurrences/${moved.key}`, {
      method: 'PUT',
      json: { startsLocal: `${moved.startsLocal.slice(0, 10)}T18:00`, note: 'Eine Stunde früher' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.occurrence.startsLocal.slice(11)).toBe('18:00');
    expect(r.body.occurrence.changed).toBe(true);
    await owner.json(`/api/events/${mastermind}/occurrences/${cancelled.key}`, {
      method: 'PUT',
      json: { cancelled: true },
    });

    const comp = parse(await (await mia.request(`/api/events/${mastermind}/ics`)).text());
    const overrides = comp.getAllSubcomponents('vevent').filter((v) => v.hasProperty('recurrence-id'));
    expect(overrides).toHaveLength(2);
    const movedOverride = overrides.find(
      (v) => !v.getFirstPropertyValue('status')?.toString().includes('CANCELLED'),
    )!;
    expect(Number(movedOverride.getFirstPropertyValue('sequence'))).toBeGreaterThan(before);
    const occ = occurrences(comp, `${mastermind}@localhost:3000`, `${Y}-04-15T00:00:00Z`);
    const movedStart = DateTime.fromISO(`${moved.startsLocal.slice(0, 10)}T18:00`, { zone: 'Europe/Berlin' })
      .toUTC()
      .toISO({ suppressMilliseconds: false });
    expect(occ.map((o) => o.start)).toContain(movedStart);
    expect(occ.find((o) => o.start === new Date(cancelled.startsAt).toISOString())?.cancelled).toBe(true);

    // Changing it again raises its SEQUENCE again.
    const seq1 = Number(movedOverride.getFirstPropertyValue('sequence'));
    await owner.json(`/api/events/${mastermind}/occurrences/${moved.key}`, {
      method: 'PUT',
      json: { note: 'Doch mit Kamera' },
    });
    const again = parse(await (await mia.request(`/api/events/${mastermind}/ics`)).text())
      .getAllSubcomponents('vevent')
      .find(
        (v) =>
          v.getFirstPropertyValue('recurrence-id')?.toString() ===
          movedOverride.getFirstPropertyValue('recurrence-id')?.toString(),
      )!;
    expect(Number(again.getFirstPropertyValue('sequence'))).toBe(seq1 + 1);
  });

  it('a date the host moves into a break is shown, in the calendar and in the feed alike', async () => {
    const before = (
      await mia.json(`/api/events/calendar?from=${Y}-12-01T00:00:00Z&to=${Y}-12-19T23:00:00Z`)
    ).body.items.filter((o: Json) => o.eventId === mastermind);
    const last = before.at(-1);
    const movedTo = DateTime.fromISO(last.startsLocal).plus({ days: 7 }).toFormat("yyyy-MM-dd'T'HH:mm");
    expect(movedTo >= `${Y}-12-20`).toBe(true);
    await owner.json(`/api/events/${mastermind}/occurrences/${last.key}`, {
      method: 'PUT',
      json: { startsLocal: movedTo, notify: false },
    });
    const inBreak = (
      await mia.json(`/api/events/calendar?from=${Y}-12-20T00:00:00Z&to=${nextYear + 1}-01-07T00:00:00Z`)
    ).body.items.filter((o: Json) => o.eventId === mastermind);
    expect(inBreak.map((o: Json) => o.startsLocal)).toEqual([movedTo]);
    const comp = parse(await (await mia.request(`/api/events/${mastermind}/ics`)).text());
    const starts = occurrences(comp, `${mastermind}@localhost:3000`, `${nextYear + 1}-01-07T00:00:00Z`)
      .map((o) => DateTime.fromISO(o.start, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm"))
      .filter((d) => d >= `${Y}-12-20`);
    expect(starts).toEqual([movedTo]);
  });

  it('a series RSVP shows on every date; the personal feed has the series and only what the member may see', async () => {
    const r = await mia.json(`/api/events/${mastermind}/rsvp`, {
      method: 'POST',
      json: { occurrence: 'series', status: 'going' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const mail = await t.lastMail('mia@example.org', 'events.confirmed');
    expect(mail.subject).toContain('Mastermind');
    const cal = await t.db.db
      .selectFrom('mail_outbox')
      .select('calendar')
      .where('template', '=', 'events.confirmed')
      .executeTakeFirstOrThrow();
    expect((cal.calendar as Json).method).toBe('REQUEST');
    expect((cal.calendar as Json).content).toContain('METHOD:REQUEST');

    const up = await mia.json('/api/events/upcoming?limit=5&mine=true');
    expect(up.body.items.length).toBeGreaterThan(0);
    for (const o of up.body.items) expect(o).toMatchObject({ myStatus: 'going', mySeries: true });
    // Someone who answered nothing gets no dates of their own, but still the breaks ahead.
    const quiet = await t.member('quiet@example.org');
    const none = await quiet.json('/api/events/upcoming?limit=5&mine=true');
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
    expect(none.body.breaks.map((b: Json) => b.title)).toContain('Sommerpause');
    const everyone = await quiet.json('/api/events/upcoming?limit=5');
    expect(everyone.body.items.length).toBeGreaterThan(0);

    // A hosts-only event in a restricted audience stays out of Mia's feed.
    const hidden = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Nur fürs Team',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-05-05T10:00`,
        endsLocal: `${Y}-05-05T11:00`,
        audience: 'restricted',
        grants: ['role:admin'],
      },
    });
    expect(hidden.status).toBe(201);
    const feed = (await mia.json('/api/events/me/feed')).body;
    const anon = t.agent();
    const res = await anon.request(feed.url.replace('http://localhost:3000', ''));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Mastermind');
    expect(body).toContain('Sommerpause');
    expect(body).not.toContain('Nur fürs Team');
    parse(body);

    // Revoking: the old address stops working.
    const rotated = (await mia.json('/api/events/me/feed/rotate', { method: 'POST' })).body;
    expect(rotated.url).not.toBe(feed.url);
    expect((await anon.request(feed.url.replace('http://localhost:3000', ''))).status).toBe(404);
    expect((await anon.request(rotated.url.replace('http://localhost:3000', ''))).status).toBe(200);

    // The public feed holds public events only; members' events stay out.
    const pub = await (await anon.request('/api/calendar/public.ics')).text();
    expect(pub).not.toContain('Mastermind');
    expect((await anon.json(`/api/events/${mastermind}`)).status).toBe(404);
  });
});

describe('capacity and the waitlist', () => {
  it('50 concurrent RSVPs for 10 places: exactly 10 going, 40 waiting in order; a cancellation promotes exactly one, who is told', async () => {
    const start = new Date(Date.now() + 10 * 86_400_000);
    const local = DateTime.fromJSDate(start, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'10:00");
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Workshop Zeitmanagement',
        timeZone: 'Europe/Berlin',
        startsLocal: local,
        endsLocal: local.replace('T10:00', 'T13:00'),
        capacity: 10,
        format: 'onsite',
        placeName: 'Kulturhaus',
        audience: 'members',
      },
    });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    const key = local.replace(/[-:]/g, '');
    const people = await insertMembers(50, 'cap');
    const results = await Promise.all(
      people.map((p) => t.tp.events.service.rsvp(p, id, { occurrence: key, status: 'going', guests: 0 })),
    );
    expect(results.filter((x) => x.status === 'going')).toHaveLength(10);
    expect(results.filter((x) => x.status === 'waitlisted')).toHaveLength(40);
    // Positions are 1…40, each once, in the order the waitlist rows were written.
    expect(
      results
        .filter((x) => x.position !== null)
        .map((x) => x.position)
        .sort((a, b) => a! - b!),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const roster = await t.tp.events.service.roster(ownerActor, id, key);
    expect(roster.going).toHaveLength(10);
    expect(roster.waitlist).toHaveLength(40);
    const first = roster.waitlist[0]!.person.id;
    const firstActor = people.find((p) => p.id === first)!;
    const position = results[people.indexOf(firstActor)]!.position;
    expect(position).toBe(1);

    const leaving = people.find((p) => roster.going.some((g) => g.person.id === p.id))!;
    await t.tp.events.service.rsvp(leaving, id, { occurrence: key, status: 'declined', guests: 0 });
    const after = await t.tp.events.service.roster(ownerActor, id, key);
    expect(after.going).toHaveLength(10);
    expect(after.waitlist).toHaveLength(39);
    expect(after.going.map((g) => g.person.id)).toContain(first);
    const promoted = await t.lastMail(firstActor.email, 'events.promoted');
    expect(promoted.subject).toContain('Workshop Zeitmanagement');
    const notice = await t.db.db
      .selectFrom('notifications')
      .select(['kind'])
      .where('user_id', '=', first)
      .execute();
    expect(notice.map((n) => n.kind)).toEqual(['event_promoted']);
    // Nobody else moved up.
    const promotedMails = await t.db.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('template', '=', 'events.promoted')
      .execute();
    expect(promotedMails).toHaveLength(1);
    // A series RSVP is refused where places are counted per date.
    const s = await mia.json(`/api/events/${id}/rsvp`, {
      method: 'POST',
      json: { occurrence: 'series', status: 'going' },
    });
    expect(s.status).toBe(409);
    expect(s.body.error.code).toBe('series_rsvp_unavailable');
  });
});

describe('a series with limited places', () => {
  it('series RSVPs hold standing places; a date already full puts the series member on its waitlist; giving places up moves the lines', async () => {
    const start = new Date(Date.now() + 10 * 86_400_000);
    const day = DateTime.fromJSDate(start, { zone: 'Europe/Berlin' });
    const local = day.toFormat("yyyy-MM-dd'T'18:00");
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Mastermind-Kreis',
        timeZone: 'Europe/Berlin',
        startsLocal: local,
        endsLocal: local.replace('T18:00', 'T19:30'),
        repeat: { freq: 'weekly', interval: 1 },
        capacity: 3,
        format: 'online',
        videoProvider: 'jitsi',
        audience: 'members',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as string;
    const first = local.replace(/[-:]/g, '');
    const second = day.plus({ days: 7 }).toFormat("yyyyMMdd'T'1800");
    const [a, b, c, d, e, f] = await insertMembers(6, 'ser');
    const svc = t.tp.events.service;
    const series = (p: Actor, status: 'going' | 'declined') =>
      svc.rsvp(p, id, { occurrence: 'series', status, guests: 0 });
    const single = (p: Actor, key: string, status: 'going' | 'declined') =>
      svc.rsvp(p, id, { occurrence: key, status, guests: 0 });
    const names = async (key: string) => {
      const roster = await svc.roster(ownerActor, id, key);
      return {
        going: roster.going.map((g) => g.person.id).sort(),
        waitlist: roster.waitlist.map((w) => w.person.id),
      };
    };

    expect((await svc.get(a!, id)).seriesPlaces).toBe(3);
    expect(await series(a!, 'going')).toMatchObject({ status: 'going', waitlistedDates: [] });
    expect(await series(b!, 'going')).toMatchObject({ status: 'going', waitlistedDates: [] });
    expect((await svc.get(c!, id)).seriesPlaces).toBe(1);
    // The first date fills up with single answers: C takes the last place, D waits.
    expect((await single(c!, first, 'going')).status).toBe('going');
    expect(await single(d!, first, 'going')).toMatchObject({ status: 'waitlisted', position: 1 });
    // E joins the series: a standing place is free, but the first date is full, so E waits there behind D.
    expect(await series(e!, 'going')).toMatchObject({ status: 'going', waitlistedDates: [first] });
    expect(await names(first)).toEqual({ going: [a!.id, b!.id, c!.id].sort(), waitlist: [d!.id, e!.id] });
    expect(await names(second)).toEqual({ going: [a!.id, b!.id, e!.id].sort(), waitlist: [] });
    const firstDate = await svc.occurrence(e!, id, first);
    expect(firstDate.occurrence).toMatchObject({
      taken: 3,
      waitlisted: 2,
      myStatus: 'waitlisted',
      myPosition: 2,
    });
    expect((await svc.occurrence(e!, id, second)).occurrence).toMatchObject({
      taken: 3,
      myStatus: 'going',
      mySeries: true,
    });
    // No standing place is left: a fourth series RSVP is refused with its own code, nothing written.
    await expect(series(f!, 'going')).rejects.toMatchObject({ code: 'series_full' });
    const refused = await mia.json(`/api/events/${id}/rsvp`, {
      method: 'POST',
      json: { occurrence: 'series', status: 'going' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('series_full');
    expect(
      await t.db.db.selectFrom('event_rsvps').select('user_id').where('user_id', '=', f!.id).execute(),
    ).toEqual([]);
    expect((await svc.get(f!, id)).seriesPlaces).toBe(0);

    // A leaves the first date only: D (first in line) moves up and is told; E still waits.
    await single(a!, first, 'declined');
    expect(await names(first)).toEqual({ going: [b!.id, c!.id, d!.id].sort(), waitlist: [e!.id] });
    expect((await t.lastMail(d!.email, 'events.promoted')).subject).toContain('Mastermind-Kreis');
    // B leaves the whole series: a place frees on every date, and E moves up on the first.
    await series(b!, 'declined');
    expect(await names(first)).toEqual({ going: [c!.id, d!.id, e!.id].sort(), waitlist: [] });
    expect(await names(second)).toEqual({ going: [a!.id, e!.id].sort(), waitlist: [] });
    expect((await t.lastMail(e!.email, 'events.promoted')).subject).toContain('Mastermind-Kreis');
    // A wants the first date back: it is full again, so A waits like anyone else.
    expect(await single(a!, first, 'going')).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await svc.get(f!, id)).seriesPlaces).toBe(1);
    expect((await svc.occurrence(a!, id, second)).occurrence).toMatchObject({
      myStatus: 'going',
      mySeries: true,
    });
  });
});

describe('reminders', () => {
  it('are sent once per member and date, however many ticks run at once', async () => {
    const start = new Date(Date.now() + 50 * 60_000);
    const local = DateTime.fromJSDate(start, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm");
    const end = DateTime.fromJSDate(start, { zone: 'Europe/Berlin' })
      .plus({ hours: 1 })
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Offene Sprechstunde',
        timeZone: 'Europe/Berlin',
        startsLocal: local,
        endsLocal: end,
        audience: 'members',
      },
    });
    const id = r.body.id as string;
    const people = await insertMembers(5, 'rem');
    for (const p of people)
      await t.tp.events.service.rsvp(p, id, {
        occurrence: local.replace(/[-:]/g, ''),
        status: 'going',
        guests: 0,
      });
    // They signed up long ago (a reminder whose time was before the sign-up is not sent).
    await t.db.db
      .updateTable('event_rsvps')
      .set({ updated_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('event_id', '=', id)
      .execute();
    await Promise.all(Array.from({ length: 6 }, () => t.tp.events.service.reminderTick()));
    const mails = await t.db.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('template', '=', 'events.reminder')
      .where('subject', 'like', '%Offene Sprechstunde%')
      .execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(people.map((p) => p.email).sort());
  });
});

describe('access', () => {
  it('tier events reach only holders of the tier; members-only events not visitors', async () => {
    const tier = await owner.json('/api/memberships/tiers', { method: 'POST', json: { name: 'Stufe 2' } });
    expect(tier.status).toBe(201);
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Stufe-2-Runde',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-03-03T18:00`,
        endsLocal: `${Y}-03-03T19:00`,
        audience: 'restricted',
        grants: [`tier:${tier.body.id}`],
      },
    });
    expect((await mia.json(`/api/events/${r.body.id}`)).status).toBe(404);
    const cal = await mia.json(`/api/events/calendar?from=${Y}-03-01T00:00:00Z&to=${Y}-03-31T00:00:00Z`);
    expect(cal.body.items.map((o: Json) => o.title)).not.toContain('Stufe-2-Runde');
    expect((await owner.json(`/api/events/${r.body.id}`)).status).toBe(200);
    const rsvp = await mia.json(`/api/events/${r.body.id}/rsvp`, {
      method: 'POST',
      json: { occurrence: `${Y}0303T1800`, status: 'going' },
    });
    expect(rsvp.status).toBe(404);
  });

  it('rejects bad input with field errors and nothing written', async () => {
    const count = async () =>
      Number(
        (
          await t.db.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const [json, path] of [
      [
        {
          title: 'X1',
          timeZone: 'Mars/Olympus',
          startsLocal: `${Y}-01-01T10:00`,
          endsLocal: `${Y}-01-01T11:00`,
        },
        'timeZone',
      ],
      [
        {
          title: 'X2',
          timeZone: 'Europe/Berlin',
          startsLocal: `${Y}-01-01T10:00`,
          endsLocal: `${Y}-01-01T09:00`,
        },
        'endsLocal',
      ],
      [
        {
          title: 'X3',
          timeZone: 'Europe/Berlin',
          startsLocal: `${Y}-02-30T10:00`,
          endsLocal: `${Y}-03-01T11:00`,
        },
        'startsLocal',
      ],
      [
        {
          title: 'X4',
          timeZone: 'Europe/Berlin',
          startsLocal: `${Y}-01-01T10:00`,
          endsLocal: `${Y}-01-01T11:00`,
          audience: 'restricted',
        },
        'grants',
      ],
    ] as const) {
      const r = await owner.json('/api/events', { method: 'POST', json });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
    expect(await count()).toBe(before);
    expect((await mia.json('/api/events', { method: 'POST', json: { title: 'Mia' } })).status).toBe(403);
  });
});

describe('hosts', () => {
  it('an overlapping break is refused; a cancelled event can be reopened; the next date and a date’s own room are shown', async () => {
    const clash = await owner.json('/api/events/breaks', {
      method: 'POST',
      json: { title: 'Sommerferien', startsOn: `${Y}-08-15`, endsOn: `${Y}-09-05` },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('break_overlaps');
    expect(clash.body.error.details[0].path).toBe('startsOn');

    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 3 })
      .set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Wochenrunde',
        timeZone: 'Europe/Berlin',
        startsLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsLocal: start.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        repeat: { freq: 'weekly' },
        // Public: by now the community has a tier, so "members" would need a membership Mia lacks.
        audience: 'public',
        videoProvider: 'link',
        videoUrl: 'https://meet.example.org/runde',
      },
    });
    const id = r.body.id as string;
    const key = start.toFormat("yyyyMMdd'T'HHmm");
    expect(r.body.next).toEqual({ key, startsAt: start.toUTC().toISO() });
    // The next date cancelled: "next" moves on a week.
    await owner.json(`/api/events/${id}/occurrences/${key}`, {
      method: 'PUT',
      json: { cancelled: true, notify: false },
    });
    expect((await owner.json(`/api/events/${id}`)).body.next.key).toBe(
      start.plus({ weeks: 1 }).toFormat("yyyyMMdd'T'HHmm"),
    );
    // The following date gets its own room, which its page shows to hosts only.
    const second = start.plus({ weeks: 1 }).toFormat("yyyyMMdd'T'HHmm");
    await owner.json(`/api/events/${id}/occurrences/${second}`, {
      method: 'PUT',
      json: { videoUrl: 'https://meet.example.org/ausweich', notify: false },
    });
    expect((await owner.json(`/api/events/${id}/occurrences/${second}`)).body.occurrence).toMatchObject({
      videoProvider: 'link',
      videoUrl: 'https://meet.example.org/ausweich',
    });
    expect((await mia.json(`/api/events/${id}/occurrences/${second}`)).body.occurrence).toMatchObject({
      videoProvider: 'link',
      videoUrl: null,
    });

    await owner.json(`/api/events/${id}/cancel`, { method: 'POST', json: { notify: false } });
    expect((await owner.json(`/api/events/${id}`)).body).toMatchObject({ status: 'cancelled', next: null });
    const reopened = await owner.json(`/api/events/${id}/reopen`, { method: 'POST' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('scheduled');
    expect((await mia.json(`/api/events/${id}/reopen`, { method: 'POST' })).status).toBe(403);
  });
});

describe('attendance', () => {
  it('hosts mark and import who attended; members see their history; others may not', async () => {
    const r = await owner.json('/api/events', {
      method: 'POST',
      json: {
        title: 'Sprechstunde im März',
        timeZone: 'Europe/Berlin',
        startsLocal: `${Y}-03-04T18:00`,
        endsLocal: `${Y}-03-04T19:00`,
        audience: 'public',
      },
    });
    const id = r.body.id as string;
    const key = `${Y}0304T1800`;
    const miaId = (await mia.json('/api/me')).body.id;
    const people = await insertMembers(2, 'att');
    const imported = await owner.json(`/api/events/${id}/occurrences/${key}/attendance/import`, {
      method: 'POST',
      json: {
        text: `Name,E-Mail\nMia,MIA@example.org\n${people[0]!.name},${people[0]!.email}\nGast,gast@example.net\n`,
      },
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ marked: 2, alreadyMarked: 0, unknown: ['gast@example.net'] });
    const again = await owner.json(`/api/events/${id}/occurrences/${key}/attendance/import`, {
      method: 'POST',
      json: { text: 'mia@example.org' },
    });
    expect(again.body).toMatchObject({ marked: 0, alreadyMarked: 1 });
    expect(
      (
        await owner.json(`/api/events/${id}/occurrences/${key}/attendance/import`, {
          method: 'POST',
          json: { text: 'niemand' },
        })
      ).body.error.code,
    ).toBe('validation_failed');

    // Setting the full list replaces it: Mia stays, the imported member goes, the other comes.
    const set = await owner.json(`/api/events/${id}/occurrences/${key}/attendance`, {
      method: 'PUT',
      json: { userIds: [miaId, people[1]!.id] },
    });
    expect(set.status).toBe(200);
    expect(set.body.attendedOnly.map((x: Json) => x.person.id).sort()).toEqual([miaId, people[1]!.id].sort());
    expect((await mia.json('/api/events/me/attendance')).body.items).toEqual([
      expect.objectContaining({ eventId: id, key, title: 'Sprechstunde im März', source: 'import' }),
    ]);
    expect((await owner.json(`/api/events/attendance?userId=${people[1]!.id}`)).body.items).toHaveLength(1);
    // A member who does not host the event may neither see the roster nor mark attendance.
    expect((await mia.json(`/api/events/${id}/occurrences/${key}/roster`)).status).toBe(403);
    expect(
      (
        await mia.json(`/api/events/${id}/occurrences/${key}/attendance`, {
          method: 'PUT',
          json: { userIds: [miaId] },
        })
      ).status,
    ).toBe(403);
    expect((await mia.json(`/api/events/attendance?userId=${miaId}`)).status).toBe(403);
  });
});

describe('video rooms', () => {
  it('the join link opens shortly before the start, for people allowed in; hosts may come earlier', async () => {
    const make = async (minutesAhead: number, extra: Record<string, unknown> = {}) => {
      const start = DateTime.now().setZone('Europe/Berlin').plus({ minutes: minutesAhead }).startOf('minute');
      const r = await owner.json('/api/events', {
        method: 'POST',
        json: {
          title: `Raum in ${minutesAhead} Minuten`,
          timeZone: 'Europe/Berlin',
          startsLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
          endsLocal: start.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"),
          audience: 'public',
          videoProvider: 'link',
          videoUrl: 'https://meet.example.org/raum',
          ...extra,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.id as string, key: start.toFormat("yyyyMMdd'T'HHmm") };
    };
    const soon = await make(10);
    const join = await mia.json(`/api/events/${soon.id}/occurrences/${soon.key}/join`, { method: 'POST' });
    expect(join.status).toBe(200);
    expect(join.body.url).toBe('https://meet.example.org/raum');

    const later = await make(40);
    const early = await mia.json(`/api/events/${later.id}/occurrences/${later.key}/join`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('join_not_open');
    expect(
      (await owner.json(`/api/events/${later.id}/occurrences/${later.key}/join`, { method: 'POST' })).status,
    ).toBe(200);
    const detail = (await owner.json(`/api/events/${later.id}/occurrences/${later.key}`)).body.occurrence;
    expect(new Date(detail.startsAt).getTime() - new Date(detail.joinOpensAt).getTime()).toBe(60 * 60_000);

    // With places counted, only those holding one get in.
    const workshop = await make(5, { capacity: 5 });
    expect(
      (await mia.json(`/api/events/${workshop.id}/occurrences/${workshop.key}/join`, { method: 'POST' }))
        .status,
    ).toBe(403);
    expect(
      (
        await t
          .agent()
          .json(`/api/events/${workshop.id}/occurrences/${workshop.key}/join`, { method: 'POST' })
      ).status,
    ).toBe(401);
  });
});

describe('focus days', () => {
  it('open their themed thread in the space on the day, once however many ticks run', async () => {
    const space = await owner.json('/api/spaces', {
      method: 'POST',
      json: { name: 'Fokus-Raum', visibility: 'public' },
    });
    expect(space.status).toBe(201);
    const today = DateTime.now().setZone('Europe/Berlin').toISODate();
    const f = await owner.json('/api/events/focus-days', {
      method: 'POST',
      json: {
        day: today,
        theme: 'LinkedIn-Profil aufpolieren',
        description: 'Teilt eure Vorher-nachher-Fassungen.',
        spaceId: space.body.id,
      },
    });
    expect(f.status).toBe(201);
    expect(f.body.postId).toBeNull();
    await Promise.all([
      t.tp.events.service.focusTick(),
      t.tp.events.service.focusTick(),
      t.tp.events.service.focusTick(),
    ]);
    const posts = await t.db.db
      .selectFrom('posts')
      .select(['id', 'title'])
      .where('space_id', '=', space.body.id)
      .execute();
    expect(posts.map((p) => p.title)).toEqual(['LinkedIn-Profil aufpolieren']);
    const listed = (await mia.json('/api/events/focus-days')).body.items.find(
      (x: Json) => x.id === f.body.id,
    );
    expect(listed).toMatchObject({ postId: posts[0]!.id, space: { id: space.body.id } });
  });
});
