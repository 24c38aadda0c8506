/**
 * The public community page (`/join`) and the interest-list result pages, rendered on the server as
 * plain HTML: no SPA bundle, no script (the CSP forbids inline scripts), one cached stylesheet.
 * Pure functions: the caller loads the data, picks the locale and sends the string.
 */
import { escapeHtml, textOn } from '../../../platform/mail/render.ts';
import type {
  Currency,
  PageLocale,
  PriceInterval,
  PublicPageData,
  PublicPrice,
  PublicTier,
} from './documents.ts';

export { PUBLIC_PAGE_CSS } from './public-page-css.ts';

/** Where the renderer links; the caller serves these. */
export const PUBLIC_PAGE_PATHS = {
  page: '/join',
  stylesheet: '/join/page.css',
  interest: '/join/interest',
  login: '/login',
  community: '/',
  checkout: '/checkout',
} as const;

interface Plural {
  one: string;
  other: string;
}

const de = {
  skip: 'Zum Inhalt springen',
  login: 'Anmelden',
  toCommunity: 'Zur Community',
  tiersTitle: 'Mitgliedschaften',
  free: 'kostenlos',
  month: '/ Monat',
  year: '/ Jahr',
  once: 'einmalig',
  taxIncluded: 'inkl. {rate} USt',
  taxExcluded: 'zzgl. {rate} USt',
  bundle: 'inkl. {products}',
  trial: { one: '{n} Tag kostenlos testen', other: '{n} Tage kostenlos testen' },
  spotsLeft: { one: 'noch {n} Platz', other: 'noch {n} Plätze' },
  soldOut: 'ausgebucht',
  until: 'bis {date}',
  join: 'Mitglied werden',
  joinFree: 'Kostenlos beitreten',
  noticeClosed: 'Die Anmeldung ist gerade geschlossen.',
  noticeEnded: 'Die Anmeldung ist beendet.',
  noticeUpcoming: 'Die Anmeldung öffnet bald.',
  noticeOpensOn: 'Die Anmeldung öffnet am {date}.',
  noticeOpensAt: 'Die Anmeldung öffnet am {date} um {time} Uhr.',
  noticeClosesOn: 'Die Anmeldung ist bis {date} möglich.',
  noticeToForm: 'Zur Interessentenliste',
  interestTitle: 'Interessentenliste',
  interestIntro: 'Trag dich ein, dann schreiben wir dir, sobald du mitmachen kannst.',
  email: 'E-Mail-Adresse',
  name: 'Name (optional)',
  privacyMore: 'Mehr dazu in der {link}.',
  privacyLink: 'Datenschutzerklärung',
  submit: 'Auf die Interessentenliste',
  titleErrors: 'Bitte prüf deine Angaben',
  interest_requested:
    'Fast geschafft: Bitte bestätige deine Anmeldung über den Link in der Mail, die wir dir gerade geschickt haben.',
  interest_confirmed: 'Danke! Du stehst jetzt auf der Interessentenliste. Wir melden uns, sobald es losgeht.',
  interest_withdrawn: 'Du stehst nicht mehr auf der Interessentenliste.',
  interest_invalid: 'Dieser Link ist ungültig oder abgelaufen. Trag dich gern noch einmal ein.',
  interest_error: 'Das hat leider nicht geklappt. Bitte versuch es gleich noch einmal.',
  imprint: 'Impressum',
  privacy: 'Datenschutz',
  legal: 'Rechtliches',
  poweredBy: 'Mit Treffpunkt betrieben',
  resultConfirmedTitle: 'Du stehst auf der Interessentenliste',
  resultConfirmedText:
    'Danke für deine Bestätigung! Wir schreiben dir, sobald du mitmachen kannst. Austragen kannst du dich jederzeit über den Link in unseren Mails.',
  resultWithdrawnTitle: 'Du bist ausgetragen',
  resultWithdrawnText:
    'Du stehst nicht mehr auf der Interessentenliste und bekommst von uns dazu keine Mails mehr.',
  resultInvalidTitle: 'Dieser Link funktioniert nicht',
  resultInvalidText:
    'Vielleicht ist er abgelaufen oder wurde schon benutzt. Auf der Seite der Community kannst du dich neu eintragen.',
  backToPage: 'Zur Seite von {community}',
  actionConfirmTitle: 'Anmeldung bestätigen',
  actionConfirmText: 'Ein Klick noch: Bestätige, dass du auf die Interessentenliste von {community} möchtest.',
  actionConfirmButton: 'Ja, ich möchte auf die Liste',
  actionWithdrawTitle: 'Von der Interessentenliste austragen',
  actionWithdrawText: 'Möchtest du keine Mails mehr zur Anmeldung bei {community} bekommen?',
  actionWithdrawButton: 'Austragen',
} satisfies Record<string, string | Plural>;

/** Every string of the page; a locale must have exactly these keys (a test checks placeholders too). */
export type PublicPageStrings = {
  readonly [K in keyof typeof de]: (typeof de)[K] extends Plural ? Plural : string;
};

const en: PublicPageStrings = {
  skip: 'Skip to content',
  login: 'Sign in',
  toCommunity: 'Go to the community',
  tiersTitle: 'Memberships',
  free: 'free',
  month: '/ month',
  year: '/ year',
  once: 'one-off',
  taxIncluded: 'incl. {rate} VAT',
  taxExcluded: 'plus {rate} VAT',
  bundle: 'includes {products}',
  trial: { one: 'Try it free for {n} day', other: 'Try it free for {n} days' },
  spotsLeft: { one: '{n} place left', other: '{n} places left' },
  soldOut: 'sold out',
  until: 'until {date}',
  join: 'Become a member',
  joinFree: 'Join for free',
  noticeClosed: 'Enrolment is closed at the moment.',
  noticeEnded: 'Enrolment has ended.',
  noticeUpcoming: 'Enrolment opens soon.',
  noticeOpensOn: 'Enrolment opens on {date}.',
  noticeOpensAt: 'Enrolment opens on {date} at {time}.',
  noticeClosesOn: 'You can join until {date}.',
  noticeToForm: 'Go to the interest list',
  interestTitle: 'Interest list',
  interestIntro: 'Leave your email address and we will let you know as soon as you can join.',
  email: 'Email address',
  name: 'Name (optional)',
  privacyMore: 'More in our {link}.',
  privacyLink: 'privacy policy',
  submit: 'Join the interest list',
  titleErrors: 'Please check your details',
  interest_requested: 'Almost done: please confirm with the link in the email we have just sent you.',
  interest_confirmed:
    'Thank you! You are on the interest list now. We will be in touch as soon as it starts.',
  interest_withdrawn: 'You are no longer on the interest list.',
  interest_invalid: 'This link is invalid or has expired. Feel free to sign up again.',
  interest_error: 'Sorry, that did not work. Please try again in a moment.',
  imprint: 'Legal notice',
  privacy: 'Privacy',
  legal: 'Legal',
  poweredBy: 'Powered by Treffpunkt',
  resultConfirmedTitle: 'You are on the interest list',
  resultConfirmedText:
    'Thank you for confirming! We will write to you as soon as you can join. You can leave the list at any time with the link in our emails.',
  resultWithdrawnTitle: 'You have left the list',
  resultWithdrawnText: 'You are no longer on the interest list and will not get any more emails about it.',
  resultInvalidTitle: 'This link does not work',
  resultInvalidText:
    'It may have expired or been used already. You can sign up again on the community’s page.',
  backToPage: 'Go to the page of {community}',
  actionConfirmTitle: 'Confirm your place',
  actionConfirmText: 'One more click: confirm that you want to join the interest list of {community}.',
  actionConfirmButton: 'Yes, put me on the list',
  actionWithdrawTitle: 'Leave the interest list',
  actionWithdrawText: 'Do you want to stop getting emails about enrolment at {community}?',
  actionWithdrawButton: 'Leave the list',
};

const sv: PublicPageStrings = {
  skip: 'Hoppa till innehållet',
  login: 'Logga in',
  toCommunity: 'Till communityn',
  tiersTitle: 'Medlemskap',
  free: 'gratis',
  month: '/ månad',
  year: '/ år',
  once: 'engångsbelopp',
  taxIncluded: 'inkl. {rate} moms',
  taxExcluded: 'exkl. {rate} moms',
  bundle: 'inkl. {products}',
  trial: { one: 'Prova gratis i {n} dag', other: 'Prova gratis i {n} dagar' },
  spotsLeft: { one: '{n} plats kvar', other: '{n} platser kvar' },
  soldOut: 'fullbokat',
  until: 'till {date}',
  join: 'Bli medlem',
  joinFree: 'Gå med gratis',
  noticeClosed: 'Anmälan är stängd just nu.',
  noticeEnded: 'Anmälan har avslutats.',
  noticeUpcoming: 'Anmälan öppnar snart.',
  noticeOpensOn: 'Anmälan öppnar den {date}.',
  noticeOpensAt: 'Anmälan öppnar den {date} kl. {time}.',
  noticeClosesOn: 'Du kan gå med till och med {date}.',
  noticeToForm: 'Till intresselistan',
  interestTitle: 'Intresselista',
  interestIntro: 'Skriv upp dig så hör vi av oss så snart du kan gå med.',
  email: 'E-postadress',
  name: 'Namn (valfritt)',
  privacyMore: 'Läs mer i vår {link}.',
  privacyLink: 'integritetspolicy',
  submit: 'Ställ mig på intresselistan',
  titleErrors: 'Kontrollera dina uppgifter',
  interest_requested:
    'Nästan klart: bekräfta din anmälan med länken i mejlet som vi just har skickat till dig.',
  interest_confirmed: 'Tack! Nu står du på intresselistan. Vi hör av oss så snart det drar i gång.',
  interest_withdrawn: 'Du står inte längre på intresselistan.',
  interest_invalid: 'Länken är ogiltig eller har gått ut. Skriv gärna upp dig igen.',
  interest_error: 'Det fungerade tyvärr inte. Försök igen om en liten stund.',
  imprint: 'Kontaktuppgifter',
  privacy: 'Integritet',
  legal: 'Juridisk information',
  poweredBy: 'Drivs med Treffpunkt',
  resultConfirmedTitle: 'Du står på intresselistan',
  resultConfirmedText:
    'Tack för din bekräftelse! Vi skriver till dig så snart du kan gå med. Du kan lämna listan när som helst via länken i våra mejl.',
  resultWithdrawnTitle: 'Du har lämnat listan',
  resultWithdrawnText: 'Du står inte längre på intresselistan och får inga fler mejl om den.',
  resultInvalidTitle: 'Den här länken fungerar inte',
  resultInvalidText:
    'Den kan ha gått ut eller redan använts. Du kan skriva upp dig igen på communityns sida.',
  backToPage: 'Till sidan för {community}',
  actionConfirmTitle: 'Bekräfta din plats',
  actionConfirmText: 'Ett klick till: bekräfta att du vill stå på intresselistan för {community}.',
  actionConfirmButton: 'Ja, skriv upp mig',
  actionWithdrawTitle: 'Lämna intresselistan',
  actionWithdrawText: 'Vill du sluta få mejl om anmälan till {community}?',
  actionWithdrawButton: 'Avregistrera mig',
};

/** The page's strings in every supported language (German first). */
export const PUBLIC_PAGE_STRINGS: Readonly<Record<PageLocale, PublicPageStrings>> = { de, en, sv };

const LOCALE_TAG: Record<PageLocale, string> = { de: 'de-DE', en: 'en-GB', sv: 'sv-SE' };
const TIME_ZONE = 'Europe/Berlin';
const FALLBACK_BRAND = '#2f6f5e';
const HEX = /^#[0-9a-f]{6}$/i;

type Vars = Record<string, string | number>;

/** Fills `{name}` placeholders; the result is plain text and still needs escaping. */
function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in vars ? String(vars[key]) : m));
}

/** One locale's formatting helpers, so the markup functions below stay free of Intl details. */
function formatter(locale: PageLocale) {
  const tag = LOCALE_TAG[locale];
  const s = PUBLIC_PAGE_STRINGS[locale];
  const plurals = new Intl.PluralRules(tag);
  const shortDate = new Intl.DateTimeFormat(
    tag,
    locale === 'de'
      ? { day: 'numeric', month: 'numeric', timeZone: TIME_ZONE }
      : { day: 'numeric', month: 'short', timeZone: TIME_ZONE },
  );
  const longDate = new Intl.DateTimeFormat(tag, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: TIME_ZONE,
  });
  const time = new Intl.DateTimeFormat(tag, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  });
  return {
    s,
    /** Plain text from a catalogue entry. */
    t: (key: keyof PublicPageStrings, vars?: Vars) => fill(s[key] as string, vars),
    /** Escaped HTML from a catalogue entry. */
    h: (key: keyof PublicPageStrings, vars?: Vars) => escapeHtml(fill(s[key] as string, vars)),
    plural: (entry: Plural, n: number) =>
      fill(plurals.select(n) === 'one' ? entry.one : entry.other, { n: n.toLocaleString(tag) }),
    money(amount: number, currency: Currency): string {
      // "5 €" rather than "5,00 €" for whole amounts, as people say it.
      const whole = amount % 100 === 0;
      return new Intl.NumberFormat(tag, {
        style: 'currency',
        currency,
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      }).format(amount / 100);
    },
    percent: (bp: number) =>
      new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000),
    list: (items: string[]) => new Intl.ListFormat(tag, { type: 'conjunction' }).format(items),
    shortDate: (d: Date) => shortDate.format(d),
    longDate: (d: Date) => longDate.format(d),
    /** "18:00", or null at midnight (Berlin), when the date alone says it. */
    timeOfDay: (d: Date) => {
      const hm = time.format(d);
      return hm === '00:00' ? null : hm;
    },
  };
}
type Fmt = ReturnType<typeof formatter>;

/** Only http(s), mailto and relative links; a host-entered `javascript:` URL is dropped. */
function safeHref(raw: string | null | undefined): string | null {
  // Browsers ignore tabs and newlines inside URLs ("java\tscript:"), so strip them before checking.
  const url = (raw ?? '').replace(/[\t\n\r]/g, '').trim();
  if (!url) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') return null;
  return url;
}

function brandStyle(brandColor: string): string {
  // The colour goes into CSS, so anything but a plain hex colour is replaced, never escaped.
  const brand = HEX.test(brandColor) ? brandColor.toLowerCase() : FALLBACK_BRAND;
  return `<style>:root{--brand:${brand};--on-brand:${textOn(brand)}}</style>`;
}

function documentShell(opts: {
  locale: PageLocale;
  title: string;
  brandColor: string;
  noindex?: boolean;
  body: string;
}): string {
  return `<!DOCTYPE html>
<html lang="${opts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
${opts.noindex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="stylesheet" href="${PUBLIC_PAGE_PATHS.stylesheet}">
${brandStyle(opts.brandColor)}
</head>
<body>
${opts.body}
</body>
</html>
`;
}

function siteHeader(f: Fmt, community: PublicPageData['community'], account: string): string {
  const logo = safeHref(community.logoUrl);
  // The name stands next to the logo, so the image itself is decorative.
  const img = logo ? `<img src="${escapeHtml(logo)}" alt="">` : '';
  return `<a class="skip" href="#main">${f.h('skip')}</a>
<header class="site-header"><div class="wrap">
<span class="community">${img}<span>${escapeHtml(community.name)}</span></span>
${account}
</div></header>`;
}

function siteFooter(f: Fmt, imprintUrl = '', privacyUrl = ''): string {
  const links = [
    [safeHref(imprintUrl), f.h('imprint')],
    [safeHref(privacyUrl), f.h('privacy')],
  ]
    .filter(([href]) => href)
    .map(([href, label]) => `<li><a href="${escapeHtml(href as string)}">${label}</a></li>`)
    .join('');
  const nav = links ? `<nav aria-label="${f.h('legal')}"><ul>${links}</ul></nav>\n` : '';
  return `<footer class="site-footer"><div class="wrap">
${nav}<p>${f.h('poweredBy')}</p>
</div></footer>`;
}

function taxHint(f: Fmt, price: PublicPrice, data: PublicPageData): string {
  if (data.taxRateBp <= 0) return ''; // exempt: the page shows data.taxNote once below the tiers
  const rate = f.percent(data.taxRateBp);
  return `<p class="small">${f.h(price.taxIncluded ? 'taxIncluded' : 'taxExcluded', { rate })}</p>`;
}

function intervalText(f: Fmt, interval: PriceInterval): string {
  return f.h(interval);
}

function offerLine(f: Fmt, price: PublicPrice): string {
  const parts: string[] = [];
  if (price.usesLeft !== null)
    parts.push(price.usesLeft <= 0 ? f.t('soldOut') : f.plural(f.s.spotsLeft, price.usesLeft));
  if (price.availableUntil) parts.push(f.t('until', { date: f.shortDate(price.availableUntil) }));
  const label = price.label.trim();
  if (!label && parts.length === 0) return '';
  const text = label && parts.length ? `${label}: ${parts.join(', ')}` : label || parts.join(', ');
  const soldOut = price.usesLeft !== null && price.usesLeft <= 0;
  return `<p class="${soldOut ? 'offer offer-out' : 'offer'}">${escapeHtml(text)}</p>`;
}

function priceItem(
  f: Fmt,
  tier: PublicTier,
  price: PublicPrice,
  data: PublicPageData,
  canBuy: boolean,
): string {
  const amount = f.money(price.amount, price.currency);
  const interval = f.t(price.interval);
  const bundle = price.products.length
    ? `<p class="small">${f.h('bundle', { products: f.list(price.products) })}</p>`
    : '';
  const soldOut = price.usesLeft !== null && price.usesLeft <= 0;
  const href = `${PUBLIC_PAGE_PATHS.checkout}?price=${encodeURIComponent(price.id)}`;
  // The visible text is the same on every button; the hidden rest tells screen reader users which one.
  const button =
    canBuy && !soldOut
      ? `<a class="button" href="${escapeHtml(href)}">${f.h('join')}<span class="sr"> – ${escapeHtml(`${tier.name}, ${amount} ${interval}`)}</span></a>`
      : '';
  return `<li class="price">${offerLine(f, price)}<p class="amount"><strong>${escapeHtml(amount)}</strong> ${intervalText(f, price.interval)}</p>${taxHint(f, price, data)}${bundle}${button}</li>`;
}

function tierCard(f: Fmt, tier: PublicTier, data: PublicPageData): string {
  const full = tier.spotsLeft !== null && tier.spotsLeft <= 0;
  const canBuy = data.enrolment.state === 'open' && !full;
  const badge =
    tier.spotsLeft === null
      ? ''
      : `<p class="badge">${escapeHtml(full ? f.t('soldOut') : f.plural(f.s.spotsLeft, tier.spotsLeft))}</p>`;
  const description = tier.description.trim()
    ? `<p>${escapeHtml(tier.description.trim()).replace(/\n/g, '<br>')}</p>`
    : '';
  const includes = tier.includes.length
    ? `<ul class="includes">${tier.includes.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    : '';
  const trial =
    !tier.free && tier.trialDays > 0
      ? `<p class="trial">${escapeHtml(f.plural(f.s.trial, tier.trialDays))}</p>`
      : '';
  let prices: string;
  if (tier.free) {
    const href = `${PUBLIC_PAGE_PATHS.checkout}?tier=${encodeURIComponent(tier.id)}`;
    const button = canBuy
      ? `<a class="button" href="${escapeHtml(href)}">${f.h('joinFree')}<span class="sr"> – ${escapeHtml(tier.name)}</span></a>`
      : '';
    prices = `<ul class="prices"><li class="price"><p class="amount"><strong>${f.h('free')}</strong></p>${button}</li></ul>`;
  } else {
    prices = tier.prices.length
      ? `<ul class="prices">${tier.prices.map((p) => priceItem(f, tier, p, data, canBuy)).join('')}</ul>`
      : '';
  }
  return `<li class="tier">
<h3>${escapeHtml(tier.name)}</h3>${badge}${description}${includes}${trial}
${prices}
</li>`;
}

function enrolmentNotice(f: Fmt, data: PublicPageData): string {
  const { state, opensAt, closesAt } = data.enrolment;
  if (state === 'open') {
    return closesAt ? `<p class="notice">${f.h('noticeClosesOn', { date: f.longDate(closesAt) })}</p>` : '';
  }
  let text: string;
  if (state === 'upcoming' && opensAt) {
    const time = f.timeOfDay(opensAt);
    text = time
      ? f.h('noticeOpensAt', { date: f.longDate(opensAt), time })
      : f.h('noticeOpensOn', { date: f.longDate(opensAt) });
  } else {
    text = f.h(state === 'upcoming' ? 'noticeUpcoming' : state === 'ended' ? 'noticeEnded' : 'noticeClosed');
  }
  return `<p class="notice">${text} <a href="#interest">${f.h('noticeToForm')}</a></p>`;
}

function flashMessage(f: Fmt, flash: PublicPageData['flash']): string {
  if (!flash) return '';
  const kind = flash === 'interest_error' || flash === 'interest_invalid' ? 'flash flash-error' : 'flash';
  return `<p class="${kind}" role="status">${f.h(flash)}</p>`;
}

type FieldName = 'email' | 'name' | 'consent';

/** The error paragraph and the attributes that tie it to its input. */
function fieldError(form: PublicPageData['form'], field: FieldName): { html: string; attrs: string } {
  const message = form?.errors[field];
  if (!message) return { html: '', attrs: '' };
  const id = `interest-${field}-error`;
  return {
    html: `<p class="field-error" id="${id}">${escapeHtml(message)}</p>`,
    attrs: ` aria-invalid="true" aria-describedby="${id}"`,
  };
}

function interestSection(f: Fmt, data: PublicPageData): string {
  const form = data.form;
  const email = fieldError(form, 'email');
  const name = fieldError(form, 'name');
  const consent = fieldError(form, 'consent');
  const privacy = safeHref(data.privacyUrl);
  const privacyHint = privacy
    ? `<p class="hint">${f.h('privacyMore', { link: '{link}' }).replace('{link}', `<a href="${escapeHtml(privacy)}">${f.h('privacyLink')}</a>`)}</p>`
    : '';
  return `<section class="interest" id="interest" aria-labelledby="interest-title">
<h2 id="interest-title">${f.h('interestTitle')}</h2>
${flashMessage(f, data.flash)}<p>${f.h('interestIntro')}</p>
<form method="post" action="${PUBLIC_PAGE_PATHS.interest}">
<div class="field"><label for="interest-email">${f.h('email')}</label>${email.html}<input id="interest-email" name="email" type="email" autocomplete="email" required value="${escapeHtml(form?.email ?? '')}"${email.attrs}></div>
<div class="field"><label for="interest-name">${f.h('name')}</label>${name.html}<input id="interest-name" name="name" type="text" autocomplete="name" maxlength="200" value="${escapeHtml(form?.name ?? '')}"${name.attrs}></div>
<div class="field check">${consent.html}<input id="interest-consent" name="consent" type="checkbox" value="yes" required${consent.attrs}><label for="interest-consent">${escapeHtml(data.consentText)}</label>${privacyHint}</div>
<button type="submit">${f.h('submit')}</button>
</form>
</section>`;
}

/** Host headings in the pitch are h3/h4 (stored that way); under this page's h1 they move up one level. */
function pitchWithHeadings(pitchHtml: string): string {
  // Safe on sanitized HTML: a literal "<" in text is already "&lt;", so these only match real tags.
  return pitchHtml.replace(
    /<(\/?)h([34])\b/gi,
    (_m, slash: string, level: string) => `<${slash}h${Number(level) - 1}`,
  );
}

/** The whole `/join` page as an HTML5 document. */
export function renderPublicPage(data: PublicPageData): string {
  const f = formatter(data.locale);
  const open = data.enrolment.state === 'open';
  const headline = data.headline.trim() || data.community.name;
  const account = data.viewer.signedIn
    ? `<a class="account" href="${PUBLIC_PAGE_PATHS.community}">${f.h('toCommunity')}</a>`
    : `<a class="account" href="${PUBLIC_PAGE_PATHS.login}">${f.h('login')}</a>`;
  const hasErrors = !open && Object.values(data.form?.errors ?? {}).some(Boolean);
  const title = `${hasErrors ? `${f.t('titleErrors')} – ` : ''}${headline === data.community.name ? headline : `${headline} – ${data.community.name}`}`;
  const exemption =
    data.taxRateBp <= 0 && data.taxNote.trim()
      ? `<p class="small">${escapeHtml(data.taxNote.trim())}</p>`
      : '';
  const tiers = data.tiers.length
    ? `<section class="tiers-section" aria-labelledby="tiers-title">
<h2 id="tiers-title">${f.h('tiersTitle')}</h2>
${enrolmentNotice(f, data)}<ul class="tiers">
${data.tiers.map((tier) => tierCard(f, tier, data)).join('\n')}
</ul>
${exemption}</section>`
    : enrolmentNotice(f, data);
  const body = `${siteHeader(f, data.community, account)}
<main id="main" class="wrap">
${open ? flashMessage(f, data.flash) : ''}<section class="hero">
<h1>${escapeHtml(headline)}</h1>
<div class="pitch">${pitchWithHeadings(data.pitchHtml)}</div>
</section>
${tiers}
${open ? '' : interestSection(f, data)}
</main>
${siteFooter(f, data.imprintUrl, data.privacyUrl)}`;
  return documentShell({ locale: data.locale, title, brandColor: data.community.brandColor, body });
}

export type InterestResultKind = 'confirmed' | 'withdrawn' | 'invalid';

const RESULT_KEYS = {
  confirmed: ['resultConfirmedTitle', 'resultConfirmedText'],
  withdrawn: ['resultWithdrawnTitle', 'resultWithdrawnText'],
  invalid: ['resultInvalidTitle', 'resultInvalidText'],
} as const satisfies Record<InterestResultKind, readonly [keyof PublicPageStrings, keyof PublicPageStrings]>;

/** The page a visitor lands on from the confirm / withdraw link of an interest-list mail. */
export function renderInterestResultPage(opts: {
  locale: PageLocale;
  community: PublicPageData['community'];
  kind: InterestResultKind;
}): string {
  const f = formatter(opts.locale);
  const [titleKey, textKey] = RESULT_KEYS[opts.kind];
  const body = `${siteHeader(f, opts.community, '')}
<main id="main" class="wrap result">
<h1>${f.h(titleKey)}</h1>
<p>${f.h(textKey)}</p>
<p><a class="button inline" href="${PUBLIC_PAGE_PATHS.page}">${f.h('backToPage', { community: opts.community.name })}</a></p>
</main>
${siteFooter(f)}`;
  return documentShell({
    locale: opts.locale,
    title: `${f.t(titleKey)} – ${opts.community.name}`,
    brandColor: opts.community.brandColor,
    noindex: true,
    body,
  });
}

/**
 * The page behind a confirm / withdraw link: a button that posts the token. Mail scanners follow
 * links, so a GET alone never changes anything.
 */
export function renderInterestActionPage(opts: {
  locale: PageLocale;
  community: PublicPageData['community'];
  purpose: 'confirm' | 'withdraw';
  token: string;
}): string {
  const f = formatter(opts.locale);
  const keys =
    opts.purpose === 'confirm'
      ? (['actionConfirmTitle', 'actionConfirmText', 'actionConfirmButton'] as const)
      : (['actionWithdrawTitle', 'actionWithdrawText', 'actionWithdrawButton'] as const);
  const body = `${siteHeader(f, opts.community, '')}
<main id="main" class="wrap result">
<h1>${f.h(keys[0])}</h1>
<p>${f.h(keys[1], { community: opts.community.name })}</p>
<form method="post" action="${PUBLIC_PAGE_PATHS.interest}/${opts.purpose}">
<input type="hidden" name="token" value="${escapeHtml(opts.token)}">
<button class="button inline" type="submit">${f.h(keys[2])}</button>
</form>
</main>
${siteFooter(f)}`;
  return documentShell({ locale: opts.locale, title: `${f.t(keys[0])} – ${opts.community.name}`, brandColor: opts.community.brandColor, noindex: true, body });
}
