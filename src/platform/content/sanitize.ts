import sanitize from 'sanitize-html';

/** The `rel` every external link carries: no SEO credit, no window.opener, no referrer. */
export const EXTERNAL_LINK_REL = 'nofollow ugc noopener noreferrer';

// Absolute http(s) with a host, mailto, or a site-relative path. `//host` and `/\host` are
// protocol-relative in browsers, so a relative path must not start with either.
const HREF_RE = /^(?:https?:\/\/[^\s/\\]|mailto:[^\s]|\/(?![/\\]))/i;
const FILE_SRC_RE = /^\/api\/files\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMG_SRC_RE = /^https?:\/\/[^\s/\\]/i;
const CODE_CLASS_RE = /^language-[\w+#.-]{1,40}$/;

/** True for link targets we allow: http(s), mailto, or a path on our own site. */
export function isAllowedHref(url: string): boolean {
  return HREF_RE.test(url) && !/[\s\p{Cc}]/u.test(url);
}

/** True for image sources we allow: absolute http(s) or one of our own `/api/files/<uuid>` files. */
export function isAllowedImageSrc(url: string): boolean {
  if (/[\s\p{Cc}]/u.test(url)) return false;
  return IMG_SRC_RE.test(url) || FILE_SRC_RE.test(url);
}

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'h3',
  'h4',
  'hr',
];

// Tags whose content is never text a reader should see; dropping the tag keeps nothing of it.
const NON_TEXT_TAGS = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'xmp',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'object',
  'embed',
  'template',
  'title',
  'svg',
  'math',
  'head',
];

function transformLink(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out: sanitize.Attributes = {};
  const href = (attribs.href ?? '').trim();
  if (href && isAllowedHref(href)) {
    out.href = href;
    if (!href.startsWith('/')) {
      out.rel = EXTERNAL_LINK_REL;
      out.target = '_blank';
    }
  }
  if (attribs.class) out.class = attribs.class;
  if (attribs['data-user-id']) out['data-user-id'] = attribs['data-user-id'];
  return { tagName, attribs: out };
}

function transformImage(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const out: sanitize.Attributes = {};
  const src = (attribs.src ?? '').trim();
  if (isAllowedImageSrc(src)) out.src = src;
  if (attribs.alt) out.alt = attribs.alt;
  if (attribs.title) out.title = attribs.title;
  return { tagName, attribs: out };
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'class', 'data-user-id', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
  },
  allowedClasses: { a: ['mention', 'topic'], code: [CODE_CLASS_RE] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
  parseStyleAttributes: false,
  transformTags: { a: transformLink, img: transformImage },
  // An image without an allowed source is dropped; a link whose target was refused keeps its text.
  exclusiveFilter: (frame) => {
    if (frame.tag === 'img' && !frame.attribs.src) return true;
    if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
    return false;
  },
};

/** Cleans HTML down to the content allowlist (the one used for every stored post, comment and bio). */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}

/** Escapes a plain string for use in HTML text or a quoted attribute. */
export function escapeText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
