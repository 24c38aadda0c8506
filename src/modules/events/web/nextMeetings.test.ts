import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Break, CalendarRange, Occurrence } from '../schema.ts';
import calendarDe from './i18n/calendar.de.json' with { type: 'json' };
import de from './i18n/home.de.json' with { type: 'json' };
import en from './i18n/home.en.json' with { type: 'json' };
import sv from './i18n/home.sv.json' with { type: 'json' };
import { nextMeetings } from './nextMeetings.ts';

function occ(title: string, startsAt: string, o: Partial<Occurrence> = {}): Occurrence {
  return {
    eventId: title.toLowerCase(),
    key: startsAt.slice(0, 16),
    title,
    startsAt,
    endsAt: startsAt,
    startsLocal: startsAt.slice(0, 16),
    endsLocal: startsAt.slice(0, 16),
    timeZone: 'Europe/Berlin',
    format: 'online',
    placeName: '',
    audience: 'members',
    space: null,
    series: true,
    changed: false,
    cancelled: false,
    note: '',
    capacity: null,
    taken: 0,
    waitlisted: 0,
    myStatus: null,
    mySeries: false,
    hasVideo: false,
    ...o,
  };
}

const brk = (title: string, startsOn: string, endsOn: string): Break => ({
  id: title,
  title,
  startsOn,
  endsOn,
  message: '',
});

const range = (r: Partial<CalendarRange> = {}): CalendarRange => ({
  items: [],
  breaks: [],
  focusDays: [],
  currentBreak: null,
  nextBreak: null,
  ...r,
});

const going = { myStatus: 'going' as const };
const barcamp = occ('Barcamp', '2026-12-02T18:00:00.000Z');
const office = occ('Sprechstunde', '2026-12-03T17:00:00.000Z');
const workshop = occ('Workshop', '2026-12-12T09:00:00.000Z', going);
const masterminds = ['2026-12-01', '2026-12-15', '2027-01-12'].map((d) =>
  occ('Mastermind', `${d}T18:00:00.000Z`, going),
);

describe('the home page card "Nächste Treffen"', () => {
  it('shows my own dates first, even when others come sooner', () => {
    const v = nextMeetings(masterminds, range({ items: [masterminds[0]!, barcamp, office] }), '2026-11-21');
    expect(v.kind).toBe('list');
    expect(v.items.map((o) => o.startsAt.slice(0, 10))).toEqual(['2026-12-01', '2026-12-15', '2027-01-12']);
  });

  it('fills free places with the next other dates, in time order and each date once', () => {
    const all = range({ items: [barcamp, office, workshop] });
    const v = nextMeetings([workshop], all, '2026-11-21');
    expect(v.items.map((o) => o.title)).toEqual(['Barcamp', 'Sprechstunde', 'Workshop']);
    expect(nextMeetings([], all, '2026-11-21').items).toHaveLength(3);
  });

  it('announces a break that is on, or that begins within 30 days', () => {
    const winter = brk('Winterpause', '2026-12-20', '2027-01-06');
    const soon = nextMeetings([], range({ items: [office], nextBreak: winter }), '2026-11-21');
    expect(soon.nextBreak?.title).toBe('Winterpause');
    const later = nextMeetings([], range({ items: [office], nextBreak: winter }), '2026-11-19');
    expect(later.nextBreak).toBeNull();
    // During the break without dates: the banner ("keine Live-Treffen bis …") instead of a list.
    const during = nextMeetings([], range({ currentBreak: winter, breaks: [winter] }), '2026-12-24');
    expect(during).toMatchObject({ kind: 'break', currentBreak: winter, nextBreak: null, items: [] });
  });

  it('says "nothing planned" when the programme has something later, and hides without any programme', () => {
    const summer = brk('Sommerpause', '2027-07-01', '2027-08-31');
    expect(nextMeetings([], range({ breaks: [summer], nextBreak: summer }), '2026-11-21').kind).toBe('empty');
    expect(nextMeetings([], range(), '2026-11-21').kind).toBe('hidden');
    // A break soon but no dates before it: the line and the break, not the break alone.
    const winter = brk('Winterpause', '2026-12-20', '2027-01-06');
    expect(nextMeetings([], range({ nextBreak: winter }), '2026-11-21')).toMatchObject({
      kind: 'empty',
      nextBreak: winter,
    });
  });

  it('has its strings in German, English and Swedish', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: {
        de: { translation: { events: { ...calendarDe.events, ...de.events } } },
        en: { translation: en },
        sv: { translation: sv },
      },
      lng: 'de',
    });
    expect(i18n.t('events.home.title')).toBe('Nächste Treffen');
    expect(i18n.t('events.home.empty')).toBe('Gerade sind keine Treffen geplant.');
    expect(i18n.t('events.calendar.status.going')).toBe('Du bist dabei');
    expect(i18n.getFixedT('en')('events.home.title')).toBe('Next meetings');
    expect(i18n.getFixedT('sv')('events.home.title')).toBe('Kommande träffar');
  });
});
