import { addStrings } from '../../../web/i18n/index.ts';
import calendarDe from './i18n/calendar.de.json' with { type: 'json' };
import calendarEn from './i18n/calendar.en.json' with { type: 'json' };
import calendarSv from './i18n/calendar.sv.json' with { type: 'json' };
import homeDe from './i18n/home.de.json' with { type: 'json' };
import homeEn from './i18n/home.en.json' with { type: 'json' };
import homeSv from './i18n/home.sv.json' with { type: 'json' };
import hostDe from './i18n/host.de.json' with { type: 'json' };
import hostEn from './i18n/host.en.json' with { type: 'json' };
import hostSv from './i18n/host.sv.json' with { type: 'json' };

/**
 * The events pages' strings, under `events.*` (members' pages in `calendar`, hosts' in `host`). Every
 * events page imports this module, so the strings load with the page chunks, not the first bundle.
 */
for (const [de, en, sv] of [
  [calendarDe, calendarEn, calendarSv],
  [hostDe, hostEn, hostSv],
  [homeDe, homeEn, homeSv],
] as const) {
  addStrings({ de, en, sv });
}
