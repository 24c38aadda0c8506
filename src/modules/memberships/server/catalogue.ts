import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type {
  Coupon,
  CouponInput,
  MembershipSettings,
  MembershipSettingsPatch,
  Price,
  PriceInput,
  Product,
  Tier,
  TierInput,
} from '../schema.ts';

/** The membership settings row, as stored. */
export interface SettingsRow {
  headline: string;
  pitch: string;
  pitch_html: string;
  enrolment_mode: 'open' | 'closed' | 'window';
  enrolment_opens_at: Date | null;
  enrolment_closes_at: Date | null;
  opening_mail_subject: string;
  opening_mail_body: string;
  opening_mailed_at: Date | null;
  seller_name: string;
  seller_address: string;
  seller_email: string;
  tax_number: string;
  vat_id: string;
  small_business: boolean;
  tax_rate_bp: number;
  bank_holder: string;
  iban: string;
  bic: string;
  payment_terms_days: number;
  imprint_url: string;
  privacy_url: string;
  stripe_secret_key: string;
  stripe_webhook_secret: string;
  member_pause_allowed: boolean;
  member_pause_max_months: number;
  consent_version: number;
  consent_text: string;
}

export interface TierRow {
  id: string;
  name: string;
  description: string;
  includes: string[];
  position: number;
  includes_lower: boolean;
  free: boolean;
  invite_only: boolean;
  invite_code: string;
  trial_days: number;
  member_limit: number | null;
  archived_at: Date | null;
}

export interface PriceRow {
  id: string;
  tier_id: string;
  interval: 'month' | 'year' | 'once';
  amount: number;
  currency: 'EUR' | 'SEK' | 'CHF';
  tax_included: boolean;
  label: string;
  max_uses: number | null;
  uses: number;
  available_until: Date | null;
  product_ids: string[];
  active: boolean;
}

export interface CouponRow {
  id: string;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: 'EUR' | 'SEK' | 'CHF' | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_months: number | null;
  max_redemptions: number | null;
  redemptions: number;
  expires_at: Date | null;
  tier_ids: string[];
  archived_at: Date | null;
}

/** A subscription grants access now: paid (or trial) period running, not paused, not pending. */
export const GRANTING = sql<boolean>`(s.status in ('trialing', 'active', 'past_due', 'canceled')
  and s.activated_at is not null
  and (s.current_period_end is null or s.current_period_end > now())
  and not (s.pause_from is not null and s.pause_from <= now() and (s.pause_until is null or s.pause_until > now())))`;

const DEFAULT_CONSENT: Record<string, string> = {
  de: 'Ich möchte erfahren, wann die Anmeldung öffnet, und bis dahin vorbereitende E-Mails bekommen. Ich kann mich jederzeit mit einem Klick austragen.',
  en: 'I want to hear when enrolment opens and get preparatory emails until then. I can leave the list with one click at any time.',
  sv: 'Jag vill få veta när anmälan öppnar och få förberedande mejl fram till dess. Jag kan när som helst avregistrera mig med ett klick.',
};

export function defaultConsent(locale: string): string {
  return DEFAULT_CONSENT[locale] ?? (DEFAULT_CONSENT.de as string);
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Open right now, from the mode and the window's dates. */
export function enrolmentOpen(s: Pick<SettingsRow, 'enrolment_mode' | 'enrolment_opens_at' | 'enrolment_closes_at'>, now: Date): boolean {
  if (s.enrolment_mode === 'open') return true;
  if (s.enrolment_mode === 'closed') return false;
  if (s.enrolment_opens_at && now < new Date(s.enrolment_opens_at)) return false;
  if (s.enrolment_closes_at && now >= new Date(s.enrolment_closes_at)) return false;
  return true;
}

export function presentPrice(p: PriceRow): Price {
  return {
    id: p.id,
    tierId: p.tier_id,
    interval: p.interval,
    amount: p.amount,
    currency: p.currency,
    taxIncluded: p.tax_included,
    label: p.label,
    maxUses: p.max_uses,
    uses: p.uses,
    availableUntil: iso(p.available_until),
    productIds: p.product_ids,
    active: p.active,
  };
}

/** Can this price still be bought (active, offer not expired, places left)? */
export function priceAvailable(p: PriceRow, now: Date): boolean {
  if (!p.active) return false;
  if (p.available_until && now >= new Date(p.available_until)) return false;
  return p.max_uses === null || p.uses < p.max_uses;
}

function presentCoupon(c: CouponRow): Coupon {
  return {
    id: c.id,
    code: c.code,
    percentOff: c.percent_off,
    amountOff: c.amount_off,
    currency: c.currency,
    duration: c.duration,
    durationMonths: c.duration_months,
    maxRedemptions: c.max_redemptions,
    redemptions: c.redemptions,
    expiresAt: iso(c.expires_at),
    tierIds: c.tier_ids,
    archived: c.archived_at !== null,
  };
}

export interface CatalogueDeps {
  db: Kysely<any>;
  render: (markdown: string) => string;
  now: () => Date;
  /** Called after a change that may open enrolment (to mail the interest list once). */
  onSettingsChanged?: () => Promise<void>;
}

/** Settings, tiers, prices, products and coupons: what a host sets up. Callers check the host role. */
export function createCatalogue(deps: CatalogueDeps) {
  const { db, now } = deps;

  async function settingsRow(trx: Kysely<any> = db): Promise<SettingsRow> {
    const row = await trx.selectFrom('membership_settings').selectAll().executeTakeFirst();
    if (row) return row as SettingsRow;
    await trx.insertInto('membership_settings').values({ singleton: true }).onConflict((oc) => oc.doNothing()).execute();
    return (await trx.selectFrom('membership_settings').selectAll().executeTakeFirstOrThrow()) as SettingsRow;
  }

  function presentSettings(s: SettingsRow, locale: string): MembershipSettings {
    return {
      headline: s.headline,
      pitch: s.pitch,
      enrolmentMode: s.enrolment_mode,
      enrolmentOpensAt: iso(s.enrolment_opens_at),
      enrolmentClosesAt: iso(s.enrolment_closes_at),
      enrolmentOpen: enrolmentOpen(s, now()),
      openingMailSubject: s.opening_mail_subject,
      openingMailBody: s.opening_mail_body,
      openingMailedAt: iso(s.opening_mailed_at),
      sellerName: s.seller_name,
      sellerAddress: s.seller_address,
      sellerEmail: s.seller_email,
      taxNumber: s.tax_number,
      vatId: s.vat_id,
      smallBusiness: s.small_business,
      taxRateBp: s.tax_rate_bp,
      bankHolder: s.bank_holder,
      iban: s.iban,
      bic: s.bic,
      paymentTermsDays: s.payment_terms_days,
      imprintUrl: s.imprint_url,
      privacyUrl: s.privacy_url,
      stripeConfigured: s.stripe_secret_key !== '',
      stripeWebhookConfigured: s.stripe_webhook_secret !== '',
      memberPauseAllowed: s.member_pause_allowed,
      memberPauseMaxMonths: s.member_pause_max_months,
      consentText: s.consent_text || defaultConsent(locale),
      consentVersion: s.consent_version,
    };
  }

  async function tierRows(opts: { includeArchived?: boolean } = {}): Promise<TierRow[]> {
    let q = db.selectFrom('tiers').selectAll().orderBy('position').orderBy('created_at');
    if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
    return (await q.execute()) as TierRow[];
  }

  async function requireTier(id: string, trx: Kysely<any> = db, lock = false): Promise<TierRow> {
    let q = trx.selectFrom('tiers').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const t = (await q.executeTakeFirst()) as TierRow | undefined;
    if (!t) throw new AppError('not_found', 'No such tier.');
    return t;
  }

  async function listTiers(opts: { includeArchived?: boolean; host: boolean }): Promise<Tier[]> {
    const tiers = await tierRows(opts);
    if (tiers.length === 0) return [];
    const ids = tiers.map((t) => t.id);
    const [prices, counts] = await Promise.all([
      db.selectFrom('tier_prices').selectAll().where('tier_id', 'in', ids).orderBy('created_at').execute() as Promise<PriceRow[]>,
      db
        .selectFrom('subscriptions as s')
        .select(['s.tier_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('s.tier_id', 'in', ids)
        .where(GRANTING)
        .groupBy('s.tier_id')
        .execute(),
    ]);
    const count = new Map(counts.map((c) => [c.tier_id as string, Number(c.n)]));
    return tiers.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      includes: t.includes,
      position: t.position,
      includesLower: t.includes_lower,
      free: t.free,
      inviteOnly: t.invite_only,
      inviteCode: opts.host ? t.invite_code : null,
      trialDays: t.trial_days,
      memberLimit: t.member_limit,
      members: count.get(t.id) ?? 0,
      archived: t.archived_at !== null,
      prices: prices.filter((p) => p.tier_id === t.id && (opts.host || priceAvailable(p, now()))).map(presentPrice),
    }));
  }

  async function checkProducts(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await db.selectFrom('products').select('id').where('id', 'in', ids).where('archived_at', 'is', null).execute();
    if (found.length !== new Set(ids).size) throw new AppError('validation_failed', 'A product in this bundle does not exist.', [{ path: 'productIds', message: 'Unknown product', code: 'custom' }]);
  }

  async function requirePrice(id: string): Promise<PriceRow> {
    const p = (await db.selectFrom('tier_prices').selectAll().where('id', '=', id).executeTakeFirst()) as PriceRow | undefined;
    if (!p) throw new AppError('not_found', 'No such price.');
    return p;
  }

  return {
    settingsRow,
    presentSettings,
    tierRows,
    requireTier,
    listTiers,
    requirePrice,

    async updateSettings(patch: MembershipSettingsPatch, locale: string): Promise<MembershipSettings> {
      const before = await settingsRow();
      const set: Record<string, unknown> = { updated_at: now() };
      const map: Record<string, string> = {
        headline: 'headline',
        enrolmentMode: 'enrolment_mode',
        openingMailSubject: 'opening_mail_subject',
        openingMailBody: 'opening_mail_body',
        sellerName: 'seller_name',
        sellerAddress: 'seller_address',
        sellerEmail: 'seller_email',
        taxNumber: 'tax_number',
        vatId: 'vat_id',
        smallBusiness: 'small_business',
        taxRateBp: 'tax_rate_bp',
        bankHolder: 'bank_holder',
        iban: 'iban',
        bic: 'bic',
        paymentTermsDays: 'payment_terms_days',
        imprintUrl: 'imprint_url',
        privacyUrl: 'privacy_url',
        stripeSecretKey: 'stripe_secret_key',
        stripeWebhookSecret: 'stripe_webhook_secret',
        memberPauseAllowed: 'member_pause_allowed',
        memberPauseMaxMonths: 'member_pause_max_months',
      };
      for (const [k, col] of Object.entries(map)) {
        const v = (patch as Record<string, unknown>)[k];
        if (v !== undefined) set[col] = v;
      }
      if (patch.pitch !== undefined) {
        set.pitch = patch.pitch;
        set.pitch_html = deps.render(patch.pitch);
      }
      if (patch.enrolmentOpensAt !== undefined) set.enrolment_opens_at = patch.enrolmentOpensAt ? new Date(patch.enrolmentOpensAt) : null;
      if (patch.enrolmentClosesAt !== undefined) set.enrolment_closes_at = patch.enrolmentClosesAt ? new Date(patch.enrolmentClosesAt) : null;
      const opens = (set.enrolment_opens_at as Date | null | undefined) ?? before.enrolment_opens_at;
      const closes = (set.enrolment_closes_at as Date | null | undefined) ?? before.enrolment_closes_at;
      if (opens && closes && new Date(closes) <= new Date(opens)) {
        throw new AppError('validation_failed', 'Enrolment must close after it opens.', [{ path: 'enrolmentClosesAt', message: 'Must be after the opening date', code: 'custom' }]);
      }
      // A changed consent text is a new version: signups keep the version (and text) they agreed to.
      // Saving the shown default unchanged is not a new text either.
      const unchangedDefault = before.consent_text === '' && patch.consentText === defaultConsent(locale);
      if (patch.consentText !== undefined && patch.consentText !== before.consent_text && !unchangedDefault) {
        set.consent_text = patch.consentText;
        set.consent_version = before.consent_version + 1;
      }
      await db.updateTable('membership_settings').set(set).execute();
      // Closing enrolment again: the next opening is news for the whole list once more.
      if (enrolmentOpen(before, now()) && !enrolmentOpen({ ...before, ...(set as Partial<SettingsRow>) }, now())) {
        await db.updateTable('interest_signups').set({ opening_mailed_at: null }).execute();
      }
      await deps.onSettingsChanged?.();
      return presentSettings(await settingsRow(), locale);
    },

    async createTier(input: TierInput): Promise<Tier> {
      const id = uuidv7();
      const position = input.position ?? Number((await db.selectFrom('tiers').select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.val(-1)).as('p')).executeTakeFirst())?.p ?? -1) + 1;
      await db
        .insertInto('tiers')
        .values({
          id,
          name: input.name,
          description: input.description,
          includes: input.includes,
          position,
          includes_lower: input.includesLower,
          free: input.free,
          invite_only: input.inviteOnly,
          invite_code: randomBytes(12).toString('base64url'),
          trial_days: input.trialDays,
          member_limit: input.memberLimit,
        })
        .execute();
      return (await listTiers({ host: true, includeArchived: true })).find((t) => t.id === id)!;
    },

    async updateTier(id: string, input: TierInput): Promise<Tier> {
      await requireTier(id);
      await db
        .updateTable('tiers')
        .set({
          name: input.name,
          description: input.description,
          includes: input.includes,
          ...(input.position !== undefined ? { position: input.position } : {}),
          includes_lower: input.includesLower,
          free: input.free,
          invite_only: input.inviteOnly,
          trial_days: input.trialDays,
          member_limit: input.memberLimit,
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      return (await listTiers({ host: true, includeArchived: true })).find((t) => t.id === id)!;
    },

    /** Archived tiers are not sold any more; running memberships keep their access. */
    async archiveTier(id: string, archived: boolean): Promise<void> {
      await requireTier(id);
      await db.updateTable('tiers').set({ archived_at: archived ? now() : null, updated_at: now() }).where('id', '=', id).execute();
    },

    async newInviteCode(id: string): Promise<Tier> {
      await requireTier(id);
      await db.updateTable('tiers').set({ invite_code: randomBytes(12).toString('base64url') }).where('id', '=', id).execute();
      return (await listTiers({ host: true, includeArchived: true })).find((t) => t.id === id)!;
    },

    async addPrice(tierId: string, input: PriceInput): Promise<Price> {
      const tier = await requireTier(tierId);
      if (tier.free) throw new AppError('conflict', 'A free tier has no prices. Untick "free" first.');
      await checkProducts(input.productIds);
      const id = uuidv7();
      await db
        .insertInto('tier_prices')
        .values({
          id,
          tier_id: tierId,
          interval: input.interval,
          amount: input.amount,
          currency: input.currency,
          tax_included: input.taxIncluded,
          label: input.label,
          max_uses: input.maxUses,
          available_until: input.availableUntil ? new Date(input.availableUntil) : null,
          product_ids: input.productIds,
        })
        .execute();
      return presentPrice(await requirePrice(id));
    },

    /**
     * Prices that were bought are never changed (running memberships and invoices point to them);
     * a host retires one (active = false) and adds a new one.
     */
    async setPriceActive(id: string, active: boolean): Promise<Price> {
      await requirePrice(id);
      await db.updateTable('tier_prices').set({ active }).where('id', '=', id).execute();
      return presentPrice(await requirePrice(id));
    },

    async listProducts(): Promise<Product[]> {
      const rows = await db.selectFrom('products').selectAll().orderBy('created_at').execute();
      return rows.map((p) => ({ id: p.id, name: p.name, description: p.description, archived: p.archived_at !== null }));
    },

    async createProduct(input: { name: string; description: string }): Promise<Product> {
      const id = uuidv7();
      await db.insertInto('products').values({ id, name: input.name, description: input.description }).execute();
      return { id, name: input.name, description: input.description, archived: false };
    },

    async archiveProduct(id: string): Promise<void> {
      const r = await db.updateTable('products').set({ archived_at: now() }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'No such product.');
    },

    async listCoupons(): Promise<Coupon[]> {
      const rows = (await db.selectFrom('coupons').selectAll().orderBy('created_at', 'desc').execute()) as CouponRow[];
      return rows.map(presentCoupon);
    },

    async createCoupon(input: CouponInput): Promise<Coupon> {
      if (input.tierIds.length) {
        const found = await db.selectFrom('tiers').select('id').where('id', 'in', input.tierIds).execute();
        if (found.length !== new Set(input.tierIds).size) throw new AppError('validation_failed', 'A tier of this coupon does not exist.', [{ path: 'tierIds', message: 'Unknown tier', code: 'custom' }]);
      }
      const id = uuidv7();
      try {
        await db
          .insertInto('coupons')
          .values({
            id,
            code: input.code,
            percent_off: input.percentOff,
            amount_off: input.amountOff,
            currency: input.amountOff !== null ? input.currency : null,
            duration: input.duration,
            duration_months: input.durationMonths,
            max_redemptions: input.maxRedemptions,
            expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
            tier_ids: input.tierIds,
          })
          .execute();
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new AppError('conflict', 'This code exists already.', [{ path: 'code', message: 'Code taken', code: 'custom' }]);
        }
        throw err;
      }
      return presentCoupon((await db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as CouponRow);
    },

    async archiveCoupon(id: string): Promise<void> {
      const r = await db.updateTable('coupons').set({ archived_at: now() }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'No such coupon.');
    },

    /** A coupon a buyer may use on this tier and currency right now; errors name the field. */
    async usableCoupon(trx: Kysely<any>, code: string, tierId: string, currency: string): Promise<CouponRow> {
      const c = (await trx.selectFrom('coupons').selectAll().where('code', '=', code.toUpperCase()).executeTakeFirst()) as CouponRow | undefined;
      const invalid = (message: string) => new AppError('invalid_coupon', message, [{ path: 'couponCode', message, code: 'custom' }], { status: 400 });
      if (!c || c.archived_at) throw invalid('This code is not valid.');
      if (c.expires_at && now() >= new Date(c.expires_at)) throw invalid('This code has expired.');
      if (c.tier_ids.length && !c.tier_ids.includes(tierId)) throw invalid('This code is not valid for this tier.');
      if (c.amount_off !== null && c.currency !== currency) throw invalid('This code is for another currency.');
      if (c.max_redemptions !== null && c.redemptions >= c.max_redemptions) throw invalid('This code has been used up.');
      return c;
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
