import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import de from '../i18n/calendar.de.json' with { type: 'json' };
import en from '../i18n/calendar.en.json' with { type: 'json' };
import sv from '../i18n/calendar.sv.json' with { type: 'json' };
import { addMonths, breaksBefore, firstDayOfWeek, isDay, monthGrid, startOfWeek } from './dates.ts';
import { offsetLabel } from './reminders.ts';
import { describeRepeat } from './repeat.ts';

const i18n = i18next.createInstance();
await i18n.init({
  resources: { de: { translation: de }, en: { translation: en }, sv: { translation: sv } },
  lng: 'de',
  interpolation: { escapeValue: false },
});
const t = (lng: string) => i18n.getFixedT(lng);
const repeat = (r: Partial<Parameters<typeof describeRepeat>[1]>) => ({
  freq: 'weekly' as const,
  interval: 1,
  weekdays: [],
  setPos: null,
  until: null,
  count: null,
  ...r,
});

describe('breaks in the list view', () => {
  const winter = { id: 'w', startsOn: '2026-12-20' };
  const summer = { id: 's', startsOn: '2027-07-01' };
  it('stand before the first day after them, once', () => {
    const days = ['2026-12-16', '2027-01-07', '2027-01-20'];
    const placed = days.map((d, i) =>
      breaksBefore([winter, summer], i === 0 ? '2026-11-21' : days[i - 1]!, d),
    );
    expect(placed.map((b) => b.map((x) => x.id))).toEqual([[], ['w'], []]);
  });
  it('a break beginning today is left to the banner; one beginning on a listed day stands before it', () => {
    expect(breaksBefore([winter], '2026-12-20', '2027-01-07')).toEqual([]);
    expect(breaksBefore([winter], '2026-12-19', '2026-12-20')).toEqual([winter]);
  });
});

describe('calendar days', () => {
  it('builds whole weeks around a month, Monday or Sunday first', () => {
    const mon = monthGrid('2026-12-15', 1);
    expect(mon[0]![0]).toBe('2026-11-30');
    expect(mon.at(-1)![6]).toBe('2027-01-03');
    expect(mon.every((w) => w.length === 7)).toBe(true);
    const sun = monthGrid('2026-12-15', 0);
    expect(sun[0]![0]).toBe('2026-11-29');
    expect(startOfWeek('2026-11-21', 1)).toBe('2026-11-16');
  });

  it('steps months from any day and checks day strings', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-01');
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-01');
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('x')).toBe(false);
  });

  it('starts weeks on Monday in German and Swedish', () => {
    expect(firstDayOfWeek('de-DE')).toBe(1);
    expect(firstDayOfWeek('sv-SE')).toBe(1);
    expect(firstDayOfWeek('en-US')).toBe(0);
  });
});

describe('series in words', () => {
  it('says "alle 14 Tage dienstags" and friends', () => {
    const de = t('de');
    expect(describeRepeat(de, repeat({ interval: 2, weekdays: [1] }), '2026-11-24T19:00', 'de-DE')).toBe(
      'alle 14 Tage dienstags',
    );
    expect(describeRepeat(de, repeat({ weekdays: [1, 3] }), '2026-11-24T19:00', 'de-DE')).toBe(
      'jede Woche dienstags und donnerstags',
    );
    // No weekdays: the start's weekday (2026-11-24 is a Tuesday).
    expect(describeRepeat(de, repeat({}), '2026-11-24T19:00', 'de-DE')).toBe('jede Woche dienstags');
    expect(
      describeRepeat(
        de,
        repeat({ freq: 'monthly', weekdays: [5], setPos: -1, until: '2027-12-31' }),
        '2026-11-28T10:00',
        'de-DE',
      ),
    ).toBe('jeden letzten Samstag im Monat, bis 31. Dezember 2027');
    expect(describeRepeat(de, repeat({ freq: 'monthly', count: 6 }), '2026-11-12T10:00', 'de-DE')).toBe(
      'jeden Monat am 12., 6 Termine',
    );
    expect(describeRepeat(de, repeat({ freq: 'daily', interval: 3 }), '2026-11-12T10:00', 'de-DE')).toBe(
      'alle 3 Tage',
    );
  });

  it('speaks English and Swedish too', () => {
    expect(describeRepeat(t('en'), repeat({ interval: 2, weekdays: [1] }), '2026-11-24T19:00', 'en-GB')).toBe(
      'every two weeks on Tuesdays',
    );
    expect(
      describeRepeat(
        t('sv'),
        repeat({ freq: 'monthly', weekdays: [1], setPos: 2 }),
        '2026-11-10T19:00',
        'sv-SE',
      ),
    ).toBe('andra tisdagen varje månad');
  });
});

describe('reminder times', () => {
  it('names the presets', () => {
    const de = t('de');
    expect([10080, 1440, 180, 60, 15].map((m) => offsetLabel(de, m))).toEqual([
      '1 Woche vorher',
      '1 Tag vorher',
      '3 Stunden vorher',
      '1 Stunde vorher',
      '15 Minuten vorher',
    ]);
  });
});
