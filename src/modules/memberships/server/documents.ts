/**
 * Plain data shapes shared by the memberships module's renderers (invoice PDF, public community page)
 * and its service. No logic here; the service fills them, the renderers only draw them.
 */

export type Currency = 'EUR' | 'SEK' | 'CHF';
export type PriceInterval = 'month' | 'year' | 'once';
export type PageLocale = 'de' | 'en' | 'sv';

export interface InvoiceParty {
  name: string;
  /** Multi-line postal address ("Straße 1\n12345 Stadt\nDeutschland"). */
  address: string;
  email?: string;
  /** Steuernummer (seller). */
  taxNumber?: string;
  /** USt-IdNr. / VAT id. */
  vatId?: string;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Minor units (cents), net, per unit; negative for a discount line. */
  unitNet: number;
  net: number;
  taxRateBp: number;
  tax: number;
  gross: number;
}

/** Everything a German invoice (§14 UStG) needs; snapshot at issue time, never recomputed. */
export interface InvoiceDocument {
  number: string;
  status: 'open' | 'paid' | 'void';
  issuedAt: Date;
  dueAt: Date | null;
  paidAt: Date | null;
  /** Service period (Leistungszeitraum); for a one-off purchase start = end = delivery date. */
  periodStart: Date | null;
  periodEnd: Date | null;
  currency: Currency;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  lines: InvoiceLine[];
  netTotal: number;
  taxTotal: number;
  grossTotal: number;
  /** The rate applied (basis points, 1900 = 19 %); 0 with a taxNote for exemptions. */
  taxRateBp: number;
  /** The exemption reason, e.g. "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet." — empty otherwise. */
  taxNote: string;
  /** Bank transfer details for open manual invoices. */
  payment: { holder?: string; iban?: string; bic?: string; reference?: string };
  communityName: string;
}

export interface PublicPrice {
  id: string;
  interval: PriceInterval;
  /** Minor units. */
  amount: number;
  currency: Currency;
  taxIncluded: boolean;
  /** Offer label such as "Gründungsmitglieder" (empty for the regular price). */
  label: string;
  /** Places left in a limited offer; null when unlimited. */
  usesLeft: number | null;
  availableUntil: Date | null;
  /** Products sold with the tier at this price (a bundle), by name. */
  products: string[];
}

export interface PublicTier {
  id: string;
  name: string;
  description: string;
  includes: string[];
  free: boolean;
  trialDays: number;
  /** Places left when the tier has a member limit; null when unlimited. */
  spotsLeft: number | null;
  prices: PublicPrice[];
}

/** The public community page (`/join`), rendered on the server without the SPA bundle. */
export interface PublicPageData {
  locale: PageLocale;
  community: { name: string; brandColor: string; logoUrl: string | null };
  headline: string;
  /** Sanitized HTML written by the host (Markdown rendered at save time). */
  pitchHtml: string;
  enrolment: {
    /** open: buying is possible; closed/upcoming/ended: the interest list is offered instead. */
    state: 'open' | 'closed' | 'upcoming' | 'ended';
    opensAt: Date | null;
    closesAt: Date | null;
  };
  tiers: PublicTier[];
  /** "inkl. 19 % USt" style hint, or the exemption note (§ 19 UStG). */
  taxNote: string;
  taxRateBp: number;
  imprintUrl: string;
  privacyUrl: string;
  /** The consent text the interest-list form shows next to its checkbox (host-written or the default). */
  consentText: string;
  viewer: { signedIn: boolean; name: string | null };
  /** Result of a form post shown as a status message. */
  flash: 'interest_requested' | 'interest_confirmed' | 'interest_withdrawn' | 'interest_invalid' | 'interest_error' | null;
  /** Field errors of a rejected interest form, re-shown with the entered values. */
  form?: { email: string; name: string; errors: Partial<Record<'email' | 'name' | 'consent', string>> };
}
