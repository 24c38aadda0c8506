import MarkdownIt from 'markdown-it';

/** What a page says about itself in its `<head>`, as plain text. */
export interface PageMeta {
  title: string | null;
  description: string | null;
  siteName: string | null;
  imageUrl: string | null;
}

/** Longest values we keep (characters). */
export const META_LIMITS = { title: 200, description: 500, siteName: 100, imageUrl: 2048 } as const;

const { unescapeAll } = new MarkdownIt().utils;

/** Decodes HTML character references (the full HTML5 table, via markdown-it's entity decoder). */
export function decodeEntities(s: string): string {
  // unescapeAll also removes Markdown backslash escapes; doubling every backslash first cancels that.
  return unescapeAll(s.replace(/\\/g, '\\\\'));
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max
    ? s
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Turns an HTML fragment into one line of plain text: no tags, entities decoded, whitespace collapsed. */
function clean(raw: string | undefined, max: number): string | null {
  if (!raw) return null;
  const text = decodeEntities(raw.replace(/<[^>]*>/g, ' '))
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? truncate(text, max) : null;
}

function absoluteHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  const value = decodeEntities(raw).trim();
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.href.length <= META_LIMITS.imageUrl ? url.href : null;
  } catch {
    return null;
  }
}

const ATTR_RE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR_RE)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Only the head, without comments, scripts and styles that could hold look-alike tags. */
export function headOf(html: string): string {
  const end = html.search(/<\/head\s*>|<body[\s>]/i);
  return (end === -1 ? html : html.slice(0, end))
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style|template|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
}

/** Reads title, description, site name and image from a page's `<head>` (Open Graph first, then plain HTML). */
export function parsePageMeta(html: string): PageMeta {
  const head = headOf(html);
  const meta = new Map<string, string>();
  for (const m of head.matchAll(/<meta\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const attrs = attributes(m[1]!);
    const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
    const content = attrs.get('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(head)?.[1];
  const first = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v?.trim());
  return {
    title: clean(first('og:title', 'twitter:title') ?? title, META_LIMITS.title),
    description: clean(
      first('og:description', 'description', 'twitter:description'),
      META_LIMITS.description,
    ),
    siteName: clean(first('og:site_name', 'application-name'), META_LIMITS.siteName),
    imageUrl: absoluteHttpUrl(first('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image')),
  };
}

/** The charset a page declares in a `<meta>` tag, if any. */
export function declaredCharset(headBytesAsLatin1: string): string | null {
  const m = /<meta\b[^>]*charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(headBytesAsLatin1);
  return m ? m[1]!.toLowerCase() : null;
}
