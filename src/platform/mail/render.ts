import { createInstance, type i18n, type TFunction } from 'i18next';

/**
 * A mail as structure, not free HTML: every string is an i18next key in the module's namespace,
 * interpolated with the mail's data, so one template gives a text and an HTML part in every language.
 */
export interface MailTemplate {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** A button in HTML, "Label: URL" in text; the URL is `data[urlKey]`. */
  action?: { label: string; urlKey: string };
  footer?: string;
}

export const MAIL_LOCALES = ['de', 'en', 'sv'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
export const DEFAULT_MAIL_LOCALE: MailLocale = 'de';

/** Nested i18next catalogue (strings or nested objects). */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/** What a module contributes: its namespace, its catalogues and its templates. */
export interface MailModule {
  namespace: string;
  catalogues: Record<MailLocale, Catalogue>;
  templates: Record<string, MailTemplate>;
}

export interface MailRegistry {
  /** The template called `namespace.key`, or undefined. */
  template(name: string): { namespace: string; template: MailTemplate } | undefined;
  /** A translator fixed to a locale and namespace. */
  t(locale: MailLocale, namespace: string): TFunction;
  /** Every registered template name, for admin previews and tests. */
  names(): string[];
}

export interface RenderInput {
  template: string;
  locale: string;
  data: Record<string, string>;
  community: { name: string; brandColor: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Collects the modules' mail templates and catalogues into one i18next instance. */
export function createMailRegistry(modules: MailModule[]): MailRegistry {
  const resources: Record<string, Record<string, Catalogue>> = {};
  const templates = new Map<string, { namespace: string; template: MailTemplate }>();
  for (const m of modules) {
    if (m.namespace.includes('.')) throw new Error(`Mail namespace must not contain a dot: ${m.namespace}`);
    for (const locale of MAIL_LOCALES) {
      resources[locale] ??= {};
      resources[locale][m.namespace] = m.catalogues[locale];
    }
    for (const [key, template] of Object.entries(m.templates)) {
      templates.set(`${m.namespace}.${key}`, { namespace: m.namespace, template });
    }
  }
  const instance: i18n = createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_MAIL_LOCALE,
    fallbackLng: DEFAULT_MAIL_LOCALE,
    supportedLngs: [...MAIL_LOCALES],
    ns: modules.map((m) => m.namespace),
    initAsync: false,
    // Escaping happens once, for the HTML part only; the text part must stay literal.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    template: (name) => templates.get(name),
    t: (locale, namespace) => instance.getFixedT(locale, namespace),
    names: () => [...templates.keys()],
  };
}

/** Picks a supported locale; anything else falls back to German. */
export function mailLocale(locale: string): MailLocale {
  const short = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (MAIL_LOCALES as readonly string[]).includes(short) ? (short as MailLocale) : DEFAULT_MAIL_LOCALE;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const HEX = /^#[0-9a-f]{6}$/i;
const FALLBACK_BRAND = '#2f6f5e';

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with `brand` (WCAG formula; the better one is always ≥ 4.58:1). */
export function textOn(brand: string): '#000000' | '#ffffff' {
  const l = luminance(HEX.test(brand) ? brand : FALLBACK_BRAND);
  const withWhite = 1.05 / (l + 0.05);
  const withBlack = (l + 0.05) / 0.05;
  return withWhite >= withBlack ? '#ffffff' : '#000000';
}

function safeUrl(raw: string | undefined, template: string): string {
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch {
    throw new Error(`Mail ${template}: action URL is missing or invalid`);
  }
  // A javascript: or data: link in a mail button is never legitimate.
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`Mail ${template}: action URL must be http(s)`);
  return url.toString();
}

/** Renders a registered template into subject, plain text and accessible table-based HTML. */
export function renderMail(registry: MailRegistry, input: RenderInput): RenderedMail {
  const entry = registry.template(input.template);
  if (!entry) throw new Error(`Unknown mail template: ${input.template}`);
  const { namespace, template } = entry;
  const locale = mailLocale(input.locale);
  const t = registry.t(locale, namespace);
  const vars = { ...input.data, community: input.community.name };
  const tr = (key: string): string => String(t(key, vars));

  const subject = tr(template.subject).replace(/[\r\n]+/g, ' ');
  const greeting = template.greeting ? tr(template.greeting) : undefined;
  // A paragraph that is only an empty value (an optional note) is left out.
  const paragraphs = template.paragraphs.map(tr).filter((x) => x.trim() !== '');
  const action = template.action
    ? { label: tr(template.action.label), url: safeUrl(input.data[template.action.urlKey], input.template) }
    : undefined;
  const footer = template.footer ? tr(template.footer) : undefined;

  const textParts: string[] = [];
  if (greeting) textParts.push(greeting);
  textParts.push(...paragraphs);
  if (action) textParts.push(`${action.label}: ${action.url}`);
  if (footer) textParts.push(`-- \n${footer}`);
  textParts.push(input.community.name);
  const text = `${textParts.join('\n\n')}\n`;

  const brand = HEX.test(input.community.brandColor)
    ? input.community.brandColor.toLowerCase()
    : FALLBACK_BRAND;
  const onBrand = textOn(brand);
  const p = (s: string) => `<p style="margin:0 0 16px 0;">${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const button = action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;"><tr>` +
      `<td style="border-radius:6px;background:${brand};">` +
      `<a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 24px;border-radius:6px;` +
      `background:${brand};color:${onBrand};font-weight:bold;text-decoration:none;">${escapeHtml(action.label)}</a>` +
      `</td></tr></table>` +
      `<p style="margin:0 0 16px 0;font-size:13px;color:#444444;word-break:break-all;">${escapeHtml(action.url)}</p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f4;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;">
<tr><td style="padding:20px 32px;border-bottom:4px solid ${brand};"><h1 style="margin:0;font-size:20px;color:#1a1a1a;">${escapeHtml(input.community.name)}</h1></td></tr>
<tr><td style="padding:24px 32px;">
${greeting ? p(greeting) : ''}${paragraphs.map(p).join('')}${button}
</td></tr>
${footer ? `<tr><td style="padding:16px 32px;border-top:1px solid #e5e5e5;font-size:13px;color:#444444;">${escapeHtml(footer).replace(/\n/g, '<br>')}</td></tr>` : ''}
</table>
</td></tr></table>
</body>
</html>
`;
  return { subject, text, html };
}
