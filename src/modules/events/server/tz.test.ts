import { IANAZone } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addLocalMinutes,
  floating,
  fromFloating,
  isLocal,
  localMinutes,
  reference,
  toInstant,
  toLocal,
} from './tz.ts';

// The fast paths in tz.ts against luxon (the reference), around every offset change of a few zones.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney', // southern hemisphere
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kolkata', // +05:30, no DST
  'America/St_Johns', // -03:30 with DST
  'Africa/Casablanca', // Ramadan changes
  'Pacific/Apia', // skipped a whole day (2011-12-30)
  'Europe/Moscow', // permanent changes 2011, 2014
  'America/Sao_Paulo', // DST abolished 2019
  'UTC',
];

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
const fmt = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

/** Days (their end, ms) in [from, to) in which a zone's offset changes, found the slow way. */
function changes(zone: string, from: number, to: number): number[] {
  const z = IANAZone.create(zone);
  const out: number[] = [];
  let prev = z.offset(from);
  for (let t = from + 24 * HOUR; t < to; t += 24 * HOUR) {
    const o = z.offset(t);
    if (o !== prev) out.push(t);
    prev = o;
  }
  return out;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('tz fast paths', () => {
  for (const zone of ZONES) {
    it(`toInstant and toLocal match luxon in ${zone} around every change 2015–2030`, () => {
      const at = changes(zone, Date.UTC(2015, 0, 1), Date.UTC(2031, 0, 1));
      // Every quarter hour of the day of each change and a few hours either side, plus two plain days.
      const probes = [...at, Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)];
      // Ambiguous times depend on the current offset (luxon's first guess): try both seasons.
      for (const now of [Date.UTC(2026, 0, 15, 12), Date.UTC(2026, 6, 15, 12)]) {
        vi.useFakeTimers({ now, toFake: ['Date'] });
        for (const t of probes) {
          for (let ms = t - 30 * HOUR; ms <= t + 6 * HOUR; ms += 15 * 60_000) {
            const local = fmt(ms);
            expect(toInstant(local, zone).getTime(), `${local} ${zone}`).toBe(
              reference.toInstant(local, zone).getTime(),
            );
            const instant = new Date(ms + 7 * 60_000 + 13_000);
            expect(toLocal(instant, zone), `${instant.toISOString()} ${zone}`).toBe(
              reference.toLocal(instant, zone),
            );
          }
        }
      }
    });
  }

  it('keeps luxon’s answers for seconds, far years and bad input', () => {
    for (const local of ['2026-03-29T02:30:45', '1905-06-01T12:00', '2300-01-01T10:00', '0050-02-01T09:00']) {
      expect(toInstant(local, 'Europe/Berlin').getTime()).toBe(
        reference.toInstant(local, 'Europe/Berlin').getTime(),
      );
    }
    expect(Number.isNaN(toInstant('2026-02-30T10:00', 'Europe/Berlin').getTime())).toBe(true);
    expect(Number.isNaN(toInstant('2026-03-01T10:00', 'Mars/Olympus').getTime())).toBe(true);
    expect(() => toInstant('2026-03-01 10:00', 'Europe/Berlin')).toThrow(/Not a local time/);
    expect(toLocal(new Date(Date.UTC(2200, 5, 1, 12)), 'Europe/Berlin')).toBe(
      reference.toLocal(new Date(Date.UTC(2200, 5, 1, 12)), 'Europe/Berlin'),
    );
  });

  it('wall-clock arithmetic and validation match luxon', () => {
    const values = [
      '2026-01-31T23:30',
      '2024-02-28T23:59',
      '2024-02-29T10:00',
      '2025-02-29T10:00',
      '2026-04-31T10:00',
      '2026-13-01T10:00',
      '2026-00-10T10:00',
      '2026-01-00T10:00',
      '2026-01-10T24:00',
      '2026-01-10T24:00:00',
      '2026-01-10T23:60',
      '2026-01-10T23:59:59',
      '2026-01-10T23:59:60',
      '1900-02-29T10:00',
      '2000-02-29T10:00',
      '0099-12-31T23:00',
      '2026-1-10T10:00',
      '2026-01-10T10:00Z',
      '',
    ];
    for (const v of values) expect(isLocal(v), v).toBe(reference.isLocal(v));
    for (const v of values.filter((x) => reference.isLocal(x))) {
      for (const minutes of [0, 1, 59, 90, 1439, 1440, 60 * 24 * 400, -30, -1440 * 3]) {
        expect(addLocalMinutes(v, minutes), `${v} + ${minutes}`).toBe(reference.addLocalMinutes(v, minutes));
      }
      expect(localMinutes('2024-02-28T19:00', v)).toBe(reference.localMinutes('2024-02-28T19:00', v));
      expect(fromFloating(floating(v))).toBe(v.slice(0, 16));
    }
    expect(localMinutes('2026-03-28T19:00', '2026-03-29T21:30')).toBe(26 * 60 + 30);
  });
});
