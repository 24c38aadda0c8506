import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Page, request } from '@playwright/test';

// Shared steps of the browser journeys: the running install's address, accessibility checks,
// signing in, members verified through the real SMTP sink, and first-run setup when needed.

export const PORT = Number(process.env.E2E_PORT ?? 3123);
export const BASE = `http://localhost:${PORT}`;
export const MAIL_SINK = `http://127.0.0.1:${Number(process.env.E2E_SMTP_PORT ?? 2525) + 1}`;
export const OWNER = { name: 'Olga Inhaberin', email: 'olga@example.org', password: 'olga-passwort-2026' };
export const ORIGIN = { Origin: BASE };

export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

/**
 * Signs in through the API. Sign-ins are rate-limited per IP (5 a minute) and every journey of the run
 * comes from 127.0.0.1, so a 429 is waited out as its `Retry-After` says, as a real client would.
 */
export async function signIn(context: BrowserContext, who: { email: string; password: string }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await context.request.post('/api/auth/sign-in/email', {
      data: { email: who.email, password: who.password },
      headers: ORIGIN,
    });
    if (res.status() === 429) {
      const wait = Number(res.headers()['retry-after'] ?? 30);
      await new Promise((r) => setTimeout(r, (Math.min(wait, 65) + 1) * 1000));
      continue;
    }
    expect(res.status(), `sign-in of ${who.email}`).toBe(200);
    return;
  }
  throw new Error(`sign-in of ${who.email} stayed rate-limited`);
}

/** Polls the SMTP sink for the verification link mailed to `to`. */
export async function verificationLink(to: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const list = (await (await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(to)}`)).json()) as { text: string }[];
    const link = list.map((m) => m.text.match(/https?:\/\/\S+verify-email\S+/)?.[0]).find(Boolean);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no verification mail to ${to}`);
}

/** A verified, signed-in member in their own browser context. */
export async function member(browser: Browser, who: Person, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ locale: 'de-DE', baseURL: BASE, ...(viewport ? { viewport } : {}) });
  const up = await context.request.post('/api/auth/sign-up/email', {
    data: { name: who.name, email: who.email, password: who.password, callbackURL: '/verified' },
    headers: ORIGIN,
  });
  expect(up.ok(), `sign-up of ${who.email}: ${await up.text()}`).toBeTruthy();
  const link = await verificationLink(who.email);
  await context.request.get(link, { maxRedirects: 0 });
  await signIn(context, who);
  return context.newPage();
}


export interface Person {
  name: string;
  email: string;
  password: string;
}

/** Runs first-run setup through the API unless another journey already did. */
export async function ensureSetup(): Promise<void> {
  const api = await request.newContext({ baseURL: BASE });
  const setup = (await (await api.get('/api/setup')).json()) as { needed: boolean };
  if (setup.needed) {
    const res = await api.post('/api/setup', {
      data: { communityName: 'Praxis-Community Ressourcen', name: OWNER.name, email: OWNER.email, password: OWNER.password },
      headers: ORIGIN,
    });
    expect(res.status()).toBe(201);
  }
  await api.dispose();
}
