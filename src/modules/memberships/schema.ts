import { z } from '@hono/zod-openapi';
import { CURRENCIES, INTERVALS } from './money.ts';

export { CURRENCIES, type Currency, formatMoney, INTERVALS, type Interval } from './money.ts';
export const SUBSCRIPTION_STATUSES = ['pending', 'trialing', 'active', 'past_due', 'canceled', 'void', 'expired'] as const;
export const PROVIDERS = ['manual', 'stripe', 'free', 'grant'] as const;
export const ENROLMENT_MODES = ['open', 'closed', 'window'] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.string().datetime({ offset: true });
/** Money in minor units (cents): 1 ct … 100,000.00. */
const money = z.number().int().min(1).max(10_000_000);

export const TierInput = z
  .object({
    name: text(80).min(1),
    description: text(2000).default(''),
    includes: z.array(text(200).min(1)).max(20).default([]),
    position: z.number().int().min(0).max(1000).optional(),
    includesLower: z.boolean().default(true),
    free: z.boolean().default(false),
    inviteOnly: z.boolean().default(false),
    trialDays: z.number().int().min(0).max(365).default(0),
    memberLimit: z.number().int().min(1).max(1_000_000).nullable().default(null),
  })
  .strict()
  .openapi('TierInput');
export type TierInput = z.infer<typeof TierInput>;

export const PriceInput = z
  .object({
    interval: z.enum(INTERVALS),
    amount: money,
    currency: z.enum(CURRENCIES).default('EUR'),
    taxIncluded: z.boolean().default(true),
    label: text(60).default(''),
    maxUses: z.number().int().min(1).max(1_000_000).nullable().default(null),
    availableUntil: isoDate.nullable().default(null),
    productIds: z.array(z.string().uuid()).max(10).default([]),
  })
  .strict()
  .openapi('PriceInput');
export type PriceInput = z.infer<typeof PriceInput>;

export const Price = z
  .object({
    id: z.string(),
    tierId: z.string(),
    interval: z.enum(INTERVALS),
    amount: z.number(),
    currency: z.enum(CURRENCIES),
    taxIncluded: z.boolean(),
    label: z.string(),
    maxUses: z.number().nullable(),
    uses: z.number(),
    availableUntil: z.string().nullable(),
    productIds: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi('Price');
export type Price = z.infer<typeof Price>;

export const Tier = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    includes: z.array(z.string()),
    position: z.number(),
    includesLower: z.boolean(),
    free: z.boolean(),
    inviteOnly: z.boolean(),
    /** Hosts only: the link code that lets a person join an invite-only tier. */
    inviteCode: z.string().nullable(),
    trialDays: z.number(),
    memberLimit: z.number().nullable(),
    members: z.number(),
    archived: z.boolean(),
    prices: z.array(Price),
  })
  .openapi('Tier');
export type Tier = z.infer<typeof Tier>;

export const ProductInput = z
  .object({ name: text(120).min(1), description: text(2000).default('') })
  .strict()
  .openapi('ProductInput');
export const Product = z
  .object({ id: z.string(), name: z.string(), description: z.string(), archived: z.boolean() })
  .openapi('Product');
export type Product = z.infer<typeof Product>;

export const CouponInput = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_-]{3,40}$/, 'Use 3–40 letters, digits, - or _'),
    percentOff: z.number().int().min(1).max(100).nullable().default(null),
    amountOff: money.nullable().default(null),
    currency: z.enum(CURRENCIES).nullable().default(null),
    duration: z.enum(['once', 'repeating', 'forever']).default('once'),
    durationMonths: z.number().int().min(1).max(36).nullable().default(null),
    maxRedemptions: z.number().int().min(1).max(1_000_000).nullable().default(null),
    expiresAt: isoDate.nullable().default(null),
    tierIds: z.array(z.string().uuid()).max(20).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.percentOff === null) === (c.amountOff === null))
      ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'Give either a percentage or an amount.' });
    if (c.amountOff !== null && !c.currency)
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'An amount needs a currency.' });
    if ((c.duration === 'repeating') !== (c.durationMonths !== null))
      ctx.addIssue({ code: 'custom', path: ['durationMonths'], message: 'Months go with "repeating" only.' });
  })
  .openapi('CouponInput');
export type CouponInput = z.infer<typeof CouponInput>;

export const Coupon = z
  .object({
    id: z.string(),
    code: z.string(),
    percentOff: z.number().nullable(),
    amountOff: z.number().nullable(),
    currency: z.enum(CURRENCIES).nullable(),
    duration: z.enum(['once', 'repeating', 'forever']),
    durationMonths: z.number().nullable(),
    maxRedemptions: z.number().nullable(),
    redemptions: z.number(),
    expiresAt: z.string().nullable(),
    tierIds: z.array(z.string()),
    archived: z.boolean(),
  })
  .openapi('Coupon');
export type Coupon = z.infer<typeof Coupon>;

export const MembershipSettings = z
  .object({
    headline: z.string(),
    pitch: z.string(),
    enrolmentMode: z.enum(ENROLMENT_MODES),
    enrolmentOpensAt: z.string().nullable(),
    enrolmentClosesAt: z.string().nullable(),
    /** open right now (mode and dates taken together). */
    enrolmentOpen: z.boolean(),
    openingMailSubject: z.string(),
    openingMailBody: z.string(),
    openingMailedAt: z.string().nullable(),
    sellerName: z.string(),
    sellerAddress: z.string(),
    sellerEmail: z.string(),
    taxNumber: z.string(),
    vatId: z.string(),
    smallBusiness: z.boolean(),
    taxRateBp: z.number(),
    bankHolder: z.string(),
    iban: z.string(),
    bic: z.string(),
    paymentTermsDays: z.number(),
    imprintUrl: z.string(),
    privacyUrl: z.string(),
    /** Never sent back; true when a key is stored. */
    stripeConfigured: z.boolean(),
    stripeWebhookConfigured: z.boolean(),
    memberPauseAllowed: z.boolean(),
    memberPauseMaxMonths: z.number(),
    consentText: z.string(),
    consentVersion: z.number(),
  })
  .openapi('MembershipSettings');
export type MembershipSettings = z.infer<typeof MembershipSettings>;

const url = z.union([z.literal(''), z.string().trim().url().max(500).refine((u) => /^https?:\/\//.test(u), 'Use an http(s) address')]);

export const MembershipSettingsPatch = z
  .object({
    headline: text(200),
    pitch: text(20_000),
    enrolmentMode: z.enum(ENROLMENT_MODES),
    enrolmentOpensAt: isoDate.nullable(),
    enrolmentClosesAt: isoDate.nullable(),
    openingMailSubject: text(200),
    openingMailBody: text(20_000),
    sellerName: text(200),
    sellerAddress: text(500),
    sellerEmail: z.union([z.literal(''), z.string().trim().email().max(254)]),
    taxNumber: text(40),
    vatId: text(40),
    smallBusiness: z.boolean(),
    taxRateBp: z.number().int().min(0).max(10_000),
    bankHolder: text(200),
    iban: z
      .string()
      .trim()
      .toUpperCase()
      .transform((s) => s.replace(/\s+/g, ''))
      .refine((s) => s === '' || /^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(s), 'This is not an IBAN.'),
    bic: z
      .string()
      .trim()
      .toUpperCase()
      .refine((s) => s === '' || /^[A-Z0-9]{8}([A-Z0-9]{3})?$/.test(s), 'This is not a BIC.'),
    paymentTermsDays: z.number().int().min(0).max(90),
    imprintUrl: url,
    privacyUrl: url,
    /** Empty string removes the key; omitted keeps it. */
    stripeSecretKey: z.union([z.literal(''), z.string().trim().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{10,}$/, 'This is not a Stripe secret key.')]),
    stripeWebhookSecret: z.union([z.literal(''), z.string().trim().regex(/^whsec_[A-Za-z0-9]{10,}$/, 'This is not a Stripe webhook secret.')]),
    memberPauseAllowed: z.boolean(),
    memberPauseMaxMonths: z.number().int().min(1).max(12),
    consentText: text(2000),
  })
  .partial()
  .strict()
  .openapi('MembershipSettingsPatch');
export type MembershipSettingsPatch = z.infer<typeof MembershipSettingsPatch>;

export const BillingInput = z
  .object({ name: text(200).min(2), address: text(500).min(5), vatId: text(40).default('') })
  .strict()
  .openapi('BillingInput');

export const CheckoutInput = z
  .object({
    priceId: z.string().uuid().optional(),
    tierId: z.string().uuid().optional(),
    couponCode: z.string().trim().toUpperCase().max(40).optional(),
    invite: z.string().trim().max(64).optional(),
    provider: z.enum(['manual', 'stripe']).default('manual'),
    billing: BillingInput.optional(),
  })
  .strict()
  .refine((c) => Boolean(c.priceId) !== Boolean(c.tierId), { message: 'Choose a price or a free tier.', path: ['priceId'] })
  .openapi('CheckoutInput');
export type CheckoutInput = z.infer<typeof CheckoutInput>;

export const Quote = z
  .object({
    tierName: z.string(),
    interval: z.enum(INTERVALS).nullable(),
    currency: z.enum(CURRENCIES),
    /** Price before discount, as charged (gross). */
    listAmount: z.number(),
    discount: z.number(),
    gross: z.number(),
    net: z.number(),
    tax: z.number(),
    taxRateBp: z.number(),
    taxNote: z.string(),
    couponCode: z.string().nullable(),
    couponDescription: z.string().nullable(),
    /** How long the discount lasts: the first payment, N months, or for good. */
    couponDuration: z.enum(['once', 'repeating', 'forever']).nullable(),
    couponMonths: z.number().nullable(),
    trialDays: z.number(),
  })
  .openapi('Quote');
export type Quote = z.infer<typeof Quote>;

export const CheckoutResult = z
  .object({
    subscriptionId: z.string(),
    status: z.enum(SUBSCRIPTION_STATUSES),
    /** Where to send the browser: Stripe Checkout, or our own membership page. */
    redirectUrl: z.string(),
    invoiceId: z.string().nullable(),
  })
  .openapi('CheckoutResult');

export const InvoiceSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.enum(['open', 'paid', 'void']),
    issuedAt: z.string(),
    dueAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    grossTotal: z.number(),
    currency: z.enum(CURRENCIES),
    description: z.string(),
    provider: z.enum(['manual', 'stripe']),
    subscriptionId: z.string().nullable(),
    member: z.object({ id: z.string().nullable(), name: z.string(), email: z.string() }),
    pdfUrl: z.string(),
  })
  .openapi('InvoiceSummary');
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

export const Subscription = z
  .object({
    id: z.string(),
    tierId: z.string(),
    tierName: z.string(),
    provider: z.enum(PROVIDERS),
    status: z.enum(SUBSCRIPTION_STATUSES),
    /** Grants access right now. */
    active: z.boolean(),
    founding: z.boolean(),
    interval: z.enum(INTERVALS).nullable(),
    amount: z.number().nullable(),
    currency: z.enum(CURRENCIES).nullable(),
    priceId: z.string().nullable(),
    taxIncluded: z.boolean().nullable(),
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    pauseFrom: z.string().nullable(),
    pauseUntil: z.string().nullable(),
    canPause: z.boolean(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .openapi('Subscription');
export type Subscription = z.infer<typeof Subscription>;

export const BillingPause = z
  .object({ id: z.string(), startsOn: z.string(), endsOn: z.string(), reason: z.string(), appliedAt: z.string().nullable() })
  .openapi('BillingPause');
export type BillingPause = z.infer<typeof BillingPause>;

export const MyMembership = z
  .object({
    subscriptions: z.array(Subscription),
    invoices: z.array(InvoiceSummary),
    billing: z.object({ name: z.string(), address: z.string(), vatId: z.string() }).nullable(),
    pauses: z.array(BillingPause),
    memberPauseAllowed: z.boolean(),
    memberPauseMaxMonths: z.number(),
    portalAvailable: z.boolean(),
    payment: z.object({ holder: z.string(), iban: z.string(), bic: z.string() }),
  })
  .openapi('MyMembership');
export type MyMembership = z.infer<typeof MyMembership>;

export const PublicOffer = z
  .object({
    enrolmentOpen: z.boolean(),
    enrolmentOpensAt: z.string().nullable(),
    enrolmentClosesAt: z.string().nullable(),
    stripeEnabled: z.boolean(),
    /** Products that bundles include, by id. */
    products: z.array(z.object({ id: z.string(), name: z.string() })),
    taxRateBp: z.number(),
    smallBusiness: z.boolean(),
    tiers: z.array(Tier),
  })
  .openapi('PublicOffer');
export type PublicOffer = z.infer<typeof PublicOffer>;

export const GrantInput = z
  .object({
    userId: z.string().min(1).max(200),
    tierId: z.string().uuid(),
    until: isoDate.nullable().default(null),
    reason: text(500).min(3),
  })
  .strict()
  .openapi('GrantInput');

export const RevokeInput = z.object({ reason: text(500).min(3) }).strict().openapi('RevokeInput');

export const MemberRow = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    joinedAt: z.string(),
    subscriptions: z.array(Subscription),
  })
  .openapi('MemberRow');
export type MemberRow = z.infer<typeof MemberRow>;

export const HISTORY_KINDS = ['started', 'renewed', 'canceled', 'resumed', 'expired', 'paused', 'unpaused', 'granted', 'revoked', 'payment_confirmed'] as const;

export const HistoryEntry = z
  .object({ id: z.string(), kind: z.enum(HISTORY_KINDS), reason: z.string(), at: z.string(), tier: z.string().nullable(), actor: z.string().nullable() })
  .openapi('MembershipHistoryEntry');
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const MemberFilter = z
  .object({
    tier: z.string().uuid().optional(),
    status: z.enum(['active', 'pending', 'paused', 'canceled', 'ended', 'none']).optional(),
    joinedFrom: z.string().date().optional(),
    joinedTo: z.string().date().optional(),
    q: z.string().trim().max(100).optional(),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type MemberFilter = z.infer<typeof MemberFilter>;

export const DashboardMonth = z
  .object({
    month: z.string(),
    membersByTier: z.record(z.string(), z.number()),
    members: z.number(),
    new: z.number(),
    churned: z.number(),
    paused: z.number(),
    mrr: z.number(),
    revenue: z.number(),
  })
  .openapi('DashboardMonth');
export type DashboardMonth = z.infer<typeof DashboardMonth>;

export const Dashboard = z
  .object({
    currency: z.enum(CURRENCIES),
    tiers: z.array(z.object({ id: z.string(), name: z.string() })),
    months: z.array(DashboardMonth),
    now: z.object({ members: z.number(), mrr: z.number(), pendingPayments: z.number(), paused: z.number(), interestList: z.number() }),
  })
  .openapi('Dashboard');
export type Dashboard = z.infer<typeof Dashboard>;

export const PauseInput = z
  .object({ startsOn: z.string().date(), endsOn: z.string().date(), reason: text(200).min(2) })
  .strict()
  .refine((p) => p.endsOn >= p.startsOn, { message: 'The pause must end after it starts.', path: ['endsOn'] })
  .openapi('PauseInput');

export const InterestInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    name: text(80).default(''),
    consent: z.literal(true, { message: 'Please agree to receive these mails.' }),
    locale: z.enum(['de', 'en', 'sv']).optional(),
  })
  .strict()
  .openapi('InterestInput');
export type InterestInput = z.infer<typeof InterestInput>;

export const InterestMailInput = z
  .object({
    subject: text(200).min(2),
    body: text(20_000).min(2),
    delayDays: z.number().int().min(0).max(365).nullable().default(null),
    sendOn: isoDate.nullable().default(null),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .refine((m) => (m.delayDays === null) !== (m.sendOn === null), { message: 'Choose days after joining or a date.', path: ['delayDays'] })
  .openapi('InterestMailInput');
export type InterestMailInput = z.infer<typeof InterestMailInput>;

export const InterestMail = z
  .object({
    id: z.string(),
    subject: z.string(),
    body: z.string(),
    delayDays: z.number().nullable(),
    sendOn: z.string().nullable(),
    position: z.number(),
    sent: z.number(),
  })
  .openapi('InterestMail');
export type InterestMail = z.infer<typeof InterestMail>;

export const InterestSignup = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['pending', 'confirmed', 'withdrawn']),
    consentVersion: z.number(),
    requestedAt: z.string(),
    requestedIp: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    confirmedIp: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
  })
  .openapi('InterestSignup');
export type InterestSignup = z.infer<typeof InterestSignup>;
