import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';

// Journey of the foundation: a fresh install is set up by its owner, a second person signs up,
// the verification mail is read in the outbox, followed, and the new member logs in, edits the
// profile, switches the UI to Swedish and logs out. Accessibility is checked on every page we see.

const OWNER = { name: 'Olga Inhaberin', email: 'olga@example.org', password: 'olga-passwort-2026' };
const MEMBER = { name: 'Mia Mitglied', email: 'mia@example.org', password: 'mia-passwort-2026' };

async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE' });
  return context.newPage();
}

test('first-run setup, sign-up with verification via the outbox, profile, Swedish, logout', async ({ browser }) => {
  const owner = await newPage(browser);

  // 1. A fresh install sends everyone to first-run setup.
  await owner.goto('/');
  await expect(owner).toHaveURL(/\/setup$/);
  await expect(owner.getByRole('heading', { level: 1 })).toContainText('Richte deine Community ein');
  await expectAccessible(owner, 'setup');
  await owner.getByLabel('Name der Community').fill('Praxis-Community Ressourcen');
  await owner.getByLabel('Dein Name').fill(OWNER.name);
  await owner.getByLabel('E-Mail-Adresse').fill(OWNER.email);
  await owner.getByLabel('Passwort', { exact: true }).fill(OWNER.password);
  await owner.getByRole('button', { name: 'Community einrichten' }).click();
  await expect(owner.getByTestId('community-name')).toContainText('Praxis-Community Ressourcen');
  await expect(owner).toHaveTitle(/Praxis-Community Ressourcen/);
  await expectAccessible(owner, 'home (owner)');

  // 2. A second person signs up in their own browser.
  const member = await newPage(browser);
  await member.goto('/signup');
  await expectAccessible(member, 'signup');
  await member.getByLabel('Dein Name').fill(MEMBER.name);
  await member.getByLabel('E-Mail-Adresse').fill(MEMBER.email);
  await member.getByLabel('Passwort', { exact: true }).fill(MEMBER.password);
  await member.getByRole('button', { name: /Registrieren|Konto anlegen/ }).click();
  await expect(member.getByRole('status').or(member.getByRole('alert')).first()).toContainText('E-Mail');

  // 3. Without SMTP the verification mail waits in the outbox, which the owner reads.
  await owner.getByTestId('nav-admin').click();
  await owner.getByRole('link', { name: 'Mail-Ausgang' }).click();
  const item = owner.getByTestId('outbox-item').filter({ hasText: MEMBER.email }).first();
  await expect(item).toBeVisible();
  await expectAccessible(owner, 'outbox');
  await item.getByRole('button').or(item.getByRole('link')).first().click();
  const mailText = owner.getByTestId('mail-text');
  await expect(mailText).toContainText(MEMBER.name);
  const href = await mailText.getByRole('link').first().getAttribute('href');
  expect(href).toContain('/api/auth/verify-email?token=');

  // 4. The member follows the link, lands on the confirmation page and logs in.
  await member.goto(href!);
  await expect(member).toHaveURL(/\/verified/);
  await expectAccessible(member, 'verified');
  await member.goto('/login');
  await member.getByLabel('E-Mail-Adresse').fill(MEMBER.email);
  await member.getByLabel('Passwort', { exact: true }).fill(MEMBER.password);
  await member.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(member.getByTestId('welcome')).toBeVisible();
  await expectAccessible(member, 'home (member)');

  // 5. Profile: display name and bio.
  await member.goto('/profile');
  await expectAccessible(member, 'profile');
  await member.getByLabel('Anzeigename').fill('Mia M.');
  await member.getByLabel('Über mich').fill('Ich helfe gern bei Gesprächseinstiegen und suche Austausch zu Humor in der Beratung.');
  await member.getByTestId('profile-form').getByRole('button', { name: 'Speichern' }).click();
  await expect(member.getByRole('status').first()).toBeVisible();
  await member.reload();
  await expect(member.getByLabel('Anzeigename')).toHaveValue('Mia M.');

  // 6. Swedish: the whole UI switches and the choice is kept on the account.
  await member.getByLabel('Sprache', { exact: true }).first().selectOption('sv');
  await expect(member.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(member.getByRole('navigation').first()).toContainText('Profil');
  await member.reload();
  await expect(member.locator('html')).toHaveAttribute('lang', 'sv');
  await expectAccessible(member, 'profile (sv)');

  // 7. Logout ends the session.
  await member.getByTestId('user-menu').click();
  await member.getByRole('button', { name: 'Logga ut' }).or(member.getByRole('menuitem', { name: 'Logga ut' })).click();
  await expect(member.getByRole('link', { name: 'Logga in' }).first()).toBeVisible();
  const me = await member.request.get('/api/me');
  expect(me.status()).toBe(401);
});

test('works at 360 px wide and by keyboard alone', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByLabel('E-Mail-Adresse')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page, 'login (360px)');
  // Skip link first, then into the form, by Tab only.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Zum Inhalt springen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.getByLabel('E-Mail-Adresse').focus();
  await page.keyboard.type(OWNER.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.screenshot({ path: 'test-results/home-360.png', fullPage: true });
});

const MAIL_SINK = `http://127.0.0.1:${Number(process.env.E2E_SMTP_PORT ?? 2525) + 1}`;

/** Waits until the SMTP sink holds a mail to `to` whose subject matches, and returns it. */
async function mailTo(to: string, subject: RegExp): Promise<{ subject: string; text: string; html: string }> {
  for (let i = 0; i < 100; i++) {
    const list = (await (await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(to)}`)).json()) as {
      subject: string;
      text: string;
      html: string;
    }[];
    const hit = list.reverse().find((m) => subject.test(m.subject));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

test('real mails over SMTP: the verification and password-reset links work in the browser', async ({ browser }) => {
  const page = await newPage(browser);
  const jonas = { name: 'Jonas Neu', email: 'jonas@example.org', password: 'jonas-passwort-2026' };
  await page.goto('/signup');
  await page.getByLabel('Dein Name').fill(jonas.name);
  await page.getByLabel('E-Mail-Adresse').fill(jonas.email);
  await page.getByLabel('Passwort', { exact: true }).fill(jonas.password);
  await page.getByRole('button', { name: /Registrieren|Konto anlegen/ }).click();

  const verify = await mailTo(jonas.email, /.+/);
  expect(verify.text).toContain(jonas.name);
  expect(verify.html).toContain('<');
  await page.goto(verify.text.match(/https?:\/\/\S+verify-email\S+/)![0]);
  await expect(page).toHaveURL(/\/verified/);

  await page.goto('/forgot-password');
  await page.getByLabel('E-Mail-Adresse').fill(jonas.email);
  await page.getByRole('button').filter({ hasText: /Link|senden/i }).first().click();
  const reset = await mailTo(jonas.email, /Passwort/);
  await page.goto(reset.text.match(/https?:\/\/\S+reset-password\S+/)![0]);
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await expectAccessible(page, 'reset password');
  await page.getByLabel('Neues Passwort', { exact: true }).fill('jonas-neues-passwort-1');
  await page.getByLabel('Neues Passwort wiederholen').fill('jonas-neues-passwort-1');
  await page.getByRole('button', { name: /Passwort/ }).click();
  await expect(page.getByTestId('reset-done')).toBeVisible();
  await page.goto('/login');
  await page.getByLabel('E-Mail-Adresse').fill(jonas.email);
  await page.getByLabel('Passwort', { exact: true }).fill('jonas-neues-passwort-1');
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByTestId('welcome')).toBeVisible();
});
