import { z } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { clientIp } from '../../../platform/http/client-ip.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { errorResponses, json, jsonBody, noContent } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import {
  BillingPause,
  CheckoutInput,
  CheckoutResult,
  Coupon,
  CouponInput,
  Dashboard,
  GrantInput,
  HistoryEntry,
  InterestInput,
  InterestMail,
  InterestMailInput,
  InterestSignup,
  InvoiceSummary,
  MemberFilter,
  MemberRow,
  MembershipSettings,
  MembershipSettingsPatch,
  MyMembership,
  PauseInput,
  Price,
  PriceInput,
  Product,
  ProductInput,
  PublicOffer,
  Quote,
  RevokeInput,
  Tier,
  TierInput,
} from '../schema.ts';
import type { MembershipsService } from './service.ts';

const actor = (c: Context<AppEnv>): Actor => c.get('actor')!;
const tags = ['memberships'];
const Id = z.object({ id: z.string().uuid() });
const notFound = { 404: json(z.any(), 'Not found') };
const conflict = { 409: json(z.any(), 'Conflict') };

/** The memberships module's JSON API. */
export function membershipRoutes(app: Api, m: MembershipsService, opts: { trustProxy: boolean }): void {
  // --- public ---
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/memberships/offer',
      tags,
      summary: 'Tiers and prices on sale (an invite code adds its invite-only tier)',
      request: { query: z.object({ invite: z.string().max(64).optional() }) },
      responses: { 200: json(PublicOffer) },
    }),
    async (c) => c.json(await m.offer(c.req.valid('query').invite), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/memberships/interest',
      tags,
      summary: 'Join the interest list (double opt-in: a confirmation mail is sent)',
      request: jsonBody(InterestInput),
      responses: { 202: json(z.object({ status: z.literal('confirmation_sent') })), 400: errorResponses[400] },
    }),
    async (c) => {
      await m.interest.join(c.req.valid('json'), clientIp(c, opts.trustProxy));
      return c.json({ status: 'confirmation_sent' as const }, 202);
    },
  );
  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/memberships/stripe/webhook',
      tags,
      summary: 'Stripe webhook (signature checked against the raw body)',
      responses: { 200: json(z.object({ received: z.boolean(), applied: z.boolean() })), 400: errorResponses[400], 404: json(z.any(), 'Stripe not set up') },
    }),
    async (c) => {
      const body = await c.req.text();
      const applied = await m.stripeWebhook(body, c.req.header('stripe-signature') ?? null);
      return c.json({ received: true, applied }, 200);
    },
  );

  // --- members ---
  app.openapi(
    defineRoute('member', { method: 'get', path: '/api/memberships/me', tags, summary: 'My memberships, invoices and billing details', responses: { 200: json(MyMembership), ...errorResponses } }),
    async (c) => c.json(await m.billing.mine(actor(c)), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/memberships/quote',
      tags,
      summary: 'What a price costs with an optional coupon',
      request: jsonBody(z.object({ priceId: z.string().uuid(), couponCode: z.string().trim().max(40).optional() }).strict()),
      responses: { 200: json(Quote), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await m.billing.quote(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/memberships/checkout',
      tags,
      summary: 'Buy a tier (bank transfer or Stripe) or join a free one',
      request: jsonBody(CheckoutInput),
      responses: { 201: json(CheckoutResult), ...errorResponses, ...notFound, ...conflict, 422: json(z.any(), 'Provider not available'), 502: json(z.any(), 'Provider failed') },
    }),
    async (c) => c.json(await m.billing.checkout(actor(c), c.req.valid('json')), 201),
  );
  for (const action of ['cancel', 'resume'] as const) {
    app.openapi(
      defineRoute('member', {
        method: 'post',
        path: `/api/memberships/subscriptions/{id}/${action}`,
        tags,
        summary: action === 'cancel' ? 'Cancel my membership at the end of the paid period' : 'Take a cancellation back',
        request: { params: Id },
        responses: { ...noContent, ...errorResponses, ...notFound, ...conflict },
      }),
      async (c) => {
        await m.billing[action](actor(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
  }
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/memberships/subscriptions/{id}/pause',
      tags,
      summary: 'Pause my membership after the paid period for some months (null ends a pause)',
      request: { params: Id, ...jsonBody(z.object({ months: z.number().int().min(1).max(12).nullable() }).strict()) },
      responses: { ...noContent, ...errorResponses, ...notFound, ...conflict },
    }),
    async (c) => {
      await m.billing.pause(actor(c), c.req.valid('param').id, c.req.valid('json').months);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/memberships/portal', tags, summary: 'A Stripe customer portal link (card, cancellation)', responses: { 200: json(z.object({ url: z.string() })), ...errorResponses, ...notFound } }),
    async (c) => c.json({ url: await m.billing.portal(actor(c)) }, 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/memberships/invoices/{id}/pdf',
      tags,
      summary: 'An invoice as PDF (its member or a host)',
      request: { params: Id },
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.any() } } }, ...errorResponses, ...notFound },
    }),
    async (c) => {
      const { number, pdf } = await m.invoicePdf(actor(c), c.req.valid('param').id);
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="Rechnung-${number}.pdf"`,
        'Cache-Control': 'private, no-store',
      });
    },
  );

  // --- hosts ---
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/settings', tags, summary: 'Membership settings', responses: { 200: json(MembershipSettings), ...errorResponses } }),
    async (c) => c.json(await m.settings(actor(c)), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'patch', path: '/api/memberships/settings', tags, summary: 'Change membership settings', request: jsonBody(MembershipSettingsPatch), responses: { 200: json(MembershipSettings), ...errorResponses } }),
    async (c) => c.json(await m.updateSettings(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/tiers', tags, summary: 'All tiers with prices and member counts', responses: { 200: json(z.object({ items: z.array(Tier) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.catalogue.listTiers({ host: true, includeArchived: true }) }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/tiers', tags, summary: 'Create a tier', request: jsonBody(TierInput), responses: { 201: json(Tier), ...errorResponses } }),
    async (c) => c.json(await m.catalogue.createTier(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'put', path: '/api/memberships/tiers/{id}', tags, summary: 'Change a tier', request: { params: Id, ...jsonBody(TierInput) }, responses: { 200: json(Tier), ...errorResponses, ...notFound } }),
    async (c) => c.json(await m.catalogue.updateTier(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/memberships/tiers/{id}/archive',
      tags,
      summary: 'Stop or resume selling a tier (running memberships keep access)',
      request: { params: Id, ...jsonBody(z.object({ archived: z.boolean() }).strict()) },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await m.catalogue.archiveTier(c.req.valid('param').id, c.req.valid('json').archived);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/tiers/{id}/invite-code', tags, summary: 'A new invitation link code (the old link stops working)', request: { params: Id }, responses: { 200: json(Tier), ...errorResponses, ...notFound } }),
    async (c) => c.json(await m.catalogue.newInviteCode(c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/tiers/{id}/prices', tags, summary: 'Add a price (or a limited offer, or a bundle) to a tier', request: { params: Id, ...jsonBody(PriceInput) }, responses: { 201: json(Price), ...errorResponses, ...notFound, ...conflict } }),
    async (c) => c.json(await m.catalogue.addPrice(c.req.valid('param').id, c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'patch', path: '/api/memberships/prices/{id}', tags, summary: 'Retire or re-offer a price', request: { params: Id, ...jsonBody(z.object({ active: z.boolean() }).strict()) }, responses: { 200: json(Price), ...errorResponses, ...notFound } }),
    async (c) => c.json(await m.catalogue.setPriceActive(c.req.valid('param').id, c.req.valid('json').active), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/products', tags, summary: 'Products that can be bundled with a tier', responses: { 200: json(z.object({ items: z.array(Product) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.catalogue.listProducts() }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/products', tags, summary: 'Create a product', request: jsonBody(ProductInput), responses: { 201: json(Product), ...errorResponses } }),
    async (c) => c.json(await m.catalogue.createProduct(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'delete', path: '/api/memberships/products/{id}', tags, summary: 'Archive a product', request: { params: Id }, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await m.catalogue.archiveProduct(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/coupons', tags, summary: 'Coupons', responses: { 200: json(z.object({ items: z.array(Coupon) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.catalogue.listCoupons() }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/coupons', tags, summary: 'Create a coupon', request: jsonBody(CouponInput), responses: { 201: json(Coupon), ...errorResponses, ...conflict } }),
    async (c) => c.json(await m.catalogue.createCoupon(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'delete', path: '/api/memberships/coupons/{id}', tags, summary: 'Archive a coupon', request: { params: Id }, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await m.catalogue.archiveCoupon(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/memberships/invoices',
      tags,
      summary: 'Invoices, newest first (filter open ones to confirm payments)',
      request: { query: z.object({ status: z.enum(['open', 'paid', 'void']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(InvoiceSummary) })), ...errorResponses },
    }),
    async (c) => c.json(await m.billing.listInvoices({ status: c.req.valid('query').status }), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/invoices/{id}/confirm', tags, summary: 'Confirm that a bank transfer arrived', request: { params: Id }, responses: { 200: json(InvoiceSummary), ...errorResponses, ...notFound, ...conflict } }),
    async (c) => c.json(await m.billing.confirmPayment(actor(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/memberships/invoices/{id}/void',
      tags,
      summary: 'Cancel an open invoice (an unpaid order is given up with it)',
      request: { params: Id, ...jsonBody(z.object({ reason: z.string().trim().min(3).max(500) }).strict()) },
      responses: { 200: json(InvoiceSummary), ...errorResponses, ...notFound, ...conflict },
    }),
    async (c) => c.json(await m.billing.voidInvoice(actor(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/memberships/members',
      tags,
      summary: 'Accounts with their memberships, filtered by tier, status and join date',
      request: { query: MemberFilter },
      responses: { 200: json(z.object({ items: z.array(MemberRow), nextCursor: z.string().nullable() })), ...errorResponses },
    }),
    async (c) => c.json(await m.dashboard.members(c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/memberships/members/{userId}/history',
      tags,
      summary: "A member's membership history with reasons",
      request: { params: z.object({ userId: z.string().min(1).max(200) }) },
      responses: { 200: json(z.object({ items: z.array(HistoryEntry) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await m.dashboard.history(c.req.valid('param').userId) }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/grants', tags, summary: 'Grant a tier by hand, with a reason', request: jsonBody(GrantInput), responses: { ...noContent, ...errorResponses, ...notFound, ...conflict } }),
    async (c) => {
      await m.billing.grant(actor(c), c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/subscriptions/{id}/revoke', tags, summary: 'End a membership now, with a reason', request: { params: Id, ...jsonBody(RevokeInput) }, responses: { ...noContent, ...errorResponses, ...notFound, ...conflict } }),
    async (c) => {
      await m.billing.revoke(actor(c), c.req.valid('param').id, c.req.valid('json').reason);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/dashboard', tags, summary: 'Members per tier, MRR, new, churned, paused, revenue by month', responses: { 200: json(Dashboard), ...errorResponses } }),
    async (c) => c.json(await m.dashboard.dashboard(), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/dashboard.csv', tags, summary: 'The dashboard figures as CSV', responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses } }),
    async (c) =>
      c.body(await m.dashboard.csv(), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="mitgliedschaften.csv"',
        'Cache-Control': 'private, no-store',
      }),
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/pauses', tags, summary: 'Community-wide billing pauses', responses: { 200: json(z.object({ items: z.array(BillingPause) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.billing.listPauses() }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/pauses', tags, summary: 'Pause billing for everyone (e.g. a summer break)', request: jsonBody(PauseInput), responses: { 201: json(BillingPause), ...errorResponses } }),
    async (c) => c.json(await m.addPause(actor(c), c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'delete', path: '/api/memberships/pauses/{id}', tags, summary: 'Remove a pause that has not started', request: { params: Id }, responses: { ...noContent, ...errorResponses, ...notFound, ...conflict } }),
    async (c) => {
      await m.billing.removePause(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/memberships/interest',
      tags,
      summary: 'The interest list with consent records',
      request: { query: z.object({ status: z.enum(['pending', 'confirmed', 'withdrawn']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(InterestSignup), counts: z.record(z.string(), z.number()) })), ...errorResponses },
    }),
    async (c) => c.json(await m.interest.listSignups(c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'get', path: '/api/memberships/interest-mails', tags, summary: 'The preparatory mail sequence', responses: { 200: json(z.object({ items: z.array(InterestMail) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.interest.listMails() }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/memberships/interest-mails', tags, summary: 'Add a preparatory mail', request: jsonBody(InterestMailInput), responses: { 201: json(InterestMail), ...errorResponses } }),
    async (c) => c.json(await m.saveInterestMail(null, c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('admin', { method: 'put', path: '/api/memberships/interest-mails/{id}', tags, summary: 'Change a preparatory mail', request: { params: Id, ...jsonBody(InterestMailInput) }, responses: { 200: json(InterestMail), ...errorResponses, ...notFound } }),
    async (c) => c.json(await m.saveInterestMail(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'delete', path: '/api/memberships/interest-mails/{id}', tags, summary: 'Remove a preparatory mail', request: { params: Id }, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await m.interest.deleteMail(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}

/** Raw pages outside /api: the public community page and the interest-list links from mails. */
export function membershipPages(app: Hono<AppEnv>, m: MembershipsService, opts: { trustProxy: boolean }): void {
  const html = (c: Context<AppEnv>, body: string, status: 200 | 400 = 200) =>
    c.body(body, status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });

  app.get('/join', async (c) => {
    const flash = c.req.query('interest');
    return html(c, await m.publicPage(c.get('actor'), { flash, acceptLanguage: c.req.header('accept-language') ?? null }));
  });
  app.get('/join/page.css', (c) => c.body(m.pageCss, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  // The interest-list form posts here without JavaScript; errors re-render the page with the values kept.
  app.post('/join/interest', async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new AppError('bad_request', 'Unreadable form.');
    }
    const values = { email: String(form.email ?? '').slice(0, 300), name: String(form.name ?? '').slice(0, 200) };
    const parsed = InterestInput.safeParse({ email: values.email, name: values.name, consent: form.consent === 'yes' || form.consent === 'on' });
    if (!parsed.success) {
      const errors: Partial<Record<'email' | 'name' | 'consent', string>> = {};
      for (const issue of parsed.error.issues) {
        const k = String(issue.path[0]) as 'email' | 'name' | 'consent';
        errors[k] ??= k;
      }
      return html(c, await m.publicPage(c.get('actor'), { form: { ...values, errors }, acceptLanguage: c.req.header('accept-language') ?? null }), 400);
    }
    const locale = await m.pageLocale(c.get('actor'), c.req.header('accept-language') ?? null);
    await m.interest.join({ ...parsed.data, locale }, clientIp(c, opts.trustProxy));
    return c.redirect('/join?interest=requested#interest', 303);
  });

  for (const purpose of ['confirm', 'withdraw'] as const) {
    // GET shows a button (mail scanners follow links); POST does it. RFC 8058 one-click posts directly.
    app.get(`/join/interest/${purpose}`, async (c) => {
      const token = c.req.query('token') ?? '';
      return html(c, await m.interestPage(c.get('actor'), purpose, token, c.req.header('accept-language') ?? null));
    });
    app.post(`/join/interest/${purpose}`, async (c) => {
      let token = c.req.query('token') ?? '';
      if (!token) {
        const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        token = String((form as Record<string, unknown>).token ?? '');
      }
      const ok = purpose === 'confirm' ? await m.interest.confirm(token, clientIp(c, opts.trustProxy)) : await m.interest.withdraw(token);
      if (ok && purpose === 'confirm') await m.afterConfirm();
      const kind = ok ? (purpose === 'confirm' ? 'confirmed' : 'withdrawn') : 'invalid';
      return html(c, await m.resultPage(c.get('actor'), kind, c.req.header('accept-language') ?? null), ok ? 200 : 400);
    });
  }
}
