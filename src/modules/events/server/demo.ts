import type { Kysely } from 'kysely';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Repeat } from '../schema.ts';
import { expandLocal, lastLocal, toRrule } from './recurrence.ts';
import { addLocalMinutes, type Local, localDate, toInstant, toLocal } from './tz.ts';

/** What the events demo seeder needs; the demo runner provides it. */
export interface EventsDemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: the demo writes the module's own tables
  trx: Kysely<any>;
  people: Map<string, { id: string; name: string }>;
  log(line: string): void;
}

const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;

function repeat(r: Partial<Repeat> & Pick<Repeat, 'freq'>): Repeat {
  return { interval: 1, weekdays: [], setPos: null, until: null, count: null, ...r };
}

/** The local date `days` from today, moved to the given weekday (0 = Monday) on or after it. */
function dayFrom(days: number, weekday: number, time: string): Local {
  const d = new Date(Date.now() + days * DAY);
  const shift = (weekday - ((d.getUTCDay() + 6) % 7) + 7) % 7;
  return `${localDate(toLocal(new Date(d.getTime() + shift * DAY), ZONE))}T${time}`;
}

/**
 * Seed 001's programme: the biweekly Stufe-2 mastermind, a monthly open office hour for beginners, a
 * monthly mini-barcamp, two implementation sprints a year, the summer and winter breaks and a focus
 * day; plus a booked-out workshop with a waitlist, RSVPs and attendance for past meetings.
 */
export async function seedDemo(ctx: EventsDemoContext): Promise<void> {
  const { trx } = ctx;
  const person = (key: string) => ctx.people.get(key)!.id;
  const spaces = await trx.selectFrom('spaces').select(['id', 'name']).execute();
  const space = (name: string) => (spaces.find((s) => s.name === name)?.id as string | undefined) ?? null;
  const s2 = (await trx.selectFrom('tiers').select('id').where('name', '=', 'Stufe 2').executeTakeFirst())
    ?.id as string | undefined;
  const year = Number(localDate(toLocal(new Date(), ZONE)).slice(0, 4));

  for (const [title, startsOn, endsOn, message] of [
    [
      'Sommerpause',
      `${year + 1}-07-01`,
      `${year + 1}-08-31`,
      'Im Juli und August gibt es keine Live-Treffen. Der Austausch im Forum läuft weiter.',
    ],
    [
      'Winterpause',
      `${year}-12-20`,
      `${year + 1}-01-06`,
      'Zwischen den Jahren machen wir Pause. Ab dem 7. Januar geht es weiter.',
    ],
  ] as const) {
    await trx
      .insertInto('event_breaks')
      .values({
        id: uuidv7(),
        title,
        starts_on: startsOn,
        ends_on: endsOn,
        message,
        created_by: person('owner'),
      })
      .execute();
  }

  async function event(e: {
    title: string;
    description: string;
    startsLocal: Local;
    minutes: number;
    repeat?: Repeat;
    format: 'online' | 'onsite' | 'hybrid';
    place?: { name: string; address: string; map: string };
    video?: 'jitsi' | 'bbb' | 'link';
    space?: string | null;
    audience: 'public' | 'members' | 'restricted';
    grants?: string[];
    hosts: string[];
    capacity?: number;
    maxGuests?: number;
    deadline?: number;
  }): Promise<string> {
    const id = uuidv7();
    const endsLocal = addLocalMinutes(e.startsLocal, e.minutes);
    const last = e.repeat ? lastLocal(e.repeat, e.startsLocal) : null;
    await trx
      .insertInto('events')
      .values({
        id,
        space_id: e.space ?? null,
        title: e.title,
        description: e.description,
        time_zone: ZONE,
        starts_local: e.startsLocal,
        ends_local: endsLocal,
        starts_at: toInstant(e.startsLocal, ZONE),
        ends_at: toInstant(endsLocal, ZONE),
        repeat: e.repeat ? JSON.stringify(e.repeat) : null,
        rrule: e.repeat ? toRrule(e.repeat, e.startsLocal, ZONE) : null,
        series_until: last ? new Date(toInstant(last, ZONE).getTime() + e.minutes * 60_000 + DAY) : null,
        format: e.format,
        place_name: e.place?.name ?? '',
        place_address: e.place?.address ?? '',
        map_url: e.place?.map ?? '',
        video_provider: e.video ?? null,
        audience: e.audience,
        capacity: e.capacity ?? null,
        max_guests: e.maxGuests ?? 0,
        rsvp_deadline_minutes: e.deadline ?? null,
        created_by: person('owner'),
      })
      .execute();
    if (e.grants?.length)
      await trx
        .insertInto('event_grants')
        .values(e.grants.map((g) => ({ event_id: id, grant_key: g })))
        .execute();
    await trx
      .insertInto('event_hosts')
      .values(e.hosts.map((h) => ({ event_id: id, user_id: person(h) })))
      .execute();
    return id;
  }

  const lounge = space('Austausch');
  const mastermindStart = dayFrom(-84, 1, '19:00');
  const mastermind = await event({
    title: 'Mastermind',
    description:
      'Alle 14 Tage am Dienstagabend: eine feste Runde von höchstens acht Leuten, in der jede*r ein Anliegen mitbringen kann. Wir arbeiten mit festen Redezeiten, damit alle drankommen.\n\n**Bitte sei pünktlich** – wir starten mit einer kurzen Ankommensrunde.',
    startsLocal: mastermindStart,
    minutes: 90,
    capacity: 8,
    repeat: repeat({ freq: 'weekly', interval: 2 }),
    format: 'online',
    video: 'jitsi',
    space: space('Mastermind'),
    audience: s2 ? 'restricted' : 'members',
    grants: s2 ? [`tier:${s2}`] : [],
    hosts: ['owner'],
  });
  const office = await event({
    title: 'Offene Sprechstunde für Einsteiger*innen',
    description:
      'Einmal im Monat: Fragen zum Start in der Community, zu Arbeitshilfen und zur Technik. Keine Anmeldung nötig.',
    startsLocal: dayFrom(-60, 3, '18:00'),
    minutes: 60,
    repeat: repeat({ freq: 'monthly', weekdays: [3], setPos: 1 }),
    format: 'online',
    video: 'jitsi',
    space: lounge,
    audience: 'members',
    hosts: ['admin'],
  });
  await event({
    title: 'Mini-Barcamp',
    description:
      'Jeden Monat am 3. Mittwoch: Ihr bringt die Themen mit, wir bauen gemeinsam den Sessionplan. Vor Ort im Kulturhaus oder online dazu.',
    startsLocal: dayFrom(-45, 2, '19:00'),
    minutes: 120,
    repeat: repeat({ freq: 'monthly', weekdays: [2], setPos: 3 }),
    format: 'hybrid',
    place: {
      name: 'Kulturhaus Eppendorf',
      address: 'Julius-Reincke-Stieg 13a, 20251 Hamburg',
      map: 'https://www.openstreetmap.org/search?query=Kulturhaus%20Eppendorf',
    },
    video: 'jitsi',
    space: lounge,
    audience: 'members',
    hosts: ['owner', 'moderator'],
  });
  for (const [name, month] of [
    ['Umsetzungssprint Frühjahr', 3],
    ['Umsetzungssprint Herbst', 9],
  ] as const) {
    const y = month === 9 && new Date().getUTCMonth() + 1 < 9 ? year : year + 1;
    // The month's first Monday (a series' first date is its start, whatever weekday that is).
    const firstDay = new Date(Date.UTC(y, month - 1, 1));
    const toMonday = (8 - firstDay.getUTCDay()) % 7;
    const monday = `${y}-${String(month).padStart(2, '0')}-${String(1 + toMonday).padStart(2, '0')}T19:00`;
    await event({
      title: name,
      description:
        'Vier Wochen, kleine Gruppen, jede*r an einem eigenen Vorhaben. Montags treffen wir uns zum Check-in.',
      startsLocal: monday,
      minutes: 60,
      repeat: repeat({ freq: 'weekly', count: 4 }),
      format: 'online',
      video: 'jitsi',
      // The autumn sprint has its own space; the spring one meets in the lounge until it gets one.
      space: name === 'Umsetzungssprint Herbst' ? space(name) : lounge,
      audience: 'members',
      hosts: ['admin'],
    });
  }
  const workshopStart = dayFrom(18, 5, '10:00');
  const workshop = await event({
    title: 'Workshop: Ressourcen im Blick behalten',
    description:
      'Ein Vormittag mit Übungen in kleiner Runde. Die Plätze sind begrenzt – wenn es voll ist, kommst du auf die Warteliste.',
    startsLocal: workshopStart,
    minutes: 180,
    format: 'onsite',
    place: {
      name: 'Institut, Seminarraum 2',
      address: 'Lindenallee 12, 20259 Hamburg',
      map: 'https://www.openstreetmap.org/search?query=Lindenallee%2012%20Hamburg',
    },
    audience: 'members',
    hosts: ['owner'],
    capacity: 8,
    maxGuests: 1,
    deadline: 24 * 60,
  });

  // The workshop is booked out: eight places taken (one brought a guest), three people waiting.
  const going = ['member', 'lukas', 'anna', 'felix', 'katharina', 'linnea', 'markus'];
  const waiting = ['sophie', 'nina', 'stefan'];
  let seq = 0;
  for (const key of [...going, ...waiting]) {
    seq++;
    await trx
      .insertInto('event_rsvps')
      .values({
        event_id: workshop,
        occurrence: workshopStart,
        user_id: person(key),
        status: going.includes(key) ? 'going' : 'waitlisted',
        guests: key === 'anna' ? 1 : 0,
        created_at: new Date(Date.now() - (20 - seq) * 3_600_000),
      })
      .execute();
  }
  // Stufe-2 members follow the whole mastermind series; the office hour has regulars.
  for (const key of ['anna', 'katharina', 'markus']) {
    await trx
      .insertInto('event_rsvps')
      .values({ event_id: mastermind, occurrence: '-infinity', user_id: person(key), status: 'going' })
      .execute();
  }
  // Attendance of past meetings, for the members' history (and later badges).
  const past = expandLocal(
    repeat({ freq: 'weekly', interval: 2 }),
    mastermindStart,
    mastermindStart,
    toLocal(new Date(), ZONE),
  );
  for (const original of past) {
    for (const key of ['anna', 'katharina', 'markus'].slice(0, original === past[0] ? 2 : 3)) {
      await trx
        .insertInto('event_attendance')
        .values({
          event_id: mastermind,
          occurrence: original,
          user_id: person(key),
          marked_by: person('owner'),
        })
        .execute();
    }
  }
  const pastOffice = expandLocal(
    repeat({ freq: 'monthly', weekdays: [3], setPos: 1 }),
    dayFrom(-60, 3, '18:00'),
    dayFrom(-60, 3, '18:00'),
    toLocal(new Date(), ZONE),
  );
  for (const original of pastOffice) {
    for (const key of ['member', 'felix', 'linnea', 'emily']) {
      await trx
        .insertInto('event_attendance')
        .values({
          event_id: office,
          occurrence: original,
          user_id: person(key),
          source: 'import',
          marked_by: person('admin'),
        })
        .execute();
    }
  }

  const focusDay = localDate(dayFrom(12, 4, '09:00'));
  await trx
    .insertInto('event_focus_days')
    .values({
      id: uuidv7(),
      day: focusDay,
      theme: 'Fokustag: Selbstfürsorge im Berufsalltag',
      description:
        'Heute sammeln wir im Austausch, was euch hilft, gut für euch zu sorgen. Teilt eure kleinen und großen Strategien!',
      space_id: lounge,
      created_by: person('owner'),
    })
    .execute();
  ctx.log(
    'Programm: Mastermind (14-tägig), Sprechstunde, Mini-Barcamp, 2 Sprints, Sommer- und Winterpause, ein Fokustag, ein ausgebuchter Workshop mit Warteliste',
  );
}
