import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';
import type { InterestMailInput, MembershipSettingsPatch, PublicOffer } from '../schema.ts';
import { type CardProvider, createBilling } from './billing.ts';
import { createCatalogue, enrolmentOpen, type SettingsRow } from './catalogue.ts';
import { createDashboard } from './dashboard.ts';
import type { PageLocale, PublicPageData } from './documents.ts';
import { createInterest } from './interest.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { SMALL_BUSINESS_NOTE } from './pricing.ts';
import { PUBLIC_PAGE_CSS, renderInterestActionPage, renderInterestResultPage, renderPublicPage } from './public-page.ts';
import { createStripeEvents } from './stripe-events.ts';
import { createStripeProvider } from './stripe.ts';

export interface MembershipsDeps {
  db: Kysely<any>;
  sendMail: (input: SendMailInput, trx?: Kysely<any>) => Promise<unknown>;
  secret: string;
  publicUrl: string;
  /** Markdown → sanitized HTML (the host's pitch). */
  render: (markdown: string) => string;
  community: () => Promise<{ name: string; brandColor: string; logoUrl: string | null; defaultLocale: 'de' | 'en' | 'sv' }>;
  logger: Logger;
  /** Tests point the Stripe client at a local fake. */
  stripeApiBase?: string;
  now?: () => Date;
}

const LOCALES = new Set(['de', 'en', 'sv']);

/** The memberships module: tiers, payments, access grants, the interest list and the host's numbers. */
export function createMembershipsService(deps: MembershipsDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());

  // One Stripe client per key pair; no key, no Stripe.
  let cached: { key: string; provider: CardProvider & ReturnType<typeof createStripeProvider> } | null = null;
  function stripe(s: SettingsRow) {
    if (!s.stripe_secret_key) return null;
    const key = `${s.stripe_secret_key}\n${s.stripe_webhook_secret}`;
    if (cached?.key !== key) {
      cached = { key, provider: createStripeProvider({ secretKey: s.stripe_secret_key, webhookSecret: s.stripe_webhook_secret, apiBase: deps.stripeApiBase }) };
    }
    return cached.provider;
  }

  let interestRef: ReturnType<typeof createInterest> | null = null;
  const catalogue = createCatalogue({
    db,
    render: deps.render,
    now,
    onSettingsChanged: async () => void (await interestRef?.mailOpening()),
  });
  const billing = createBilling({
    db,
    catalogue,
    sendMail: deps.sendMail,
    publicUrl: deps.publicUrl,
    card: stripe,
    now,
    logger,
  });
  const interest = createInterest({
    db,
    catalogue,
    sendMail: deps.sendMail,
    secret: deps.secret,
    publicUrl: deps.publicUrl,
    now,
    defaultLocale: async () => (await deps.community()).defaultLocale,
  });
  interestRef = interest;
  const dashboard = createDashboard({ db, catalogue, billing });
  const stripeEvents = createStripeEvents({ db, billing, catalogue, logger });

  async function pageLocale(actor: Actor | null, acceptLanguage: string | null): Promise<PageLocale> {
    if (actor && LOCALES.has(actor.locale)) return actor.locale as PageLocale;
    for (const part of (acceptLanguage ?? '').split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (LOCALES.has(tag)) return tag as PageLocale;
    }
    return (await deps.community()).defaultLocale;
  }

  async function offer(invite?: string): Promise<PublicOffer> {
    const s = await catalogue.settingsRow();
    const tiers = await catalogue.listTiers({ host: false });
    // Invite-only tiers show only with their own code.
    const invited = new Set(invite ? (await catalogue.tierRows()).filter((r) => r.invite_code === invite).map((r) => r.id) : []);
    const products = await catalogue.listProducts();
    return {
      enrolmentOpen: enrolmentOpen(s, now()),
      enrolmentOpensAt: s.enrolment_opens_at ? new Date(s.enrolment_opens_at).toISOString() : null,
      enrolmentClosesAt: s.enrolment_closes_at ? new Date(s.enrolment_closes_at).toISOString() : null,
      stripeEnabled: Boolean(stripe(s)),
      products: products.map((p) => ({ id: p.id, name: p.name })),
      taxRateBp: s.tax_rate_bp,
      smallBusiness: s.small_business,
      tiers: tiers.filter((t) => !t.inviteOnly || invited.has(t.id)),
    };
  }

  async function publicPageData(actor: Actor | null, o: { flash?: string; form?: PublicPageData['form']; acceptLanguage: string | null }): Promise<PublicPageData> {
    const [s, community, locale] = await Promise.all([catalogue.settingsRow(), deps.community(), pageLocale(actor, o.acceptLanguage)]);
    const tiers = await catalogue.listTiers({ host: false });
    const products = new Map((await catalogue.listProducts()).map((p) => [p.id, p.name]));
    const t = now();
    const open = enrolmentOpen(s, t);
    let state: PublicPageData['enrolment']['state'] = open ? 'open' : 'closed';
    if (!open && s.enrolment_mode === 'window') {
      if (s.enrolment_opens_at && t < new Date(s.enrolment_opens_at)) state = 'upcoming';
      else if (s.enrolment_closes_at && t >= new Date(s.enrolment_closes_at)) state = 'ended';
    }
    const flashes = ['interest_requested', 'interest_confirmed', 'interest_withdrawn', 'interest_invalid', 'interest_error'];
    const flash = o.flash ? `interest_${o.flash}` : null;
    return {
      locale,
      community: { name: community.name, brandColor: community.brandColor, logoUrl: community.logoUrl },
      headline: s.headline,
      pitchHtml: s.pitch_html,
      enrolment: { state, opensAt: s.enrolment_opens_at ? new Date(s.enrolment_opens_at) : null, closesAt: s.enrolment_closes_at ? new Date(s.enrolment_closes_at) : null },
      tiers: tiers
        .filter((tier) => !tier.inviteOnly)
        .map((tier) => ({
          id: tier.id,
          name: tier.name,
          description: tier.description,
          includes: tier.includes,
          free: tier.free,
          trialDays: tier.trialDays,
          spotsLeft: tier.memberLimit === null ? null : Math.max(0, tier.memberLimit - tier.members),
          prices: tier.prices
            .filter((p) => p.active)
            .map((p) => ({
              id: p.id,
              interval: p.interval,
              amount: p.amount,
              currency: p.currency,
              taxIncluded: p.taxIncluded,
              label: p.label,
              usesLeft: p.maxUses === null ? null : Math.max(0, p.maxUses - p.uses),
              availableUntil: p.availableUntil ? new Date(p.availableUntil) : null,
              products: p.productIds.map((id) => products.get(id)).filter((n): n is string => Boolean(n)),
            })),
        })),
      taxNote: s.small_business ? (SMALL_BUSINESS_NOTE[locale] ?? '') : '',
      taxRateBp: s.small_business ? 0 : s.tax_rate_bp,
      imprintUrl: s.imprint_url,
      privacyUrl: s.privacy_url,
      consentText: catalogue.presentSettings(s, locale).consentText,
      viewer: { signedIn: Boolean(actor), name: actor?.name ?? null },
      flash: flash && flashes.includes(flash) ? (flash as PublicPageData['flash']) : null,
      ...(o.form ? { form: o.form } : {}),
    };
  }

  function requireHost(actor: Actor) {
    if (actor.role !== 'admin' && actor.role !== 'owner') throw new AppError('forbidden', 'Only hosts manage memberships.');
  }

  return {
    catalogue,
    billing,
    interest,
    dashboard,
    grants: billing.grants,
    offer,
    pageCss: PUBLIC_PAGE_CSS,
    pageLocale,

    async settings(actor: Actor) {
      requireHost(actor);
      return catalogue.presentSettings(await catalogue.settingsRow(), actor.locale);
    },

    async updateSettings(actor: Actor, patch: MembershipSettingsPatch) {
      requireHost(actor);
      return catalogue.updateSettings(patch, actor.locale);
    },

    async saveInterestMail(id: string | null, input: InterestMailInput) {
      const mail = await interest.saveMail(id, input);
      // A mail due right away ("0 days after joining") goes out without waiting for the next tick.
      await interest.tick();
      return mail;
    },

    async afterConfirm() {
      await interest.tick();
    },

    async addPause(actor: Actor, input: { startsOn: string; endsOn: string; reason: string }) {
      const p = await billing.addPause(actor, input);
      await billing.tick();
      return (await billing.listPauses()).find((x) => x.id === p.id) ?? p;
    },

    /** Runs the scheduled housekeeping of billing and the interest list. */
    async tick() {
      const b = await billing.tick();
      const i = await interest.tick();
      return { ...b, interestMails: i.sent };
    },

    async invoicePdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer }> {
      const community = await deps.community();
      const { doc, locale } = await billing.invoiceDocument(actor, id, community.name);
      return { number: doc.number, pdf: await renderInvoicePdf(doc, locale) };
    },

    async stripeWebhook(body: string, signature: string | null): Promise<boolean> {
      const s = await catalogue.settingsRow();
      const provider = stripe(s);
      if (!provider || !s.stripe_webhook_secret) throw new AppError('not_found', 'Stripe is not set up in this community.');
      const event = provider.verifyWebhook(body, signature);
      return stripeEvents.apply(event);
    },

    async publicPage(actor: Actor | null, o: { flash?: string; form?: PublicPageData['form']; acceptLanguage: string | null }): Promise<string> {
      return renderPublicPage(await publicPageData(actor, o));
    },

    async interestPage(actor: Actor | null, purpose: 'confirm' | 'withdraw', token: string, acceptLanguage: string | null): Promise<string> {
      const [community, locale] = await Promise.all([deps.community(), pageLocale(actor, acceptLanguage)]);
      const c = { name: community.name, brandColor: community.brandColor, logoUrl: community.logoUrl };
      if (!interest.tokenIsValid(purpose, token)) return renderInterestResultPage({ locale, community: c, kind: 'invalid' });
      return renderInterestActionPage({ locale, community: c, purpose, token });
    },

    async resultPage(actor: Actor | null, kind: 'confirmed' | 'withdrawn' | 'invalid', acceptLanguage: string | null): Promise<string> {
      const [community, locale] = await Promise.all([deps.community(), pageLocale(actor, acceptLanguage)]);
      return renderInterestResultPage({ locale, community: { name: community.name, brandColor: community.brandColor, logoUrl: community.logoUrl }, kind });
    },

  };
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
