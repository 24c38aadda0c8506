import sanitize from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { type MentionTarget, renderMarkdown, sanitizeHtml } from './markdown.ts';
import { XSS_CORPUS, XSS_GLOBAL } from './xss-corpus.ts';

const ALLOWED_ATTRS: Record<string, string[]> = {
  a: ['href', 'class', 'data-user-id', 'rel', 'target'],
  img: ['src', 'alt', 'title'],
  code: ['class'],
};
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
].concat(['a', 'img', 'h3', 'h4', 'hr']);
const FORBIDDEN_TAG_RE =
  /<\/?\s*(script|iframe|object|embed|form|meta|base|style|svg|math|link|input|button|textarea|select|template|frame|frameset|applet)\b/i;
const URL_RE = /^(https?:\/\/|mailto:|\/(?![/\\]))/i;

// A stricter second pass: anything outside the allowlist would be escaped (and so change the text)
// instead of silently dropped.
const STRICT: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRS,
  allowedClasses: { a: ['mention', 'topic'], code: [/^language-[\w+#.-]{1,40}$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  parseStyleAttributes: false,
};

interface SeenTag {
  tag: string;
  attribs: Record<string, string>;
}

/** Parses HTML with the same parser the sanitizer uses and lists every element with its decoded attributes. */
function elementsOf(html: string): SeenTag[] {
  const seen: SeenTag[] = [];
  sanitize(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      '*': (tagName, attribs) => {
        seen.push({ tag: tagName, attribs: { ...attribs } });
        return { tagName, attribs };
      },
    },
  });
  return seen;
}

/** Every way the output could carry script: tags, handlers, URLs, classes, and non-idempotence. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(FORBIDDEN_TAG_RE);
  for (const raw of html.match(/<[^>]*>/g) ?? []) {
    // Attribute values are always double-quoted by the serializer; blank them and look at names only.
    expect(raw.replace(/"[^"]*"/g, '""')).not.toMatch(/[\s/]on[a-z]*\s*=/i);
  }
  for (const { tag, attribs } of elementsOf(html)) {
    expect(ALLOWED_TAGS).toContain(tag);
    for (const [name, value] of Object.entries(attribs)) {
      expect(ALLOWED_ATTRS[tag] ?? []).toContain(name);
      expect(name).not.toMatch(/^on/i);
      if (name === 'href' || name === 'src') {
        expect(value).toMatch(URL_RE);
        expect(value).not.toMatch(/^\s*(javascript|vbscript|data):/i);
      }
      if (name === 'class') expect(value).toMatch(/^(mention|topic|language-[\w+#.-]+)$/);
      if (name === 'target') expect(value).toBe('_blank');
    }
  }
  expect(sanitizeHtml(html)).toBe(html);
  expect(sanitize(html, STRICT)).toBe(html);
}

// A resolver that resolves every handle to a hostile display name, id and URL.
const hostileResolver = (handle: string): MentionTarget => ({
  id: `"><img src=x onerror=alert(1)>${handle}`,
  name: `<script>alert(1)</script>${handle}`,
  url: handle.startsWith('j') ? `javascript:alert('${handle}')` : `/members/${encodeURIComponent(handle)}`,
});

describe('XSS corpus', () => {
  it('holds at least 120 vectors with unique names', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(XSS_CORPUS.map((v) => v.name)).size).toBe(XSS_CORPUS.length);
    expect(XSS_CORPUS.some((v) => v.input.includes(XSS_GLOBAL))).toBe(true);
  });

  describe.each(XSS_CORPUS.map((v) => [v.name, v.input]))('%s', (_name, input) => {
    it('renders as Markdown into inert HTML', () => {
      expectInert(renderMarkdown(input).html);
    });

    it('stays inert with hostile mention targets and topic URLs', () => {
      const out = renderMarkdown(input, {
        resolveMention: hostileResolver,
        topicUrl: (t) => `javascript:alert("${t}")`,
      });
      expectInert(out.html);
    });

    it('is inert when sanitized as HTML directly', () => {
      expectInert(sanitizeHtml(input));
    });
  });
});

describe('the inertness check itself', () => {
  it('fails on the shapes it is meant to catch', () => {
    for (const bad of [
      '<p onclick="x">a</p>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="//evil.example">x</a>',
      '<img src="data:image/png;base64,AA" />',
      '<svg></svg>',
      '<p class="evil">x</p>',
      '<a href="https://x.org" onmouseover="x">y</a>',
    ]) {
      expect(() => expectInert(bad), bad).toThrow();
    }
  });
});
