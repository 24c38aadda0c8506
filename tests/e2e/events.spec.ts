import { expect, type Page, test } from '@playwright/test';
import { BASE, ensureSetup, expectAccessible, MAIL_SINK, member, OWNER, signIn } from './support.ts';

// Journey of the programme calendar (seed 001): the host declares the summer and winter breaks and a
// focus day, then sets up a mastermind every 14 days, a monthly open office hour and a monthly
// mini-barcamp through the editor. A member sees the programme in the month view (breaks as bands,
// no meeting inside them) and in the list, RSVPs to the whole mastermind series, and downloads the
// personal calendar feed, which holds the series with its break exceptions.

const MARA = { name: 'Mara Mitglied', email: 'mara.events@example.org', password: 'mara-passwort-2026' };
const Y = new Date().getUTCFullYear() + 1;

/** The first given weekday (0 = Monday) on or after a date, as YYYY-MM-DD. */
function weekdayFrom(from: Date, weekday: number): string {
  const shift = (weekday - ((from.getUTCDay() + 6) % 7) + 7) % 7;
  return new Date(from.getTime() + shift * 86_400_000).toISOString().slice(0, 10);
}

async function createSeries(
  host: Page,
  e: { title: string; date: string; start: string; end: string; kind: 'Wöchentlich' | 'Monatlich'; interval?: string; nth?: RegExp; format?: RegExp },
) {
  await host.goto('/admin/events/new');
  await host.getByLabel('Titel', { exact: true }).fill(e.title);
  await host.getByLabel('Datum', { exact: true }).fill(e.date);
  await host.getByLabel('Beginn', { exact: true }).fill(e.start);
  await host.getByLabel('Ende', { exact: true }).fill(e.end);
  await host.getByLabel('Wiederholt sich').selectOption({ label: e.kind });
  if (e.interval) await host.getByLabel('Alle wie viele Wochen?').fill(e.interval);
  if (e.nth) await host.getByRole('radio', { name: e.nth }).check();
  if (e.format) await host.getByRole('radio', { name: e.format }).check();
  await expectAccessible(host, `event editor (${e.title})`);
  await host.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(host.getByText(`„${e.title}“ ist angelegt.`)).toBeVisible();
}

test.beforeAll(ensureSetup);

test('events: the seed-001 programme with breaks and a focus day; a member sees it, RSVPs to the series and downloads the feed', async ({ browser }) => {
  test.setTimeout(240_000);
  const hostContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE, timezoneId: 'Europe/Berlin' });
  await signIn(hostContext, OWNER);
  const host = await hostContext.newPage();

  // 1. Breaks and a focus day (Verwaltung → Termine → Programm).
  await host.goto('/admin');
  await host.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Termine' }).click();
  await host.getByRole('link', { name: 'Programm: Pausen & Fokustage' }).click();
  await expect(host).toHaveURL(/\/admin\/events\/programme$/);
  for (const [name, first, last] of [
    ['Sommerpause', `${Y}-07-01`, `${Y}-08-31`],
    ['Winterpause', `${Y}-12-20`, `${Y + 1}-01-06`],
  ] as const) {
    await host.getByRole('button', { name: 'Pause hinzufügen' }).click();
    await host.getByLabel('Name', { exact: true }).fill(name);
    await host.getByLabel('Erster Tag').fill(first);
    await host.getByLabel('Letzter Tag').fill(last);
    await host.getByRole('button', { name: 'Pause eintragen' }).click();
    await expect(host.getByText(`Die Pause „${name}“ ist eingetragen.`)).toBeVisible();
  }
  await host.getByRole('button', { name: 'Fokustag hinzufügen' }).click();
  await host.getByLabel('Datum', { exact: true }).fill(`${Y}-06-12`);
  await host.getByLabel('Thema', { exact: true }).fill('LinkedIn-Profil aufpolieren');
  await host.getByRole('button', { name: 'Fokustag eintragen' }).click();
  await expect(host.getByText('Der Fokustag „LinkedIn-Profil aufpolieren“ ist eingetragen.')).toBeVisible();
  await expectAccessible(host, 'programme page');

  // 2. The three series through the editor, starting in June of next year.
  const june = new Date(Date.UTC(Y, 5, 1));
  await createSeries(host, { title: 'Mastermind', date: weekdayFrom(june, 1), start: '19:00', end: '20:30', kind: 'Wöchentlich', interval: '2' });
  await createSeries(host, { title: 'Offene Sprechstunde', date: weekdayFrom(june, 3), start: '18:00', end: '19:00', kind: 'Monatlich', nth: /1\. Donnerstag/ });
  await createSeries(host, { title: 'Mini-Barcamp', date: weekdayFrom(new Date(Date.UTC(Y, 5, 15)), 2), start: '19:00', end: '21:00', kind: 'Monatlich', nth: /3\. Mittwoch/, format: /Hybrid/ });
  await host.goto('/admin/events');
  for (const title of ['Mastermind', 'Offene Sprechstunde', 'Mini-Barcamp']) await expect(host.getByRole('link', { name: title }).first()).toBeVisible();
  await expectAccessible(host, 'hosts’ event list');

  // 3. A member: June has the meetings and the focus day; July is the summer break with none.
  const mara = await member(browser, MARA);
  await mara.goto('/');
  await mara.getByTestId('nav-calendar').click();
  await expect(mara.getByRole('heading', { name: 'Kalender', level: 1 })).toBeVisible();
  await mara.goto(`/calendar?view=month&date=${Y}-06-15`);
  const month = mara.getByTestId('calendar-month');
  await expect(month.getByText('Mastermind').first()).toBeVisible();
  await expect(month.getByText('Offene Sprechstunde').first()).toBeVisible();
  await expect(month.getByText('Mini-Barcamp').first()).toBeVisible();
  await expect(mara.getByText('LinkedIn-Profil aufpolieren').first()).toBeVisible();
  await expectAccessible(mara, 'month view (June)');
  await mara.getByTestId('calendar-next').click();
  await expect(mara.getByTestId('calendar-period')).toContainText('Juli');
  await expect(mara.getByText(/Sommerpause/).first()).toBeVisible();
  // Every day of July lies in the break: no meeting in its cells (the grid's June days may have one).
  const julyDays = mara.getByTestId('calendar-month').locator('td.ev-cell:not(.is-outside)');
  await expect(julyDays).toHaveCount(31);
  await expect(julyDays.filter({ hasText: 'Sommerpause' })).toHaveCount(31);
  await expect(julyDays.filter({ hasText: /Mastermind|Sprechstunde|Mini-Barcamp/ })).toHaveCount(0);
  await expectAccessible(mara, 'month view (July, summer break)');

  // The list: the next meetings, and the coming break announced.
  await mara.getByRole('button', { name: 'Liste' }).click();
  await expect(mara.getByRole('heading', { name: /Die nächsten \d+ Treffen/ })).toBeVisible();
  await expect(mara.getByRole('link', { name: 'Mastermind' }).first()).toBeVisible();
  await expect(mara.getByRole('link', { name: 'Offene Sprechstunde' }).first()).toBeVisible();
  await expectAccessible(mara, 'list view');

  // 4. RSVP to the whole mastermind series.
  await mara.getByRole('link', { name: 'Mastermind' }).first().click();
  await expect(mara.getByTestId('event-page')).toBeVisible();
  await expect(mara.getByTestId('event-repeat')).toContainText('alle 14 Tage');
  await mara.getByTestId('event-series-going').click();
  await expect(mara.getByTestId('event-my-status')).toContainText(/dabei/);
  await expectAccessible(mara, 'event page');

  // The home page's "Nächste Treffen": the mastermind's dates first, marked as hers; a date opens its page.
  await mara.goto('/');
  const next = mara.getByRole('region', { name: 'Nächste Treffen' });
  await expect(next.getByRole('link', { name: 'Zum Kalender' })).toHaveAttribute('href', '/calendar');
  const first = next.getByRole('listitem').first();
  await expect(first).toContainText('Mastermind');
  await expect(first).toContainText('Du bist dabei');
  await expectAccessible(mara, 'home page with the next meetings');
  await first.getByRole('link', { name: 'Mastermind' }).click();
  await expect(mara).toHaveURL(/\/events\/[^/]+\/[^/]+$/);
  await expect(mara.getByTestId('event-page')).toBeVisible();
  await expect(mara.getByTestId('event-my-status')).toContainText(/dabei/);

  // 5. The personal feed: download it and find the series with its break exceptions.
  await mara.goto('/settings/calendar');
  const feedUrl = (await mara.getByTestId('calendar-feed-url').inputValue()).trim();
  expect(feedUrl).toMatch(/\/api\/calendar\/feed\/.+\.ics$/);
  await expectAccessible(mara, 'calendar settings');
  const res = await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, BASE));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/calendar');
  const ics = await res.text();
  expect(ics).toContain('SUMMARY:Mastermind');
  expect(ics).toContain('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
  expect(ics).toMatch(new RegExp(`EXDATE;TZID=Europe/Berlin:${Y}07\\d\\dT190000`));
  expect(ics).toContain('SUMMARY:Sommerpause');
  expect(ics).toContain('BEGIN:VTIMEZONE');

  // The confirmation mail carries the calendar invitation.
  await expect
    .poll(async () => {
      const mails = (await (await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(MARA.email)}`)).json()) as { subject: string; raw?: string }[];
      return mails.some((m) => m.subject.includes('Du bist dabei: Mastermind'));
    })
    .toBe(true);
});
