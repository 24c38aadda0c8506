import { addStrings } from '../../../web/i18n/index.ts';
import commonDe from './i18n/common.de.json' with { type: 'json' };
import commonEn from './i18n/common.en.json' with { type: 'json' };
import commonSv from './i18n/common.sv.json' with { type: 'json' };
import memberDe from './i18n/member.de.json' with { type: 'json' };
import memberEn from './i18n/member.en.json' with { type: 'json' };
import memberSv from './i18n/member.sv.json' with { type: 'json' };
import peopleDe from './i18n/people.de.json' with { type: 'json' };
import peopleEn from './i18n/people.en.json' with { type: 'json' };
import peopleSv from './i18n/people.sv.json' with { type: 'json' };
import setupDe from './i18n/setup.de.json' with { type: 'json' };
import setupEn from './i18n/setup.en.json' with { type: 'json' };
import setupSv from './i18n/setup.sv.json' with { type: 'json' };

/**
 * The memberships pages' strings, under `memberships.*`. Every memberships page imports this module,
 * so the strings travel in the lazily loaded page chunks, not in the first bundle.
 */
for (const [de, en, sv] of [
  [commonDe, commonEn, commonSv],
  [setupDe, setupEn, setupSv],
  [peopleDe, peopleEn, peopleSv],
  [memberDe, memberEn, memberSv],
] as const) {
  addStrings({ de, en, sv });
}
