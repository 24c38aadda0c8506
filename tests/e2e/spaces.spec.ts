import { expect, type Page, test } from '@playwright/test';
import { BASE, ensureSetup, expectAccessible, member, OWNER, signIn } from './support.ts';

// Journey of spaces and discussions: the host creates a space in the admin UI, members open it,
// the host posts and a member sees it appear live; the member comments and the host sees that live;
// reactions toggle with counts; a member runs a poll on workshop topics and another member votes.
// Independent of foundation.spec.ts: it sets the install up itself when nobody has yet.

const LENA = { name: 'Lena Lernt', email: 'lena.spaces@example.org', password: 'lena-passwort-2026' };
const TOM = { name: 'Tom Teilt', email: 'tom.spaces@example.org', password: 'tom-passwort-2026' };

/** Counts the `space:` subscriptions the server confirmed on this page's WebSocket (attach before navigating). */
function spaceSubscriptions(page: Page): () => number {
  let n = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const text = String(f.payload);
      if (text.includes('"subscribed"') && text.includes('space:')) n++;
    }),
  );
  return () => n;
}

test.beforeAll(ensureSetup);

test('spaces: host creates a space, posts go live, comments, reactions and a workshop poll', async ({ browser }) => {
  // Room for one wait on the shared sign-in rate limit when other journeys ran just before.
  test.setTimeout(210_000);
  const hostContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  await signIn(hostContext, OWNER);
  const host = await hostContext.newPage();
  const hostSubs = spaceSubscriptions(host);

  // 1. The host creates a space in Verwaltung → Bereiche.
  await host.goto('/admin');
  await host.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Bereiche' }).click();
  await expect(host).toHaveURL(/\/admin\/spaces$/);
  await host.getByRole('button', { name: 'Bereich anlegen' }).click();
  const form = host.getByTestId('space-form');
  await form.getByLabel('Name', { exact: true }).fill('Werkstatt');
  await form.getByLabel('Beschreibung').fill('Hier probieren wir Methoden aus und erzählen, wie es lief.');
  await form.getByLabel('Symbol').fill('🛠️');
  await form.getByRole('button', { name: 'Bereich anlegen' }).click();
  await expect(host.getByTestId('admin-space').filter({ hasText: 'Werkstatt' })).toBeVisible();
  await expect(host.getByRole('status').filter({ hasText: 'Werkstatt' })).toHaveText(/angelegt/);
  await expectAccessible(host, 'admin spaces');

  // 2. A member opens the overview and the space.
  const lena = await member(browser, LENA);
  const lenaSubs = spaceSubscriptions(lena);
  await lena.goto('/');
  await lena.getByTestId('nav-spaces').click();
  await expect(lena.getByRole('heading', { level: 1, name: 'Bereiche' })).toBeVisible();
  await expectAccessible(lena, 'spaces overview');
  await lena.getByRole('link', { name: 'Werkstatt' }).click();
  await expect(lena.getByRole('heading', { level: 1 })).toContainText('Werkstatt');
  await expect(lena.getByTestId('feed-empty')).toBeVisible();
  await expect.poll(lenaSubs).toBe(1);
  await expectAccessible(lena, 'space page');

  // 3. The host posts; the member sees it appear without reloading.
  await host.goto('/spaces/werkstatt');
  await host.getByLabel('Titel (optional)').fill('Willkommen in der Werkstatt');
  await host.getByLabel('Text', { exact: true }).fill('Erzählt hier, welche **Übung** ihr diese Woche ausprobiert habt.');
  await host.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(host.getByTestId('post-created')).toContainText('veröffentlicht');
  await expect(host.getByTestId('post-created').locator('..')).toBeFocused();
  const card = lena.getByTestId('post-card').filter({ hasText: 'Willkommen in der Werkstatt' });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('unread')).toHaveText('neu');

  // 4. The host opens the post; the member comments there; the host sees the comment live.
  const hostBefore = hostSubs();
  await host.getByTestId('post-created').getByRole('link', { name: 'Zum Beitrag' }).click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Willkommen in der Werkstatt');
  await expect.poll(hostSubs).toBeGreaterThan(hostBefore);
  await card.getByRole('link', { name: 'Willkommen in der Werkstatt', exact: true }).click();
  await expect(lena.getByRole('heading', { level: 1 })).toHaveText('Willkommen in der Werkstatt');
  await expect(lena.getByTestId('post-author')).toHaveText(OWNER.name);
  await expect(lena.getByTestId('post').locator('.prose strong')).toHaveText('Übung');
  await expectAccessible(lena, 'post page');
  await lena.getByLabel('Dein Kommentar').fill('Ich habe das Grübelfenster ausprobiert – sehr entlastend!');
  await lena.getByRole('button', { name: 'Kommentieren' }).click();
  const lenaComment = lena.getByTestId('comment').filter({ hasText: 'Grübelfenster' });
  await expect(lenaComment).toBeFocused();
  await expect(host.getByTestId('comments')).toContainText('Grübelfenster');
  await expect(host.getByRole('heading', { level: 2, name: '1 Kommentar' })).toBeVisible();

  // The host replies one level deep.
  await host.getByTestId('comment').filter({ hasText: 'Grübelfenster' }).getByRole('button', { name: /Antworten/ }).click();
  await host.getByLabel(`Deine Antwort an ${LENA.name}`).fill('Schön! Magst du im nächsten Treffen davon erzählen?');
  await host.getByRole('button', { name: 'Antwort senden' }).click();
  await expect(lena.getByTestId('comments')).toContainText('nächsten Treffen');

  // 5. Reactions toggle with counts, and the other side sees the count live.
  const thumbs = lena.getByTestId('post').getByRole('button', { name: /^Daumen hoch/ });
  await expect(thumbs).toHaveAttribute('aria-pressed', 'false');
  await thumbs.click();
  await expect(thumbs).toHaveAttribute('aria-pressed', 'true');
  await expect(thumbs).toHaveAccessibleName('Daumen hoch: 1');
  const hostThumbs = host.getByTestId('post').getByRole('button', { name: /^Daumen hoch/ });
  await expect(hostThumbs).toHaveAccessibleName('Daumen hoch: 1');
  await expect(hostThumbs).toHaveAttribute('aria-pressed', 'false');
  await hostThumbs.click();
  await expect(thumbs).toHaveAccessibleName('Daumen hoch: 2');
  await thumbs.click();
  await expect(thumbs).toHaveAttribute('aria-pressed', 'false');
  await expect(hostThumbs).toHaveAccessibleName('Daumen hoch: 1');

  // 6. The member starts a poll on workshop topics; validation speaks at the field first.
  await lena.goto('/spaces/werkstatt');
  await lena.getByRole('radio', { name: 'Umfrage' }).check();
  await lena.getByLabel('Titel (optional)').fill('Welche Workshop-Themen wollt ihr als Nächstes?');
  await lena.getByLabel('Möglichkeit 1').fill('Grübelgedanken');
  await lena.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(lena.getByTestId('form-error')).toContainText('mindestens zwei');
  await lena.getByLabel('Möglichkeit 2').fill('Humor in der Beratung');
  await lena.getByRole('button', { name: 'Möglichkeit hinzufügen' }).click();
  await expect(lena.getByLabel('Möglichkeit 3')).toBeFocused();
  await lena.getByLabel('Möglichkeit 3').fill('Gute Einstiege in Sitzungen');
  await lena.getByLabel('Mehrere Antworten erlauben').check();
  await lena.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(lena.getByTestId('post-created')).toBeVisible();
  const pollCard = lena.getByTestId('post-card').filter({ hasText: 'Workshop-Themen' });
  await expect(pollCard).toBeVisible();

  // 7. Another member (on a phone-sized screen) votes and sees the results.
  const tom = await member(browser, TOM, { width: 360, height: 740 });
  await tom.goto('/spaces/werkstatt');
  const overflow = await tom.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(tom, 'space page (360px)');
  await tom.getByTestId('post-card').filter({ hasText: 'Workshop-Themen' }).getByRole('link').first().click();
  const poll = tom.getByTestId('poll');
  await expect(poll).toContainText('Ergebnisse nach deiner Stimme');
  await expect(tom.getByTestId('poll-results')).toHaveCount(0);
  await poll.getByRole('checkbox', { name: 'Grübelgedanken' }).check();
  await poll.getByRole('checkbox', { name: 'Gute Einstiege in Sitzungen' }).check();
  await poll.getByRole('button', { name: 'Abstimmen' }).click();
  const results = tom.getByTestId('poll-results');
  await expect(results).toContainText('1 Person hat abgestimmt.');
  await expect(results.getByRole('listitem').filter({ hasText: 'Grübelgedanken' })).toContainText('1 Stimme (100 %)');
  await expect(results.getByRole('listitem').filter({ hasText: 'Humor' })).toContainText('0 Stimmen (0 %)');
  await expectAccessible(tom, 'post page with poll results (360px)');
  const postOverflow = await tom.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(postOverflow).toBeLessThanOrEqual(0);

  // 8. The home feed shows the member what is new across their spaces.
  await tom.goto('/');
  await expect(tom.getByTestId('welcome')).toBeVisible();
  await expect(tom.getByTestId('post-card').filter({ hasText: 'Willkommen in der Werkstatt' })).toBeVisible();
  await expectAccessible(tom, 'home feed (360px)');
});
