import { expect, request, test } from '@playwright/test';
import { BASE, ensureSetup, expectAccessible, MAIL_SINK, ORIGIN, OWNER, signIn } from './support.ts';

// Journey of memberships: the host creates "Stufe 1" (5 €/month) and "Stufe 2", gates a space with
// each, closes enrolment and writes a first preparatory mail; a visitor joins the interest list on the
// public page, confirms through the mail in the SMTP sink and gets that mail; the host opens
// enrolment; the visitor signs up, buys Stufe 1 by bank transfer, the host confirms the payment, and
// the visitor sees exactly the Stufe-1 spaces. At the end the tiers are archived again, so the other
// journeys in this install keep a community without paid tiers.

const VERA = { name: 'Vera Neugier', email: 'vera.memberships@example.org', password: 'vera-passwort-2026' };

interface SinkMail {
  subject: string;
  text: string;
}

async function waitForMail(to: string, match: (m: SinkMail) => boolean): Promise<SinkMail> {
  for (let i = 0; i < 150; i++) {
    const list = (await (await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(to)}`)).json()) as SinkMail[];
    const found = list.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no matching mail to ${to}`);
}

const linkIn = (m: SinkMail, part: string) => m.text.match(new RegExp(`https?://\\S*${part}\\S*`))?.[0] ?? '';

test.beforeAll(ensureSetup);

test.afterAll(async () => {
  // Leave the install as the other journeys expect it: no tiers on sale, enrolment open.
  const api = await request.newContext({ baseURL: BASE, extraHTTPHeaders: ORIGIN });
  const login = await api.post('/api/auth/sign-in/email', { data: { email: OWNER.email, password: OWNER.password } });
  if (login.ok()) {
    const tiers = (await (await api.get('/api/memberships/tiers')).json()) as { items: { id: string }[] };
    for (const t of tiers.items) await api.post(`/api/memberships/tiers/${t.id}/archive`, { data: { archived: true } });
    await api.patch('/api/memberships/settings', { data: { enrolmentMode: 'open' } });
  }
  await api.dispose();
});

test('memberships: tiers, interest list with double opt-in, enrolment opens, Stufe 1 bought by transfer and confirmed', async ({ browser }) => {
  test.setTimeout(240_000);
  const hostContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  await signIn(hostContext, OWNER);
  const host = await hostContext.newPage();

  // 1. Bank details for invoices (Verwaltung → Mitgliedschaften → Einstellungen).
  await host.goto('/admin');
  await host.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Mitgliedschaften' }).click();
  await host.getByRole('link', { name: 'Einstellungen' }).last().click();
  await expect(host).toHaveURL(/\/admin\/memberships\/settings$/);
  const bank = host.getByTestId('bank-form');
  await bank.getByLabel('Kontoinhaber*in').fill('Praxis-Community Ressourcen');
  await bank.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await bank.getByLabel('BIC').fill('COBADEFFXXX');
  await bank.getByRole('button', { name: 'Speichern' }).click();
  await expect(bank.getByText('Gespeichert')).toBeVisible();
  await expectAccessible(host, 'membership settings');

  // 2. Two tiers with their prices.
  await host.getByRole('link', { name: 'Stufen' }).click();
  for (const [name, amount] of [
    ['Stufe 1', '5'],
    ['Stufe 2', '15'],
  ] as const) {
    await host.getByTestId('new-tier').click();
    const form = host.getByTestId('tier-form');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('button', { name: 'Stufe anlegen' }).click();
    const card = host.getByTestId('tier-card').filter({ has: host.getByRole('heading', { name }) });
    await expect(card).toBeVisible();
    await card.getByTestId('add-price').click();
    const price = card.getByTestId('price-form');
    await price.getByRole('textbox', { name: 'Betrag' }).fill(amount);
    await price.getByRole('button', { name: 'Preis anlegen' }).click();
    await expect(card.getByTestId('price-row')).toContainText(`${amount},00`);
  }
  await expectAccessible(host, 'tiers');

  // 3. A space for each tier (Verwaltung → Bereiche, the grant picker lists the tiers).
  await host.goto('/admin/spaces');
  for (const [space, tier] of [
    ['Lernraum Stufe 1', 'Stufe 1'],
    ['Mastermind Stufe 2', 'Stufe 2'],
  ] as const) {
    await host.getByRole('button', { name: 'Bereich anlegen' }).click();
    const form = host.getByTestId('space-form');
    await form.getByLabel('Name', { exact: true }).fill(space);
    await form.getByLabel('Wer sieht den Bereich?').selectOption('restricted');
    await form.getByRole('group', { name: 'Freigaben' }).getByLabel(tier, { exact: true }).check();
    await form.getByRole('button', { name: 'Bereich anlegen' }).click();
    await expect(host.getByTestId('admin-space').filter({ hasText: space })).toContainText(tier);
  }

  // 4. Enrolment closed, and a first preparatory mail right after confirmation.
  await host.goto('/admin/memberships/enrolment');
  await host.getByRole('radio', { name: 'geschlossen' }).check();
  await host.getByRole('radio', { name: 'geschlossen' }).locator('xpath=ancestor::form').getByRole('button', { name: 'Speichern' }).click();
  await expect(host.getByText('Gerade geschlossen')).toBeVisible();
  await host.getByRole('button', { name: 'Mail hinzufügen' }).click();
  await host.getByLabel('Betreff').last().fill('Willkommen auf der Liste');
  await host.getByRole('spinbutton', { name: 'Tage nach der Bestätigung' }).fill('0');
  await host.getByLabel('Text', { exact: true }).last().fill('Hallo {{name}},\n\nschön, dass du dich für die Community interessierst.');
  await host.getByRole('button', { name: 'Mail anlegen' }).click();
  await expect(host.getByText(/Gleich nach der Bestätigung ·/)).toBeVisible();
  await expectAccessible(host, 'enrolment');

  // 5. A visitor joins the interest list on the public page (no JavaScript needed there).
  const visitorContext = await browser.newContext({ locale: 'de-DE', baseURL: BASE });
  const vera = await visitorContext.newPage();
  await vera.goto('/join');
  await expect(vera.getByRole('heading', { name: 'Stufe 1' })).toBeVisible();
  await expect(vera.getByText('Die Anmeldung ist gerade geschlossen.')).toBeVisible();
  await expectAccessible(vera, 'public page, closed');
  await vera.getByLabel('E-Mail-Adresse').fill(VERA.email);
  await vera.getByLabel('Name (optional)').fill('Vera');
  await vera.getByRole('checkbox').check();
  await vera.getByRole('button', { name: 'Auf die Interessentenliste' }).click();
  await expect(vera.getByRole('status')).toContainText('Fast geschafft');

  // 6. The confirmation mail (no advertising in it), its link, one click.
  const confirm = await waitForMail(VERA.email, (m) => m.text.includes('/join/interest/confirm'));
  expect(confirm.text).not.toContain('Willkommen auf der Liste');
  await vera.goto(linkIn(confirm, '/join/interest/confirm'));
  await vera.getByRole('button', { name: 'Ja, ich möchte auf die Liste' }).click();
  await expect(vera.getByRole('heading', { level: 1 })).toHaveText('Du stehst auf der Interessentenliste');
  const first = await waitForMail(VERA.email, (m) => m.subject === 'Willkommen auf der Liste');
  expect(first.text).toContain('Hallo Vera,');
  expect(first.text).toContain('/join/interest/withdraw');

  // 7. The host opens enrolment: the list hears of it.
  await host.getByRole('radio', { name: 'offen', exact: true }).check();
  await host.getByRole('radio', { name: 'offen', exact: true }).locator('xpath=ancestor::form').getByRole('button', { name: 'Speichern' }).click();
  await expect(host.getByText('Gerade offen')).toBeVisible();
  await waitForMail(VERA.email, (m) => m.subject === 'Die Anmeldung ist offen');

  // 8. Vera buys Stufe 1: public page → checkout → sign-up → back to checkout → transfer.
  await vera.goto('/join');
  await vera.getByRole('link', { name: /^Mitglied werden – Stufe 1,/ }).click();
  await expect(vera).toHaveURL(/\/checkout\?price=/);
  await expect(vera.getByTestId('checkout-price')).toContainText('5,00');
  await vera.getByRole('link', { name: 'Konto anlegen' }).click();
  await vera.getByLabel('Dein Name').fill(VERA.name);
  await vera.getByLabel('E-Mail-Adresse').fill(VERA.email);
  await vera.getByLabel('Passwort', { exact: true }).fill(VERA.password);
  await vera.getByRole('button', { name: /Registrieren|Konto anlegen/ }).click();
  const verify = await waitForMail(VERA.email, (m) => m.text.includes('verify-email'));
  await vera.goto(linkIn(verify, 'verify-email'));
  await vera.getByRole('link', { name: 'Zur Anmeldung' }).click();
  await vera.getByLabel('E-Mail-Adresse').fill(VERA.email);
  await vera.getByLabel('Passwort', { exact: true }).fill(VERA.password);
  await vera.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(vera).toHaveURL(/\/checkout\?price=/);
  await vera.getByLabel('Name oder Firma').fill('Vera Neugier');
  await vera.getByLabel('Anschrift').fill('Gartenweg 3\n04109 Leipzig');
  await expect(vera.getByRole('radio', { name: /Überweisung/ })).toBeChecked();
  await expectAccessible(vera, 'checkout');
  await vera.getByRole('button', { name: 'Zahlungspflichtig bestellen' }).click();
  await expect(vera).toHaveURL(/\/membership\?order=/);
  await expect(vera.getByText('DE89370400440532013000').or(vera.getByText('DE89 3704 0044 0532 0130 00')).first()).toBeVisible();
  await expectAccessible(vera, 'membership, transfer pending');
  // Not yet paid: nothing of Stufe 1 yet.
  await vera.goto('/spaces');
  await expect(vera.getByRole('link', { name: 'Lernraum Stufe 1' })).toHaveCount(0);

  // 9. The host confirms the transfer.
  await host.goto('/admin/memberships/payments');
  const invoice = host.getByTestId('ms-open-invoice').filter({ hasText: VERA.name });
  await invoice.getByRole('button', { name: /Zahlung eingegangen/ }).click();
  await host.getByTestId('ms-confirm-step').getByRole('button', { name: 'Ja, freischalten' }).click();
  await expect(host.getByTestId('ms-open-invoice').filter({ hasText: VERA.name })).toHaveCount(0);
  await expectAccessible(host, 'payments');

  // 10. Vera sees exactly the Stufe-1 spaces, and her paid invoice.
  await vera.goto('/spaces');
  await expect(vera.getByRole('link', { name: 'Lernraum Stufe 1' })).toBeVisible();
  await expect(vera.getByRole('link', { name: 'Mastermind Stufe 2' })).toHaveCount(0);
  await vera.goto('/membership');
  await expect(vera.getByTestId('membership-status').first()).toHaveText('Aktiv');
  const pdf = vera.getByRole('link', { name: /PDF/ }).first();
  await expect(pdf).toHaveAttribute('href', /\/api\/memberships\/invoices\/.+\/pdf$/);
  const download = await vera.request.get((await pdf.getAttribute('href'))!);
  expect(download.headers()['content-type']).toBe('application/pdf');
  await waitForMail(VERA.email, (m) => m.subject.includes('Willkommen bei'));

  // 11. The host's overview counts her.
  await host.goto('/admin/memberships');
  await expect(host.getByTestId('ms-figures').or(host.locator('main')).first()).toContainText('Mitglieder');
  await expectAccessible(host, 'dashboard');
  await hostContext.close();
  await visitorContext.close();
});
