import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, fold, type IcsEvent } from './ics.ts';
import { toInstant } from './tz.ts';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

const NOW = new Date('2026-11-21T10:00:00Z');
const BERLIN = 'Europe/Berlin';

/** Parses a calendar with ical.js and registers its VTIMEZONEs, as a client would. */
function parse(ics: string): Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return calendar;
}

/** The series master with all its overrides related, as ical.js clients expand it. */
function series(calendar: Component, uid: string): InstanceType<typeof ICAL.Event> {
  const events = calendar
    .getAllSubcomponents('vevent')
    .filter((v) => v.getFirstPropertyValue('uid') === uid)
    .map((v) => new ICAL.Event(v));
  const master = events.find((e) => !e.isRecurrenceException())!;
  for (const e of events) if (e.isRecurrenceException()) master.relateException(e);
  return master;
}

/** All occurrence starts (original RECURRENCE-ID times) before `until`. */
function occurrences(event: InstanceType<typeof ICAL.Event>, until: string): Time[] {
  const limit = ICAL.Time.fromDateTimeString(until);
  const it = event.iterator();
  const out: Time[] = [];
  for (let next = it.next(); next && next.compare(limit) < 0; next = it.next()) out.push(next);
  return out;
}

const localOf = (t: Time) => t.toString().slice(0, 16);

/** Every 14th day from the first Tuesday, in wall-clock time (what the series should produce). */
function biweeklyTuesdays(first: string, until: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(first, { zone: 'UTC' }); d.toISODate()! < until; d = d.plus({ days: 14 })) {
    out.push(d.toFormat("yyyy-MM-dd'T'HH:mm"));
  }
  return out;
}

const inRange = (local: string, from: string, to: string) =>
  local.slice(0, 10) >= from && local.slice(0, 10) <= to;

describe('biweekly series across DST (Europe/Berlin)', () => {
  const all = biweeklyTuesdays('2027-01-12T19:00', '2028-03-01');
  const breaks = all.filter(
    (l) => inRange(l, '2027-07-01', '2027-08-31') || inRange(l, '2027-12-20', '2028-01-06'),
  );
  const master: IcsEvent = {
    uid: 'stammtisch@treffpunkt.example',
    sequence: 0,
    summary: 'Stammtisch',
    timeZone: BERLIN,
    start: '2027-01-12T19:00',
    end: '2027-01-12T21:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    exdates: breaks,
  };
  const moved: IcsEvent = {
    ...master,
    sequence: 1,
    recurrenceId: '2027-02-09T19:00',
    start: '2027-02-10T20:00',
    end: '2027-02-10T22:30',
    location: 'Café Mitte',
  };
  const cancelled: IcsEvent = {
    ...master,
    sequence: 1,
    recurrenceId: '2027-04-06T19:00',
    start: '2027-04-06T19:00',
    end: '2027-04-06T21:00',
    status: 'CANCELLED',
  };
  // Overrides first in the input: the writer still puts the master first.
  const ics = buildCalendar({ name: 'Programm', events: [cancelled, moved, master], now: NOW });

  it('keeps 19:00 local, 18:00 UTC in winter and 17:00 UTC in summer', () => {
    const occ = occurrences(series(parse(ics), master.uid), '2028-03-01T00:00:00');
    expect(occ.length).toBeGreaterThan(20);
    const utcHours = new Set<number>();
    for (const t of occ) {
      expect([t.hour, t.minute, t.dayOfWeek()]).toEqual([19, 0, ICAL.Time.TUESDAY]);
      const utc = t.toJSDate();
      expect(utc.toISOString()).toBe(toInstant(localOf(t), BERLIN).toISOString());
      const summer = localOf(t) >= '2027-03-28' && localOf(t) < '2027-10-31';
      expect(utc.getUTCHours()).toBe(summer ? 17 : 18);
      utcHours.add(utc.getUTCHours());
    }
    expect([...utcHours].sort()).toEqual([17, 18]);
    // Both DST changes of 2027 are crossed: last winter, first summer, last summer, first winter date.
    const locals = occ.map(localOf);
    expect(locals).toEqual(
      expect.arrayContaining(['2027-03-23T19:00', '2027-04-06T19:00', '2027-10-19T19:00']),
    );
    expect(locals).toContain('2027-11-02T19:00');
  });

  it('leaves out the EXDATEs of the summer and winter breaks', () => {
    expect(breaks).toEqual([
      '2027-07-13T19:00',
      '2027-07-27T19:00',
      '2027-08-10T19:00',
      '2027-08-24T19:00',
      '2027-12-28T19:00',
    ]);
    expect(ics.replace(/\r\n /g, '')).toContain(
      '\r\nEXDATE;TZID=Europe/Berlin:20270713T190000,20270727T190000,20270810T190000,20270824T190000,20271228T190000\r\n',
    );
    const locals = occurrences(series(parse(ics), master.uid), '2028-03-01T00:00:00').map(localOf);
    expect(locals).toEqual(all.filter((l) => !breaks.includes(l)));
    for (const l of breaks) expect(locals).not.toContain(l);
  });

  it('replaces an occurrence by its override and marks a cancelled one', () => {
    const calendar = parse(ics);
    const vevents = calendar.getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('recurrence-id')?.toString() ?? null)).toEqual([
      null,
      '2027-02-09T19:00:00',
      '2027-04-06T19:00:00',
    ]);
    expect(vevents[1]!.getFirstProperty('recurrence-id')!.getParameter('tzid')).toBe(BERLIN);
    expect(vevents[1]!.hasProperty('rrule') || vevents[1]!.hasProperty('exdate')).toBe(false);

    const event = series(calendar, master.uid);
    const byLocal = new Map(occurrences(event, '2027-05-01T00:00:00').map((t) => [localOf(t), t]));

    const feb9 = event.getOccurrenceDetails(byLocal.get('2027-02-09T19:00')!);
    expect(feb9.item.sequence).toBe(1);
    expect(feb9.item.location).toBe('Café Mitte');
    expect(feb9.startDate.toString()).toBe('2027-02-10T20:00:00');
    expect(feb9.startDate.toJSDate().toISOString()).toBe('2027-02-10T19:00:00.000Z');
    expect(feb9.endDate.toJSDate().toISOString()).toBe('2027-02-10T21:30:00.000Z');

    const apr6 = event.getOccurrenceDetails(byLocal.get('2027-04-06T19:00')!);
    expect(apr6.item.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(apr6.startDate.toJSDate().toISOString()).toBe('2027-04-06T17:00:00.000Z');

    const plain = event.getOccurrenceDetails(byLocal.get('2027-01-26T19:00')!);
    expect(plain.item).toBe(event);
    expect(plain.item.sequence).toBe(0);
    expect(plain.startDate.toJSDate().toISOString()).toBe('2027-01-26T18:00:00.000Z');
    expect(plain.endDate.toJSDate().toISOString()).toBe('2027-01-26T20:00:00.000Z');
  });
});

describe('content lines', () => {
  const description =
    'Grüße aus Köln! 🎉🎈 Wir treffen uns; bitte mitbringen: Äpfel, Birnen, Öl.\n' +
    'Zweite Zeile mit Emoji 👩‍👩‍👧‍👦 und Backslash \\ und "Anführungszeichen".\r\n' +
    `${'Übermäßig lange Straße, '.repeat(12)}Ende 🏁`;

  function lines(ics: string): string[] {
    expect(ics.endsWith('\r\n')).toBe(true);
    return ics.slice(0, -2).split('\r\n');
  }

  it('uses CRLF only and folds at 75 octets without breaking UTF-8', () => {
    const ics = buildCalendar({
      name: 'Ä'.repeat(50),
      events: [
        {
          uid: 'long@x',
          sequence: 0,
          summary: '🎉'.repeat(30),
          description,
          timeZone: BERLIN,
          start: '2027-01-12T19:00',
        },
      ],
      now: NOW,
    });
    expect(ics).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const physical = lines(ics);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of physical) {
      expect(line.isWellFormed()).toBe(true);
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    // Unfolding gives the escaped original back, and ical.js reads the original text.
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`\r\nDESCRIPTION:${escapeText(description)}\r\n`);
    const vevent = parse(ics).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('description')).toBe(description.replace(/\r\n/g, '\n'));
    expect(vevent.getFirstPropertyValue('summary')).toBe('🎉'.repeat(30));
  });

  it('folds at every alignment of multi-byte characters', () => {
    for (let k = 0; k < 8; k++) {
      const line = `DESCRIPTION:${'x'.repeat(k)}${'ä🎉€'.repeat(40)}`;
      const folded = fold(line);
      for (const part of folded.split('\r\n')) {
        expect(part.isWellFormed()).toBe(true);
        expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      }
      expect(folded.replace(/\r\n /g, '')).toBe(line);
    }
    expect(fold('A'.repeat(75))).toBe('A'.repeat(75));
    expect(fold('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`);
  });

  it('escapes TEXT so that ical.js reads back ; , \\ and newlines', () => {
    const tricky = 'a;b,c\\d\ne\\nf\\;g "h" :i';
    const ics = buildCalendar({
      name: 'Kalender; mit, allem\\',
      description: 'Zeile 1\nZeile 2',
      events: [
        {
          uid: 'esc;ape,d@x',
          sequence: 3,
          summary: tricky,
          description: `${tricky}\r\nEND:VEVENT`,
          location: 'Raum 1, 2. OG; Hinterhaus',
          categories: ['Treffen, regelmäßig', 'A;B', 'C\\D'],
          timeZone: BERLIN,
          start: '2027-01-12T19:00',
          end: '2027-01-12T21:00',
        },
      ],
      now: NOW,
    });
    expect(ics).toContain('SUMMARY:a\\;b\\,c\\\\d\\ne\\\\nf\\\\\\;g "h" :i\r\n');
    // The injected END:VEVENT stays inside the escaped value.
    expect(ics.match(/^END:VEVENT\r$/gm)).toHaveLength(1);
    const calendar = parse(ics);
    // ical.js leaves X- and RFC 7986 NAME properties raw (it does not know their TEXT type).
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Kalender\\; mit\\, allem\\\\');
    expect(calendar.getFirstPropertyValue('name')).toBe('Kalender\\; mit\\, allem\\\\');
    expect(calendar.getFirstPropertyValue('description')).toBe('Zeile 1\nZeile 2');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe('esc;ape,d@x');
    expect(vevent.getFirstPropertyValue('summary')).toBe(tricky);
    expect(vevent.getFirstPropertyValue('description')).toBe(`${tricky}\nEND:VEVENT`);
    expect(vevent.getFirstPropertyValue('location')).toBe('Raum 1, 2. OG; Hinterhaus');
    expect(vevent.getFirstProperty('categories')!.getValues()).toEqual([
      'Treffen, regelmäßig',
      'A;B',
      'C\\D',
    ]);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3);
  });

  it('writes ORGANIZER and ATTENDEE with quoted CN and mailto', () => {
    const ics = buildCalendar({
      name: 'P',
      method: 'REQUEST',
      events: [
        {
          uid: 'p@x',
          sequence: 0,
          summary: 'Treffen',
          timeZone: BERLIN,
          start: '2027-01-12T19:00',
          end: '2027-01-12T21:00',
          organizer: { name: 'Müller, Hans', email: 'hans@example.org' },
          attendees: [
            { name: 'Eva "Evi" Schmidt', email: 'eva@example.org', partstat: 'NEEDS-ACTION', rsvp: true },
            { name: 'Team: Orga; Leitung', email: 'orga@example.org', partstat: 'ACCEPTED' },
          ],
        },
      ],
      now: NOW,
    });
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nORGANIZER;CN="Müller, Hans":mailto:hans@example.org\r\n');
    expect(unfolded).toContain(
      '\r\nATTENDEE;CN=Eva Evi Schmidt;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:eva@example.org\r\n',
    );
    expect(unfolded).toContain(
      '\r\nATTENDEE;CN="Team: Orga; Leitung";PARTSTAT=ACCEPTED:mailto:orga@example.org\r\n',
    );
    const vevent = parse(ics).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe('Müller, Hans');
    const attendees = vevent.getAllProperties('attendee');
    expect(
      attendees.map((a) => [
        a.getParameter('cn'),
        a.getParameter('partstat'),
        a.getParameter('rsvp'),
        a.getFirstValue(),
      ]),
    ).toEqual([
      ['Eva Evi Schmidt', 'NEEDS-ACTION', 'TRUE', 'mailto:eva@example.org'],
      ['Team: Orga; Leitung', 'ACCEPTED', undefined, 'mailto:orga@example.org'],
    ]);
  });
});

describe('calendar properties', () => {
  const event: IcsEvent = {
    uid: 'e1@treffpunkt.example',
    sequence: 2,
    summary: 'Sprechstunde',
    description: 'Offen für alle',
    url: 'https://treffpunkt.example/events/e1?x=1,2',
    location: 'Online',
    categories: ['Sprechstunde'],
    status: 'CONFIRMED',
    transparent: false,
    created: new Date('2026-11-01T08:00:00.123Z'),
    lastModified: new Date('2026-11-20T09:30:00Z'),
    timeZone: 'Asia/Tokyo',
    start: '2027-05-10T10:00',
    end: '2027-05-10T11:00',
  };

  it('writes the exact, deterministic VCALENDAR', () => {
    const ics = buildCalendar({ name: 'Treffpunkt', events: [event], now: NOW, refreshMinutes: 60 });
    expect(buildCalendar({ name: 'Treffpunkt', events: [event], now: NOW, refreshMinutes: 60 })).toBe(ics);
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Treffpunkt//Events//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'NAME:Treffpunkt',
        'X-WR-CALNAME:Treffpunkt',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
        'BEGIN:VTIMEZONE',
        'TZID:Asia/Tokyo',
        'X-LIC-LOCATION:Asia/Tokyo',
        'BEGIN:STANDARD',
        'DTSTART:20260101T090000',
        'TZOFFSETFROM:+0900',
        'TZOFFSETTO:+0900',
        'TZNAME:JST',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:e1@treffpunkt.example',
        'DTSTAMP:20261121T100000Z',
        'DTSTART;TZID=Asia/Tokyo:20270510T100000',
        'DTEND;TZID=Asia/Tokyo:20270510T110000',
        'SEQUENCE:2',
        'SUMMARY:Sprechstunde',
        'DESCRIPTION:Offen für alle',
        'LOCATION:Online',
        'URL:https://treffpunkt.example/events/e1?x=1,2',
        'CATEGORIES:Sprechstunde',
        'STATUS:CONFIRMED',
        'TRANSP:OPAQUE',
        'CREATED:20261101T080000Z',
        'LAST-MODIFIED:20261120T093000Z',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('sets METHOD as asked; a CANCEL marks events cancelled', () => {
    const method = (m?: 'PUBLISH' | 'REQUEST' | 'CANCEL') =>
      parse(buildCalendar({ name: 'P', method: m, events: [event], now: NOW }));
    expect(method().getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(method('REQUEST').getFirstPropertyValue('method')).toBe('REQUEST');
    expect(method('REQUEST').getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe(
      'CONFIRMED',
    );
    const cancel = parse(
      buildCalendar({
        name: 'P',
        method: 'CANCEL',
        events: [{ ...event, status: undefined, sequence: 3 }],
        now: NOW,
      }),
    );
    expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('puts a UTC DTSTAMP on every VEVENT and refresh hints only when asked', () => {
    const ics = buildCalendar({
      name: 'P',
      events: [
        event,
        { ...event, uid: 'e2@x' },
        { uid: 'b@x', sequence: 0, summary: 'Pause', allDay: { start: '2027-07-01', end: '2027-09-01' } },
      ],
      now: new Date('2027-01-02T03:04:05.678Z'),
    });
    const calendar = parse(ics);
    for (const v of calendar.getAllSubcomponents('vevent')) {
      const stamp = v.getFirstProperty('dtstamp')!;
      expect(stamp.getFirstValue()!.toString()).toBe('2027-01-02T03:04:05Z');
    }
    expect(ics.match(/^DTSTAMP:20270102T030405Z\r$/gm)).toHaveLength(3);
    expect(ics).not.toContain('REFRESH-INTERVAL');
    expect(ics).not.toContain('X-PUBLISHED-TTL');
    expect(ics).not.toContain('BEGIN:VTIMEZONE\r\nTZID:Europe');
    expect(buildCalendar({ name: 'P', events: [], now: NOW, refreshMinutes: 1440 })).toContain(
      'X-PUBLISHED-TTL:P1D\r\n',
    );
    expect(buildCalendar({ name: 'P', events: [], now: NOW, refreshMinutes: 90 })).toContain(
      'REFRESH-INTERVAL;VALUE=DURATION:PT90M\r\n',
    );
  });

  it('writes all-day events as dates, with date EXDATEs and overrides', () => {
    const pause: IcsEvent = {
      uid: 'fokus@x',
      sequence: 0,
      summary: 'Fokustag',
      transparent: true,
      allDay: { start: '2027-07-01', end: '2027-07-02' },
      rrule: 'FREQ=WEEKLY;UNTIL=20270805T000000Z',
      exdates: ['2027-07-15'],
    };
    const moved: IcsEvent = {
      ...pause,
      sequence: 1,
      recurrenceId: '2027-07-22',
      allDay: { start: '2027-07-23', end: '2027-07-24' },
    };
    const ics = buildCalendar({ name: 'P', events: [pause, moved], now: NOW });
    expect(ics).toContain('\r\nDTSTART;VALUE=DATE:20270701\r\nDTEND;VALUE=DATE:20270702\r\n');
    expect(ics).toContain('\r\nRRULE:FREQ=WEEKLY;UNTIL=20270805\r\n');
    expect(ics).toContain('\r\nEXDATE;VALUE=DATE:20270715\r\n');
    expect(ics).toContain('\r\nRECURRENCE-ID;VALUE=DATE:20270722\r\n');
    expect(ics).toContain('\r\nTRANSP:TRANSPARENT\r\n');
    expect(ics).not.toContain('VTIMEZONE');
    const event = series(parse(ics), 'fokus@x');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2027-07-01');
    expect(event.endDate.toString()).toBe('2027-07-02');
    const occ = occurrences(event, '2028-01-01T00:00:00');
    expect(occ.map((t) => t.toString())).toEqual([
      '2027-07-01',
      '2027-07-08',
      '2027-07-22',
      '2027-07-29',
      '2027-08-05',
    ]);
    expect(event.getOccurrenceDetails(occ[2]!).startDate.toString()).toBe('2027-07-23');
  });

  it('turns a local or date UNTIL into UTC for zoned series', () => {
    const base = { uid: 'u@x', sequence: 0, summary: 'S', timeZone: BERLIN, start: '2027-06-01T19:00' };
    const rule = (rrule: string) =>
      /\r\nRRULE:(FREQ=WEEKLY.*)\r\n/.exec(
        buildCalendar({ name: 'P', events: [{ ...base, rrule }], now: NOW }),
      )![1];
    expect(rule('freq=weekly;until=20270630')).toBe('FREQ=WEEKLY;UNTIL=20270630T215959Z');
    expect(rule('RRULE:FREQ=WEEKLY;UNTIL=20270629T190000')).toBe('FREQ=WEEKLY;UNTIL=20270629T170000Z');
    expect(rule('FREQ=WEEKLY;UNTIL=20270629T170000Z')).toBe('FREQ=WEEKLY;UNTIL=20270629T170000Z');
    expect(() => rule('FREQ=WEEKLY\r\nX:Y')).toThrow(/not an RRULE/);
    expect(() => rule('BYDAY=TU')).toThrow(/not an RRULE/);
  });

  it('rejects events it cannot write correctly', () => {
    const build = (e: Partial<IcsEvent>) =>
      buildCalendar({ name: 'P', events: [{ uid: 'x@x', sequence: 0, summary: 'S', ...e }], now: NOW });
    expect(() => build({ start: '2027-01-01T10:00' })).toThrow(/timeZone/);
    expect(() => build({ timeZone: 'Mars/Olympus', start: '2027-01-01T10:00' })).toThrow(/timeZone/);
    expect(() => build({ timeZone: BERLIN })).toThrow(/start/);
    expect(() => build({ timeZone: BERLIN, start: '2027-02-30T10:00' })).toThrow(/local/);
    expect(() => build({ timeZone: BERLIN, start: '2027-01-01T10:00', end: '2027-01-01T09:00' })).toThrow(
      /after/,
    );
    expect(() => build({ allDay: { start: '2027-07-02', end: '2027-07-02' } })).toThrow(/exclusive/);
    expect(() => buildCalendar({ name: 'P', events: [], refreshMinutes: 0 })).toThrow(/refreshMinutes/);
  });
});

describe('VTIMEZONE', () => {
  /** One event per season and zone; ical.js must place each at the instant luxon computes. */
  it.each([
    [
      'America/New_York',
      ['2027-01-15T09:00', '2027-03-13T09:00', '2027-03-15T09:00', '2027-07-15T09:00', '2027-11-08T09:00'],
      2027,
    ],
    ['Asia/Tokyo', ['2027-01-15T09:00', '2027-07-15T09:00'], 2027],
    [
      'Australia/Sydney',
      ['2027-01-15T09:00', '2027-04-05T09:00', '2027-07-15T09:00', '2027-10-04T09:00', '2027-12-24T09:00'],
      2027,
    ],
    ['UTC', ['2027-01-15T09:00', '2027-07-15T09:00'], 2027],
  ])('%s gives the right UTC in every season', (zone, starts) => {
    const events = starts.map((start, i) => ({
      uid: `${i}@x`,
      sequence: 0,
      summary: 'S',
      timeZone: zone,
      start,
    }));
    const calendar = parse(buildCalendar({ name: 'P', events, now: NOW }));
    const vtimezones = calendar.getAllSubcomponents('vtimezone');
    expect(vtimezones).toHaveLength(1);
    expect(vtimezones[0]!.getFirstPropertyValue('x-lic-location')).toBe(zone);
    const kinds = vtimezones[0]!.getAllSubcomponents().map((c) => c.name);
    if (zone === 'Asia/Tokyo' || zone === 'UTC') expect(kinds).toEqual(['standard']);
    else expect(new Set(kinds)).toEqual(new Set(['standard', 'daylight']));
    for (const v of vtimezones[0]!.getAllSubcomponents())
      expect(v.getFirstPropertyValue('tzname')).toBeTruthy();
    calendar.getAllSubcomponents('vevent').forEach((v, i) => {
      const start = v.getFirstPropertyValue('dtstart') as Time;
      expect(start.zone!.tzid).toBe(zone);
      expect(start.toJSDate().toISOString(), `${zone} ${starts[i]}`).toBe(
        toInstant(starts[i]!, zone).toISOString(),
      );
    });
  });

  it('emits yearly rules: open-ended for the current rule, with UNTIL for a replaced one', () => {
    const ny = buildCalendar({
      name: 'P',
      events: [
        {
          uid: 'n@x',
          sequence: 0,
          summary: 'S',
          timeZone: 'America/New_York',
          start: '2006-01-10T09:00',
          rrule: 'FREQ=MONTHLY',
        },
      ],
      now: NOW,
    });
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z\r\n');
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n');
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n');
    const berlin = buildCalendar({
      name: 'P',
      events: [
        {
          uid: 'b@x',
          sequence: 0,
          summary: 'S',
          timeZone: BERLIN,
          start: '2027-01-12T19:00',
          rrule: 'FREQ=WEEKLY',
        },
      ],
      now: NOW,
    });
    const tz = berlin.slice(berlin.indexOf('BEGIN:VTIMEZONE'), berlin.indexOf('END:VTIMEZONE'));
    expect(tz).toBe(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Berlin',
        'X-LIC-LOCATION:Europe/Berlin',
        'BEGIN:DAYLIGHT',
        'DTSTART:20260329T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'TZNAME:CEST',
        'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
        'END:DAYLIGHT',
        'BEGIN:STANDARD',
        'DTSTART:20261025T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'TZNAME:CET',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'END:STANDARD',
        '',
      ].join('\r\n'),
    );
    // The open-ended series stays right for years: every occurrence until 2036 at 19:00 Berlin.
    const occ = occurrences(series(parse(berlin), 'b@x'), '2036-12-31T00:00:00');
    expect(occ.length).toBeGreaterThan(500);
    for (const t of occ) expect(t.toJSDate().toISOString()).toBe(toInstant(localOf(t), BERLIN).toISOString());
  });

  /** Offset changes per luxon, to the minute: an independent scan (hourly, then bisection). */
  function luxonTransitions(zone: string, from: number, to: number): number[] {
    const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
    const found: number[] = [];
    for (let t = from; t < to; t += 3_600_000) {
      if (offset(t) === offset(t + 3_600_000)) continue;
      let lo = t;
      let hi = t + 3_600_000;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offset(mid) === offset(lo)) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    return found;
  }

  it.each([
    ['Europe/Berlin', 2025, 2030],
    ['America/New_York', 2005, 2009],
    ['Australia/Sydney', 2005, 2010],
    ['America/Sao_Paulo', 2016, 2021],
    ['Asia/Jerusalem', 2011, 2015],
    ['Africa/Casablanca', 2018, 2022],
    ['Pacific/Auckland', 2026, 2029],
    ['Asia/Kolkata', 2026, 2027],
    ['Europe/Dublin', 2026, 2028],
  ])('%s matches the IANA data around every change, %i–%i', (zone, fromYear, toYear) => {
    const ics = buildCalendar({
      name: 'P',
      events: [
        {
          uid: 'z@x',
          sequence: 0,
          summary: 'S',
          timeZone: zone,
          start: `${fromYear}-01-01T12:00`,
          rrule: `FREQ=DAILY;UNTIL=${toYear}1231T000000Z`,
        },
      ],
      now: NOW,
    });
    const calendar = parse(ics);
    const tz = calendar.getFirstSubcomponent('vtimezone')!;
    const icalZone = new ICAL.Timezone(tz);
    /** ical.js' instant for a wall-clock time in the zone. */
    const instant = (local: DateTime) =>
      ICAL.Time.fromData(
        { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute },
        icalZone,
      ).toUnixTime() * 1000;

    // Noon every day.
    const days: string[] = [];
    for (
      let d = DateTime.fromISO(`${fromYear}-01-01T12:00`, { zone });
      d.year <= toYear;
      d = d.plus({ days: 1 })
    ) {
      if (instant(d) !== d.toMillis()) days.push(d.toISO()!);
    }
    expect(days).toEqual([]);

    // Just before and after each change (outside the skipped or repeated wall-clock hour).
    const changes = luxonTransitions(zone, Date.UTC(fromYear, 0, 1), Date.UTC(toYear + 1, 0, 1));
    if (zone !== 'Asia/Kolkata') expect(changes.length).toBeGreaterThan(0);
    for (const at of changes) {
      const before = DateTime.fromMillis(at - 1, { zone });
      const after = DateTime.fromMillis(at, { zone });
      const margin = Math.abs(after.offset - before.offset) * 60_000 + 60_000;
      for (const ms of [at - margin, at + margin]) {
        const local = DateTime.fromMillis(ms, { zone });
        expect(new Date(instant(local)).toISOString(), `${zone} ${local.toISO()}`).toBe(
          new Date(ms).toISOString(),
        );
      }
    }
  });
});
