import { expect, type Page, test } from '@playwright/test';
import { XSS_CORPUS, XSS_GLOBAL } from '../../src/platform/content/xss-corpus.ts';
import { BASE, ensureSetup, member, ORIGIN, OWNER, signIn } from './support.ts';

// Every vector of the XSS corpus, written as posts, comments, a display name, a bio and a mail,
// rendered in Chromium: no dialog may open and no payload may set its marker global.

const EVE = { name: 'Eve Tester', email: 'eve.xss@example.org', password: 'eve-passwort-2026' };

function watch(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  return dialogs;
}

async function injected(page: Page): Promise<unknown> {
  return page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], XSS_GLOBAL);
}

test.beforeAll(ensureSetup);

test('the XSS corpus executes nothing in posts, comments, profiles and mails', async ({ browser }) => {
  test.setTimeout(180_000);
  expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(100);
  const hostContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  await signIn(hostContext, OWNER);
  const space = await hostContext.request.post('/api/spaces', { data: { name: 'Sicherheitsprobe' }, headers: ORIGIN });
  const { slug } = (await space.json()) as { slug: string };

  const eve = await member(browser, EVE);
  const api = eve.context().request;
  // Posts: one per vector (as title-less body), plus the vector as a title.
  for (const v of XSS_CORPUS) {
    const r = await api.post(`/api/spaces/${slug}/posts`, {
      data: { title: v.input.slice(0, 200) || 'x', body: v.input || 'x' },
      headers: ORIGIN,
    });
    expect(r.status(), v.name).toBe(201);
  }
  // Comments: all vectors under one post.
  const target = (await (
    await api.post(`/api/spaces/${slug}/posts`, { data: { title: 'Kommentarprobe', body: 'Hier kommen Kommentare.' }, headers: ORIGIN })
  ).json()) as { id: string };
  for (const v of XSS_CORPUS) {
    const r = await api.post(`/api/posts/${target.id}/comments`, { data: { body: v.input.trim().slice(0, 20_000) || 'x' }, headers: ORIGIN });
    expect(r.status(), v.name).toBe(201);
  }
  // Profile: a hostile display name and bio (shown as text wherever the name appears).
  const hostile = XSS_CORPUS.find((v) => v.input.includes('onerror'))!.input;
  const profile = await api.patch('/api/me', {
    data: { name: hostile.slice(0, 80), bio: XSS_CORPUS.map((v) => v.input).join(' ').slice(0, 500) },
    headers: ORIGIN,
  });
  expect(profile.status()).toBe(200);
  // Mail: the hostile name mentions the host's handle, so a notification mail carries it.
  await api.post(`/api/posts/${target.id}/comments`, { data: { body: 'Hallo @OlgaInhaberin' }, headers: ORIGIN });

  const dialogs = watch(eve);
  // The space feed, every page.
  await eve.goto(`/spaces/${slug}`);
  await expect(eve.getByTestId('post-card').first()).toBeVisible();
  for (let i = 0; i < 12; i++) {
    const more = eve.getByRole('button', { name: 'Mehr laden' });
    if (!(await more.isVisible())) break;
    await more.click();
    await eve.waitForTimeout(300);
  }
  expect(await eve.getByTestId('post-card').count()).toBeGreaterThanOrEqual(XSS_CORPUS.length);
  // The post with every vector as a comment.
  await eve.goto(`/posts/${target.id}`);
  await expect(eve.getByTestId('comment').first()).toBeVisible();
  expect(await eve.getByTestId('comment').count()).toBeGreaterThanOrEqual(XSS_CORPUS.length);
  // The profile page with the hostile name and bio.
  await eve.goto('/profile');
  await expect(eve.getByTestId('profile-form')).toBeVisible();
  // Search results build snippets from the same texts.
  await eve.goto('/search?q=alert');
  await eve.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(await injected(eve)).toBeUndefined();

  // The host reads the mention mail (hostile sender name) in the outbox.
  // The notification worker gets to the mention after the corpus's own events; wait for its mail.
  await expect
    .poll(
      async () => {
        const list = (await (await hostContext.request.get('/api/admin/mails?limit=20')).json()) as { items: { subject: string }[] };
        return list.items.some((m) => m.subject.includes('erwähnt'));
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  const host = await hostContext.newPage();
  const hostDialogs = watch(host);
  await host.goto('/admin/outbox');
  const item = host.getByTestId('outbox-item').filter({ hasText: 'erwähnt' }).first();
  await expect(item).toBeVisible();
  await item.getByRole('button').or(item.getByRole('link')).first().click();
  await expect(host.getByTestId('mail-text')).toBeVisible();
  await host.waitForTimeout(500);
  // And the feed where the hostile name appears as author.
  await host.goto(`/spaces/${slug}`);
  await expect(host.getByTestId('post-card').first()).toBeVisible();
  expect(hostDialogs).toEqual([]);
  expect(await injected(host)).toBeUndefined();
});
