import { describe, expect, it } from 'vitest';
import type { Repeat } from '../schema.ts';
import { expandLocal, isOccurrence, lastLocal, toRrule } from './recurrence.ts';
import { toInstant } from './tz.ts';

const r = (x: Partial<Repeat> & Pick<Repeat, 'freq'>): Repeat => ({
  interval: 1,
  weekdays: [],
  setPos: null,
  until: null,
  count: null,
  ...x,
});

describe('repeat rules', () => {
  it('every 14 days keeps the wall-clock time over the DST change', () => {
    const dates = expandLocal(
      r({ freq: 'weekly', interval: 2 }),
      '2027-03-16T19:00',
      '2027-03-01T00:00',
      '2027-04-30T23:59',
    );
    expect(dates).toEqual(['2027-03-16T19:00', '2027-03-30T19:00', '2027-04-13T19:00', '2027-04-27T19:00']);
    // 16 March is CET (18:00 UTC), 30 March CEST (17:00 UTC).
    expect(toInstant(dates[0]!, 'Europe/Berlin').toISOString()).toBe('2027-03-16T18:00:00.000Z');
    expect(toInstant(dates[1]!, 'Europe/Berlin').toISOString()).toBe('2027-03-30T17:00:00.000Z');
  });

  it('monthly on the 2nd Tuesday and on the last Friday', () => {
    const second = r({ freq: 'monthly', weekdays: [1], setPos: 2 });
    expect(toRrule(second, '2027-01-12T19:00', 'Europe/Berlin')).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(expandLocal(second, '2027-01-12T19:00', '2027-01-01T00:00', '2027-04-30T00:00')).toEqual([
      '2027-01-12T19:00',
      '2027-02-09T19:00',
      '2027-03-09T19:00',
      '2027-04-13T19:00',
    ]);
    const last = r({ freq: 'monthly', weekdays: [4], setPos: -1 });
    expect(expandLocal(last, '2027-01-29T10:00', '2027-01-01T00:00', '2027-03-31T23:59')).toEqual([
      '2027-01-29T10:00',
      '2027-02-26T10:00',
      '2027-03-26T10:00',
    ]);
  });

  it('ends on a date (UNTIL in UTC) or after a count; open-ended series have no last date', () => {
    const until = r({ freq: 'weekly', until: '2027-02-02' });
    expect(toRrule(until, '2027-01-12T19:00', 'Europe/Berlin')).toBe(
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270202T225900Z',
    );
    expect(lastLocal(until, '2027-01-12T19:00')).toBe('2027-02-02T19:00');
    expect(lastLocal(r({ freq: 'weekly', count: 4 }), '2027-09-06T19:00')).toBe('2027-09-27T19:00');
    expect(lastLocal(r({ freq: 'weekly' }), '2027-09-06T19:00')).toBeNull();
  });

  it('knows its own dates: a key off the rule is not one', () => {
    const rule = r({ freq: 'weekly', interval: 2 });
    expect(isOccurrence(rule, '2027-01-12T19:00', '2027-01-26T19:00')).toBe(true);
    expect(isOccurrence(rule, '2027-01-12T19:00', '2027-01-19T19:00')).toBe(false);
    expect(isOccurrence(rule, '2027-01-12T19:00', '2027-01-26T18:00')).toBe(false);
  });

  it('a time skipped by the spring-forward jump moves forward by the gap', () => {
    expect(toInstant('2027-03-28T02:30', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('a window late in a long series gives the same dates as walking from its start', () => {
    const rules: [Repeat, string][] = [
      [r({ freq: 'weekly', interval: 2 }), '2025-01-14T19:00'],
      [r({ freq: 'weekly', weekdays: [1, 3] }), '2025-01-14T08:30'],
      [r({ freq: 'weekly', interval: 3, weekdays: [0, 4], until: '2029-06-30' }), '2025-02-03T18:00'],
      [r({ freq: 'daily', interval: 5 }), '2025-03-01T07:00'],
      [r({ freq: 'monthly', weekdays: [1], setPos: 2 }), '2025-01-14T19:00'],
      [r({ freq: 'monthly', weekdays: [4], setPos: -1, interval: 2 }), '2025-01-31T10:00'],
      [r({ freq: 'monthly', interval: 3 }), '2025-01-15T12:00'],
      [r({ freq: 'monthly' }), '2025-01-31T12:00'],
    ];
    for (const [rule, start] of rules) {
      const all = expandLocal(rule, start, start, '2030-12-31T23:59');
      for (const [from, to] of [
        ['2027-03-01T00:00', '2027-04-15T00:00'],
        ['2028-12-20T00:00', '2029-01-10T00:00'],
        ['2026-07-07T08:30', '2026-07-30T08:30'],
        ['2030-02-01T00:00', '2030-03-01T00:00'],
      ] as const) {
        const expected = all.filter((d) => d >= from && d <= to);
        expect(expandLocal(rule, start, from, to), `${JSON.stringify(rule)} ${from}`).toEqual(expected);
      }
    }
  });
});
