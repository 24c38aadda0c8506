import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { BASE, ensureSetup, expectAccessible, member, ORIGIN, OWNER, signIn } from './support.ts';

// Journey of issue 3's moderation and attachments: the host turns on approval of first posts; a new
// member's first post waits, invisible to others, until a moderator approves it in the queue; a reported
// comment is hidden from the queue and both decisions are in the audit log; muting hides a member's
// comments; a post carries a PDF and an image that another member sees and downloads.

const NORA = { name: 'Nora Neu', email: 'nora.moderation@example.org', password: 'nora-passwort-2026' };
const OTTO = { name: 'Otto Anders', email: 'otto.moderation@example.org', password: 'otto-passwort-2026' };
const MORITZ = { name: 'Moritz Moderator', email: 'moritz.moderation@example.org', password: 'moritz-passwort-2026' };

let host: BrowserContext | null = null;

async function setApproval(context: BrowserContext, on: boolean) {
  const res = await context.request.put('/api/moderation/settings', { data: { approveFirstPosts: on }, headers: ORIGIN });
  expect(res.status()).toBe(200);
}

test.beforeAll(ensureSetup);

// Other journeys must never meet an install that holds first posts back, whatever happened here.
test.afterAll(async () => {
  if (host) {
    await setApproval(host, false);
    await host.close();
  }
});

/** The settings checkbox of the host, switched through the page as a host would. */
async function toggleApproval(page: Page, on: boolean) {
  await page.goto('/moderation/settings');
  const box = page.getByLabel('Erste Beiträge neuer Mitglieder freigeben');
  await expect(box).toBeEnabled();
  if (on) await box.check();
  else await box.uncheck();
  await expect(page.getByText(on ? 'Erste Beiträge warten jetzt auf Freigabe' : 'Erste Beiträge erscheinen jetzt sofort')).toBeVisible();
}

test('first posts wait for approval; reports, hiding, the audit log, muting and attachments', async ({ browser }) => {
  test.setTimeout(180_000);
  host = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  await signIn(host, OWNER);
  const space = await host.request.post('/api/spaces', {
    data: { name: 'Moderationsprobe', description: 'Hier probieren wir Freigaben und Meldungen aus.' },
    headers: ORIGIN,
  });
  expect(space.status()).toBe(201);
  const { slug } = (await space.json()) as { slug: string };

  // 1. The host turns on approval of first posts (moderators see the setting read-only).
  const hostPage = await host.newPage();
  await hostPage.goto('/');
  await expect(hostPage.getByTestId('nav-moderation')).toBeVisible();
  await toggleApproval(hostPage, true);
  await expectAccessible(hostPage, 'moderation settings');

  const nora = await member(browser, NORA);
  const otto = await member(browser, OTTO);
  const moritz = await member(browser, MORITZ);

  // 2. Nora's first post waits for approval: she sees it marked, Otto does not see it at all.
  await nora.goto(`/spaces/${slug}`);
  await nora.getByLabel('Titel (optional)').fill('Hallo aus der Praxis');
  await nora.getByLabel('Text', { exact: true }).fill('Ich bin neu hier und freue mich auf den Austausch.');
  await nora.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(nora.getByTestId('post-created')).toContainText('wartet auf Freigabe');
  await nora.getByTestId('post-created').getByRole('link', { name: 'Zum Beitrag' }).click();
  await expect(nora.getByTestId('post')).toContainText('Wartet auf Freigabe');
  const postId = nora.url().split('/posts/')[1]!;

  const card = (page: Page, title: string) => page.getByTestId('post-card').filter({ hasText: title });
  await otto.goto(`/spaces/${slug}`);
  await expect(otto.getByTestId('feed-empty')).toBeVisible();
  expect((await otto.request.get(`/api/posts/${postId}`)).status()).toBe(404);

  // 3. The host makes Moritz a moderator; he approves the post in the queue; now Otto sees it.
  const found = await host.request.get(`/api/admin/members?q=${encodeURIComponent(MORITZ.email)}`);
  const moritzId = ((await found.json()) as { items: { id: string }[] }).items[0]!.id;
  const promoted = await host.request.patch(`/api/admin/members/${moritzId}`, { data: { role: 'moderator' }, headers: ORIGIN });
  expect(promoted.status()).toBe(200);

  await moritz.goto('/');
  await moritz.getByTestId('nav-moderation').click();
  const pending = moritz.getByTestId('pending-post').filter({ hasText: 'Hallo aus der Praxis' });
  await expect(pending).toBeVisible();
  await expect(pending).toContainText('Ich bin neu hier');
  await expectAccessible(moritz, 'moderation queue');
  await pending.getByRole('button', { name: /^Freigeben/ }).click();
  await expect(pending).toHaveCount(0);
  await expect(moritz.getByRole('status').filter({ hasText: 'Freigegeben' })).toBeAttached();
  // Moderators see the setting but cannot change it.
  await moritz.getByRole('link', { name: 'Einstellungen', exact: true }).click();
  await expect(moritz.getByLabel('Erste Beiträge neuer Mitglieder freigeben')).toBeDisabled();

  await otto.reload();
  await expect(card(otto, 'Hallo aus der Praxis')).toBeVisible();

  // The rest of the journey is about reports and mutes, not approval: the host turns it off again.
  await toggleApproval(hostPage, false);

  // 4. Otto comments; Nora reports the comment through the dialog.
  await otto.goto(`/posts/${postId}`);
  await otto.getByLabel('Dein Kommentar').fill('Neu? Dann erst mal lesen statt schreiben.');
  await otto.getByRole('button', { name: 'Kommentieren' }).click();
  await expect(otto.getByTestId('comment').filter({ hasText: 'erst mal lesen' })).toBeVisible();

  await nora.goto(`/posts/${postId}`);
  const rude = nora.getByTestId('comment').filter({ hasText: 'erst mal lesen' });
  const report = rude.getByRole('button', { name: /^Melden/ });
  await report.click();
  const dialog = nora.getByRole('dialog', { name: 'Kommentar melden' });
  await expect(dialog).toBeVisible();
  await expectAccessible(nora, 'report dialog');
  await dialog.getByRole('button', { name: 'Meldung senden' }).click();
  await expect(dialog.getByText('Wähle einen Grund.')).toBeVisible();
  await dialog.getByLabel('Belästigung oder Beleidigung').check();
  await dialog.getByLabel('Anmerkung (optional)').fill('Ziemlich unfreundlich gegenüber Neuen.');
  await dialog.getByRole('button', { name: 'Meldung senden' }).click();
  await expect(dialog.getByTestId('report-sent')).toHaveText(/Danke – das Moderationsteam schaut es sich an\./);
  await dialog.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await expect(dialog).toBeHidden();
  await expect(report).toBeFocused();

  // 5. Moritz hides the comment from the queue; the audit log lists both decisions.
  await moritz.goto('/moderation');
  const group = moritz.getByTestId('report-group').filter({ hasText: 'Belästigung oder Beleidigung' });
  await expect(group).toContainText(NORA.name);
  await expect(group).toContainText('Ziemlich unfreundlich');
  await group.getByRole('button', { name: /^Ausblenden/ }).click();
  await expect(group).toHaveCount(0);
  await moritz.getByRole('link', { name: 'Protokoll' }).click();
  const log = moritz.getByTestId('moderation-log');
  await expect(log.getByRole('row').filter({ hasText: 'Beitrag freigegeben' })).toContainText(MORITZ.name);
  await expect(log.getByRole('row').filter({ hasText: 'Kommentar ausgeblendet' })).toContainText('aus einer Meldung');
  await expect(log.getByRole('row').filter({ hasText: 'Freigabe erster Beiträge eingeschaltet' })).toContainText(OWNER.name);
  await expectAccessible(moritz, 'audit log');

  await nora.reload();
  await expect(nora.getByTestId('comment').filter({ hasText: 'erst mal lesen' })).toHaveCount(0);

  // 6. Nora mutes Otto: his next comment disappears for her; she can lift it in her settings.
  await otto.reload();
  await otto.getByLabel('Dein Kommentar').fill('Sorry, war nicht so gemeint. Willkommen!');
  await otto.getByRole('button', { name: 'Kommentieren' }).click();
  await expect(otto.getByTestId('comment').filter({ hasText: 'Willkommen!' })).toBeVisible();
  await nora.reload();
  const sorry = nora.getByTestId('comment').filter({ hasText: 'Willkommen!' });
  await expect(sorry).toBeVisible();
  await sorry.getByRole('button', { name: /^Otto Anders/ }).click();
  await expect(nora.getByTestId('author-panel')).toContainText('Du siehst ihre Beiträge und Kommentare nicht mehr.');
  await expectAccessible(nora, 'author menu');
  await nora.getByTestId('author-panel').getByRole('button', { name: 'Stummschalten' }).click();
  await nora.getByRole('button', { name: 'Ja, stummschalten' }).click();
  await expect(sorry).toHaveCount(0);
  await nora.getByTestId('user-menu').click();
  await nora.getByRole('link', { name: 'Stummgeschaltet & blockiert' }).click();
  const row = nora.getByTestId('mute-row').filter({ hasText: OTTO.name });
  await expect(row).toContainText('Stummgeschaltet');
  await expectAccessible(nora, 'muted members');
  await row.getByRole('button', { name: /^Aufheben/ }).click();
  await expect(nora.getByText('Du hast niemanden stummgeschaltet oder blockiert.')).toBeVisible();

  // 7. Nora attaches a PDF and an image (an unsupported file is refused with a clear message).
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3d5a98' } }).png().toBuffer();
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  await nora.goto(`/spaces/${slug}`);
  await nora.getByLabel('Titel (optional)').fill('Unterlagen vom Treffen');
  await nora.getByLabel('Text', { exact: true }).fill('Der Ablaufplan und das Flipchart.');
  const files = nora.getByLabel('Dateien anhängen');
  await files.setInputFiles([
    { name: 'Ablaufplan.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'Flipchart.png', mimeType: 'image/png', buffer: png },
  ]);
  await files.setInputFiles([{ name: 'notizen.txt', mimeType: 'text/plain', buffer: Buffer.from('nur Text') }]);
  const chips = nora.getByTestId('attachment-chip');
  await expect(chips.filter({ hasText: 'Ablaufplan.pdf' })).toContainText('PDF ·');
  await expect(chips.filter({ hasText: 'Flipchart' })).toContainText('Bild ·');
  const refused = chips.filter({ hasText: 'notizen.txt' });
  await expect(refused).toContainText('Dieses Dateiformat wird nicht unterstützt');
  await expectAccessible(nora, 'composer with attachments');
  await refused.getByRole('button', { name: /^Entfernen/ }).click();
  await expect(chips).toHaveCount(2);
  await nora.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(nora.getByTestId('post-created')).toContainText('veröffentlicht');
  const href = await nora.getByTestId('post-created').getByRole('link', { name: 'Zum Beitrag' }).getAttribute('href');

  // 8. Otto sees the image (in the feed and on the post) and downloads the PDF as an attachment.
  await otto.goto(`/spaces/${slug}`);
  await expect(card(otto, 'Unterlagen vom Treffen').getByRole('img', { name: /Flipchart/ })).toBeVisible();
  await otto.goto(href!);
  const image = otto.getByTestId('post').getByRole('img', { name: /Flipchart/ });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  const link = otto.getByRole('link', { name: /Ablaufplan\.pdf/ });
  await expect(link).toContainText('PDF ·');
  const [download] = await Promise.all([otto.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('Ablaufplan.pdf');
  const res = await otto.request.get((await link.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment/);
  expect(res.headers()['content-type']).toBe('application/pdf');
  await expectAccessible(otto, 'post with attachments');
});
