import { expect, type Page, test } from '@playwright/test';
import { BASE, ensureSetup, expectAccessible, MAIL_SINK, member, ORIGIN, OWNER, signIn } from './support.ts';

// Journey of issue 3's "done when": the host schedules a reflection question; two members, each in
// their own browser, see it appear at its time without reloading, comment and mention each other,
// react, and each gets the in-app notification live and the mail through the SMTP sink; a member
// searches "Workshops" and finds the post that says "Workshop".

const MIA = { name: 'Mia Muster', email: 'mia.reflexion@example.org', password: 'mia-passwort-2026' };
const BEN = { name: 'Ben Berg', email: 'ben.reflexion@example.org', password: 'ben-passwort-2026' };

/** Mails the sink received for `to` whose subject matches. */
async function mailsTo(to: string, subject: RegExp): Promise<{ subject: string; text: string }[]> {
  const list = (await (await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(to)}`)).json()) as {
    subject: string;
    text: string;
  }[];
  return list.filter((m) => subject.test(m.subject));
}

async function bellCount(page: Page): Promise<string> {
  return (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
}

test.beforeAll(ensureSetup);

test('a scheduled reflection question appears live; mentions notify in-app and by mail; search stems', async ({ browser }) => {
  test.setTimeout(120_000);
  const hostContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  await signIn(hostContext, OWNER);
  const space = await hostContext.request.post('/api/spaces', {
    data: { name: 'Reflexion', description: 'Fragen zum Nachdenken zwischen den Treffen.' },
    headers: ORIGIN,
  });
  expect(space.status()).toBe(201);
  const { slug } = (await space.json()) as { slug: string };

  const mia = await member(browser, MIA);
  const ben = await member(browser, BEN);
  for (const page of [mia, ben]) {
    await page.goto(`/spaces/${slug}`);
    await expect(page.getByTestId('feed-empty')).toBeVisible();
  }

  // 1. The host schedules the question a few seconds ahead through the composer.
  const host = await hostContext.newPage();
  await host.goto(`/spaces/${slug}`);
  await host.getByRole('radio', { name: 'Reflexionsfrage' }).check();
  await host.getByLabel('Titel (optional)').fill('Reflexionsfrage der Woche');
  await host.getByLabel('Text', { exact: true }).fill('Woran hast du gemerkt, dass eine Sitzung gut begonnen hat?');
  const when = await host.evaluate(() => {
    const d = new Date(Date.now() + 8000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  await host.getByLabel('Erscheint am (optional)').fill(when);
  await host.getByRole('button', { name: 'Einplanen' }).click();
  await expect(host.getByTestId('post-created')).toContainText('erscheint am');

  // 2. Not there yet for members; then it appears in both browsers without a reload.
  const card = (page: Page) => page.getByTestId('post-card').filter({ hasText: 'Reflexionsfrage der Woche' });
  await expect(card(mia)).toHaveCount(0);
  await expect(card(mia)).toBeVisible({ timeout: 30_000 });
  await expect(card(ben)).toBeVisible({ timeout: 30_000 });
  await expectAccessible(mia, 'space with the reflection question');
  // The reflection question itself notifies members (in-app, live).
  await expect.poll(() => bellCount(mia), { timeout: 20_000 }).toMatch(/[1-9]\d* ungelesen/);

  // 3. Mia answers and mentions Ben; Ben answers and mentions Mia.
  // Ben's bell already counts the reflection question; read it before Mia's mention can arrive.
  await expect.poll(() => bellCount(ben), { timeout: 20_000 }).toMatch(/[1-9]\d* ungelesen/);
  const benBefore = await bellCount(ben);
  await card(mia).getByRole('link', { name: 'Reflexionsfrage der Woche', exact: true }).click();
  await mia.getByLabel('Dein Kommentar').fill('Als die Klientin lachend hereinkam. Wie war es bei dir, @BenBerg?');
  await mia.getByRole('button', { name: 'Kommentieren' }).click();
  await expect(mia.getByTestId('comment').filter({ hasText: 'lachend' })).toBeVisible();
  await expect(mia.getByTestId('comment').filter({ hasText: 'lachend' }).locator('a.mention')).toHaveText('@Ben Berg');
  // Mia fixes a word in her comment.
  const own = mia.getByTestId('comment').filter({ hasText: 'lachend' });
  await own.getByRole('button', { name: 'Bearbeiten' }).click();
  await own.getByLabel('Kommentar bearbeiten').fill('Als die Klientin lachend hereinkam – wie schön. Wie war es bei dir, @BenBerg?');
  await own.getByRole('button', { name: 'Speichern' }).click();
  await expect(mia.getByTestId('comment').filter({ hasText: 'wie schön' })).toContainText('bearbeitet');

  await expect.poll(() => bellCount(ben), { timeout: 20_000 }).not.toBe(benBefore);
  await ben.getByTestId('notification-bell').click();
  await expect(ben.getByRole('link', { name: /Mia Muster/ }).first()).toBeVisible();
  await ben.getByRole('link', { name: /Mia Muster/ }).first().click();
  await expect(ben.getByRole('heading', { level: 1 })).toHaveText('Reflexionsfrage der Woche');
  await ben.getByLabel('Dein Kommentar').fill('Bei mir mit fünf Minuten Puffer vorher, @MiaMuster.');
  await ben.getByRole('button', { name: 'Kommentieren' }).click();
  // Mia sees Ben's comment live, and her bell counts it.
  await expect(mia.getByTestId('comments')).toContainText('Puffer', { timeout: 15_000 });
  await expect.poll(() => bellCount(mia), { timeout: 20_000 }).toMatch(/[2-9]\d* ungelesen|1\d+ ungelesen/);

  // 4. Reactions, counted live for the other.
  const benComment = mia.getByTestId('comment').filter({ hasText: 'Puffer' });
  await benComment.getByRole('button', { name: /^Daumen hoch/ }).click();
  await expect(benComment.getByRole('button', { name: /^Daumen hoch/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(ben.getByTestId('comment').filter({ hasText: 'Puffer' }).getByRole('button', { name: /^Daumen hoch: 1/ })).toBeVisible({
    timeout: 15_000,
  });

  // 5. Each got the mention by mail, in German, with a one-click unsubscribe link.
  await expect.poll(async () => (await mailsTo(BEN.email, /erwähnt/)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await mailsTo(MIA.email, /erwähnt/)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const mail = (await mailsTo(MIA.email, /erwähnt/))[0]!;
  expect(mail.subject).toContain('Ben Berg');
  expect(mail.text).toMatch(/\/unsubscribe\?token=/);

  // 6. Search understands word forms: "Workshops" finds the post that says "Workshop".
  const posted = await hostContext.request.post(`/api/spaces/${slug}/posts`, {
    data: { title: 'Neuer Workshop im Dezember', body: 'Im Dezember gibt es einen Workshop zu Humor in der Beratung.' },
    headers: ORIGIN,
  });
  expect(posted.status()).toBe(201);
  await mia.getByRole('searchbox').first().fill('Workshops');
  await mia.getByRole('button', { name: 'Suchen' }).first().click();
  await expect(mia).toHaveURL(/\/search\?q=Workshops/);
  const hit = mia.getByRole('link', { name: 'Neuer Workshop im Dezember' });
  await expect(hit).toBeVisible();
  await expect(mia.locator('mark').filter({ hasText: 'Workshop' }).first()).toBeVisible();
  await expectAccessible(mia, 'search results');
});
