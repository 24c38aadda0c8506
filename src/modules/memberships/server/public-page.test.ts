import { describe, expect, it } from 'vitest';
import type { PublicPageData, PublicPrice, PublicTier } from './documents.ts';
import {
  PUBLIC_PAGE_CSS,
  PUBLIC_PAGE_STRINGS,
  renderInterestResultPage,
  renderPublicPage,
} from './public-page.ts';

function price(over: Partial<PublicPrice> = {}): PublicPrice {
  return {
    id: 'price-month',
    interval: 'month',
    amount: 500,
    currency: 'EUR',
    taxIncluded: true,
    label: '',
    usesLeft: null,
    availableUntil: null,
    products: [],
    ...over,
  };
}

function tier(over: Partial<PublicTier> = {}): PublicTier {
  return {
    id: 'tier-1',
    name: 'Stufe 1',
    description: 'Für den Preis eines Latte macchiato.',
    includes: ['Community-Server', 'Arbeitshilfen', 'Interview-Archiv'],
    free: false,
    trialDays: 0,
    spotsLeft: null,
    prices: [price()],
    ...over,
  };
}

function page(over: Partial<PublicPageData> = {}): PublicPageData {
  return {
    locale: 'de',
    community: { name: 'Institut für Ressourcen', brandColor: '#2f6f5e', logoUrl: '/api/files/logo' },
    headline: 'Fachlich wachsen, gemeinsam',
    pitchHtml: '<p>Austausch, Arbeitshilfen und ein kurzer Draht zum Team.</p>',
    enrolment: { state: 'open', opensAt: null, closesAt: null },
    tiers: [tier()],
    taxNote: '',
    taxRateBp: 1900,
    imprintUrl: 'https://example.org/impressum',
    privacyUrl: 'https://example.org/datenschutz',
    consentText: 'Ich möchte Mails zur Anmeldung bekommen und kann mich jederzeit austragen.',
    viewer: { signedIn: false, name: null },
    flash: null,
    ...over,
  };
}

const closed = (over: Partial<PublicPageData> = {}) =>
  page({ enrolment: { state: 'closed', opensAt: null, closesAt: null }, ...over });

/** The `<input …>` tag with the given id. */
function inputTag(html: string, id: string): string {
  return html.match(new RegExp(`<input id="${id}"[^>]*>`))?.[0] ?? '';
}

describe('renderPublicPage', () => {
  it('is a complete document in the page language with the stylesheet and no script', () => {
    const html = renderPublicPage(page({ locale: 'sv' }));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<link rel="stylesheet" href="/join/page.css">');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    for (const landmark of ['<header', '<main', '<footer']) expect(html).toContain(landmark);
  });

  it('escapes host-written tier text everywhere it appears', () => {
    const evil = '<script>alert(1)</script>';
    const html = renderPublicPage(
      page({
        headline: `Hi ${evil}`,
        community: {
          name: `A ${evil}`,
          brandColor: 'red;}</style><script>x()</script>',
          logoUrl: 'javascript:alert(1)',
        },
        tiers: [
          tier({
            name: `Tier ${evil}`,
            description: `Desc ${evil}`,
            includes: [`Item ${evil}`, '"><img src=x onerror=alert(1)>'],
            prices: [price({ label: evil, products: [evil] })],
          }),
        ],
        imprintUrl: 'java\tscript:alert(1)',
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Tier &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Item &lt;script&gt;');
    expect(html).not.toMatch(/javascript:/i);
    // An invalid brand colour falls back instead of reaching the CSS.
    expect(html).toContain('--brand:#2f6f5e;--on-brand:#ffffff');
  });

  it('offers a checkout link for every price and the free tier, and no interest form, while open', () => {
    const html = renderPublicPage(
      page({
        tiers: [
          tier({ id: 'free', name: 'Schnuppern', free: true, prices: [] }),
          tier({
            prices: [price({ id: 'p-month' }), price({ id: 'p-year', interval: 'year', amount: 5000 })],
          }),
        ],
      }),
    );
    expect(html).toContain('href="/checkout?tier=free"');
    expect(html).toContain('href="/checkout?price=p-month"');
    expect(html).toContain('href="/checkout?price=p-year"');
    expect(html).toContain('kostenlos');
    expect(html).toMatch(/5\s€<\/strong> \/ Monat/);
    expect(html).toMatch(/50\s€<\/strong> \/ Jahr/);
    expect(html).toContain('inkl. 19\u00a0% USt');
    expect(html).not.toContain('<form');
    expect(html).toContain('href="/login">Anmelden</a>');
  });

  it('links a signed-in viewer into the community instead of the login', () => {
    const html = renderPublicPage(page({ viewer: { signedIn: true, name: 'Anna' } }));
    expect(html).toContain('href="/">Zur Community</a>');
    expect(html).not.toContain('href="/login"');
  });

  it('shows offers, bundles, trials, places left and net prices', () => {
    const html = renderPublicPage(
      page({
        tiers: [
          tier({
            trialDays: 14,
            spotsLeft: 3,
            prices: [
              price({
                id: 'founding',
                amount: 1250,
                taxIncluded: false,
                label: 'Gründungsmitglieder',
                usesLeft: 7,
                availableUntil: new Date('2026-09-30T21:59:00Z'),
                products: ['Selbstlernkurs „Ressourcen“'],
              }),
              price({ id: 'once', interval: 'once', amount: 9900 }),
            ],
          }),
        ],
      }),
    );
    expect(html).toContain('Gründungsmitglieder: noch 7 Plätze, bis 30.9.');
    expect(html).toMatch(/12,50\s€/);
    expect(html).toContain('zzgl. 19\u00a0% USt');
    expect(html).toContain('inkl. Selbstlernkurs „Ressourcen“');
    expect(html).toContain('14 Tage kostenlos testen');
    expect(html).toContain('noch 3 Plätze');
    expect(html).toContain('einmalig');
  });

  it('shows no button for a sold-out offer or a full tier', () => {
    const html = renderPublicPage(
      page({
        tiers: [
          tier({
            prices: [
              price({ id: 'gone', label: 'Gründungsmitglieder', usesLeft: 0 }),
              price({ id: 'regular' }),
            ],
          }),
          tier({ id: 'full', spotsLeft: 0, prices: [price({ id: 'full-price' })] }),
        ],
      }),
    );
    expect(html).toContain('Gründungsmitglieder: ausgebucht');
    expect(html).not.toContain('price=gone');
    expect(html).toContain('price=regular');
    expect(html).not.toContain('price=full-price');
    expect(html).toContain('<p class="badge">ausgebucht</p>');
  });

  it('shows the § 19 note instead of a VAT hint for exempt sellers', () => {
    const note = 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.';
    const html = renderPublicPage(page({ taxRateBp: 0, taxNote: note }));
    expect(html).toContain(note);
    expect(html).not.toContain('USt</p>');
  });

  it('offers the interest list instead of checkout links while closed or upcoming', () => {
    const closedHtml = renderPublicPage(
      closed({ tiers: [tier(), tier({ id: 'f', free: true, prices: [] })] }),
    );
    expect(closedHtml).toContain('Die Anmeldung ist gerade geschlossen.');
    expect(closedHtml).toContain('<form method="post" action="/join/interest">');
    expect(closedHtml).not.toContain('/checkout');
    expect(closedHtml).toContain('Auf die Interessentenliste');
    expect(closedHtml).toContain('<label for="interest-consent">Ich möchte Mails');
    expect(closedHtml).toContain('href="https://example.org/datenschutz">Datenschutzerklärung</a>');

    const upcoming = renderPublicPage(
      page({ enrolment: { state: 'upcoming', opensAt: new Date('2026-08-31T22:00:00Z'), closesAt: null } }),
    );
    expect(upcoming).toContain('Die Anmeldung öffnet am 1. September 2026.');
    expect(upcoming).not.toContain('/checkout');
    expect(upcoming).toContain('action="/join/interest"');

    const at = renderPublicPage(
      page({ enrolment: { state: 'upcoming', opensAt: new Date('2026-09-01T16:00:00Z'), closesAt: null } }),
    );
    expect(at).toContain('Die Anmeldung öffnet am 1. September 2026 um 18:00 Uhr.');
  });

  it('shows the flash as a status and field errors tied to their inputs, keeping the values', () => {
    const html = renderPublicPage(
      closed({
        flash: 'interest_requested',
        form: {
          email: 'anna@"example',
          name: 'Anna <b>',
          errors: { email: 'Bitte gib eine gültige E-Mail-Adresse ein.', consent: 'Bitte stimm zu.' },
        },
      }),
    );
    expect(html).toContain(
      '<p class="flash" role="status">Fast geschafft: Bitte bestätige deine Anmeldung über den Link in der Mail, die wir dir gerade geschickt haben.</p>',
    );
    const email = inputTag(html, 'interest-email');
    expect(email).toContain('value="anna@&quot;example"');
    expect(email).toContain('aria-invalid="true"');
    expect(email).toContain('aria-describedby="interest-email-error"');
    expect(html).toContain(
      '<p class="field-error" id="interest-email-error">Bitte gib eine gültige E-Mail-Adresse ein.</p>',
    );
    const name = inputTag(html, 'interest-name');
    expect(name).toContain('value="Anna &lt;b&gt;"');
    expect(name).not.toContain('aria-invalid');
    const consent = inputTag(html, 'interest-consent');
    expect(consent).toContain('aria-describedby="interest-consent-error"');
    expect(consent).toContain('required');
    expect(html).toMatch(/<title>Bitte prüf deine Angaben – /);
  });

  it('leaves out legal links that are not set', () => {
    const html = renderPublicPage(closed({ imprintUrl: '', privacyUrl: '' }));
    expect(html).not.toContain('Impressum');
    expect(html).not.toContain('Datenschutzerklärung');
    expect(html).toContain('Mit Treffpunkt betrieben');
  });

  it('formats prices and dates per locale', () => {
    const data = page({
      tiers: [tier({ prices: [price({ amount: 1250, label: 'Founding', usesLeft: 1 })] })],
      enrolment: { state: 'upcoming', opensAt: new Date('2026-08-31T22:00:00Z'), closesAt: null },
    });
    const en = renderPublicPage({ ...data, locale: 'en' });
    expect(en).toContain('€12.50');
    expect(en).toContain('Founding: 1 place left');
    expect(en).toContain('Enrolment opens on 1 September 2026.');
    const sv = renderPublicPage({ ...data, locale: 'sv' });
    expect(sv).toMatch(/12,50\s€/);
    expect(sv).toContain('Anmälan öppnar den 1 september 2026.');
  });

  it('keeps a typical page small', () => {
    const html = renderPublicPage(
      closed({ tiers: [tier(), tier({ id: 't2' }), tier({ id: 't3', free: true })] }),
    );
    expect(html.length + PUBLIC_PAGE_CSS.length).toBeLessThan(30_000);
  });
});

describe('PUBLIC_PAGE_STRINGS', () => {
  /** Every leaf of an entry with its placeholders, e.g. "trial.one {n}". */
  const shape = (locale: keyof typeof PUBLIC_PAGE_STRINGS) =>
    Object.entries(PUBLIC_PAGE_STRINGS[locale])
      .flatMap(([key, value]) =>
        typeof value === 'string'
          ? [[key, value]]
          : Object.entries(value).map(([k, v]) => [`${key}.${k}`, v]),
      )
      .map(([key, value]) => `${key} ${[...(value ?? '').matchAll(/\{\w+\}/g)].sort().join(' ')}`)
      .sort();

  it('has the same keys and placeholders in German, English and Swedish, none empty', () => {
    expect(shape('en')).toEqual(shape('de'));
    expect(shape('sv')).toEqual(shape('de'));
    for (const strings of Object.values(PUBLIC_PAGE_STRINGS)) {
      for (const value of Object.values(strings)) {
        for (const s of typeof value === 'string' ? [value] : Object.values(value))
          expect(s.trim()).not.toBe('');
      }
    }
  });
});

describe('renderInterestResultPage', () => {
  it('renders each outcome with a way back to the community page', () => {
    const community = { name: 'Institut <x>', brandColor: '#ffdd00', logoUrl: null };
    const confirmed = renderInterestResultPage({ locale: 'de', community, kind: 'confirmed' });
    expect(confirmed).toContain('<h1>Du stehst auf der Interessentenliste</h1>');
    expect(confirmed).toContain('href="/join"');
    expect(confirmed).toContain('Institut &lt;x&gt;');
    expect(confirmed).toContain('--on-brand:#000000');
    expect(confirmed).toContain('<meta name="robots" content="noindex">');
    expect(renderInterestResultPage({ locale: 'en', community, kind: 'withdrawn' })).toContain(
      '<h1>You have left the list</h1>',
    );
    expect(renderInterestResultPage({ locale: 'sv', community, kind: 'invalid' })).toContain(
      '<html lang="sv">',
    );
  });
});
