import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { AppError } from '../http/errors.ts';
import { isAllowedHref, isAllowedImageSrc, sanitizeHtml } from './sanitize.ts';

export { escapeText, isAllowedHref, isAllowedImageSrc, sanitizeHtml } from './sanitize.ts';

/** The longest Markdown source we render (characters). */
export const MAX_MARKDOWN_LENGTH = 40_000;

/** A member a `@handle` resolved to. */
export interface MentionTarget {
  id: string;
  name: string;
  url: string;
}

/** How a render resolves mentions and links topics; all optional. */
export interface RenderMarkdownOptions {
  /** Returns the member behind a handle, or null to leave `@handle` as plain text. Must be synchronous. */
  resolveMention?: (handle: string) => MentionTarget | null;
  /** Where `#topic` links to; receives the lowercased topic. Defaults to `/topics/<topic>`. */
  topicUrl?: (topic: string) => string;
  /** Overrides MAX_MARKDOWN_LENGTH. */
  maxLength?: number;
  /** The input field named in the validation error (default `body`). */
  field?: string;
}

/** The stored forms of one Markdown text. */
export interface RenderedMarkdown {
  /** Sanitized HTML, safe to insert as is. */
  html: string;
  /** Plain text without markup (search, notification snippets, mail text). */
  text: string;
  /** Ids of the mentioned members, unique, in order of appearance. */
  mentions: string[];
  /** Lowercased topics, unique, in order of appearance. */
  topics: string[];
  /** Absolute http(s) link targets, unique, in order of appearance. */
  links: string[];
}

// A type alias (not an interface) so it fits markdown-it's index-signature `env`.
type RenderEnv = {
  resolveMention?: (handle: string) => MentionTarget | null;
  topicUrl: (topic: string) => string;
  // Sets keep insertion order and stay fast for texts with thousands of tags.
  mentions: Set<string>;
  topics: Set<string>;
  handles: Set<string>;
};

// Not preceded by a word character (so e-mail addresses and URL fragments stay as they are), nor by
// `&`, `/` or `\`, which would make it part of an entity, a path or an escape.
const TAG_RE =
  /(?<![\p{L}\p{N}_&/\\@#])(?:@([\p{L}\p{N}._-]{2,40})(?![\p{L}\p{N}._-])|#([\p{L}\p{N}_-]{2,50})(?![\p{L}\p{N}_-]))/gu;

const defaultTopicUrl = (topic: string): string => `/topics/${encodeURIComponent(topic)}`;

function linkTokens(state: StateCore, level: number, attrs: [string, string][], label: string): Token[] {
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = attrs;
  open.level = level;
  open.markup = 'treffpunkt';
  const text = new state.Token('text', '', 0);
  text.content = label;
  text.level = level + 1;
  const close = new state.Token('link_close', 'a', -1);
  close.level = level;
  close.markup = 'treffpunkt';
  return [open, text, close];
}

function textToken(state: StateCore, content: string, level: number): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  t.level = level;
  return t;
}

/** Splits one text token into text and mention/topic links. */
function expandText(state: StateCore, token: Token, env: RenderEnv): Token[] {
  const src = token.content;
  const out: Token[] = [];
  let last = 0;
  for (const m of src.matchAll(TAG_RE)) {
    const start = m.index;
    let link: Token[] | null = null;
    let end = start + m[0].length;
    if (m[1] !== undefined) {
      // A sentence may end right after a handle: "Danke @anna." — the dot is not part of it.
      const handle = m[1].replace(/\.+$/, '');
      end = start + 1 + handle.length;
      if (handle.length >= 2) {
        env.handles.add(handle);
        const target = env.resolveMention?.(handle) ?? null;
        if (target) {
          env.mentions.add(target.id);
          link = linkTokens(
            state,
            token.level,
            [
              ['href', target.url],
              ['class', 'mention'],
              ['data-user-id', target.id],
            ],
            `@${target.name}`,
          );
        }
      }
    } else if (m[2] !== undefined && /\p{L}/u.test(m[2])) {
      const topic = m[2].normalize('NFC').toLowerCase();
      env.topics.add(topic);
      link = linkTokens(
        state,
        token.level,
        [
          ['href', env.topicUrl(topic)],
          ['class', 'topic'],
        ],
        `#${m[2]}`,
      );
    }
    if (!link) continue;
    if (start > last) out.push(textToken(state, src.slice(last, start), token.level));
    out.push(...link);
    last = end;
  }
  if (out.length === 0) return [token];
  if (last < src.length) out.push(textToken(state, src.slice(last), token.level));
  return out;
}

// Runs after inline parsing and before linkify: links, code spans and escapes (`\#not-a-topic`,
// kept as separate `text_special` tokens until text_join) are distinct tokens here, so only plain
// prose is scanned. Linkify then skips the links we made.
function mentionsAndTopics(state: StateCore): void {
  // env is always the RenderEnv that parse() passed in.
  const env = state.env as RenderEnv;
  for (const block of state.tokens) {
    if (block.type === 'heading_open' || block.type === 'heading_close') {
      // Headings in user content sit below the page's own h1/h2.
      block.tag = block.tag === 'h1' ? 'h3' : 'h4';
      continue;
    }
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    let linkDepth = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') linkDepth++;
      else if (child.type === 'link_close') linkDepth--;
      if (child.type === 'text' && linkDepth === 0) children.push(...expandText(state, child, env));
      else children.push(child);
    }
    block.children = children;
  }
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  md.disable(['table']);
  md.validateLink = (url: string) => isAllowedHref(url.trim());
  md.core.ruler.before('linkify', 'treffpunkt_mentions_topics', mentionsAndTopics);
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (isAllowedImageSrc(String(token.attrGet('src') ?? ''))) return image(tokens, idx, options, env, self);
    // An image from elsewhere (data:, relative paths, other schemes) is dropped; its alt text stays.
    return md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
  };
  return md;
}

const md = createRenderer();

function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline') {
      for (const c of t.children ?? []) {
        if (c.type === 'text' || c.type === 'text_special' || c.type === 'code_inline') parts.push(c.content);
        else if (c.type === 'image') parts.push(` ${c.content} `);
        else if (c.type === 'softbreak' || c.type === 'hardbreak') parts.push(' ');
      }
    } else if (t.type === 'fence' || t.type === 'code_block') {
      parts.push(' ', t.content, ' ');
    } else if (t.nesting !== 0 || t.type === 'hr') {
      parts.push(' ');
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function externalLinks(tokens: Token[]): string[] {
  const links = new Set<string>();
  for (const t of tokens) {
    for (const c of t.children ?? []) {
      if (c.type !== 'link_open' || c.markup === 'treffpunkt') continue;
      const href = String(c.attrGet('href') ?? '');
      if (/^https?:\/\//i.test(href)) links.add(href);
    }
  }
  return [...links];
}

function parse(source: string, opts: RenderMarkdownOptions): { tokens: Token[]; env: RenderEnv } {
  const max = opts.maxLength ?? MAX_MARKDOWN_LENGTH;
  if (source.length > max) {
    const path = opts.field ?? 'body';
    throw new AppError('validation_failed', `The text is too long (at most ${max} characters).`, [
      { path, message: `At most ${max} characters`, code: 'too_big' },
    ]);
  }
  const env: RenderEnv = {
    resolveMention: opts.resolveMention,
    topicUrl: opts.topicUrl ?? defaultTopicUrl,
    mentions: new Set(),
    topics: new Set(),
    handles: new Set(),
  };
  return { tokens: md.parse(source, env), env };
}

/** Renders member-written Markdown to sanitized HTML plus its plain text, mentions, topics and links. */
export function renderMarkdown(source: string, opts: RenderMarkdownOptions = {}): RenderedMarkdown {
  const { tokens, env } = parse(source, opts);
  const html = sanitizeHtml(md.renderer.render(tokens, md.options, env));
  return {
    html,
    text: plainText(tokens),
    mentions: [...env.mentions],
    topics: [...env.topics],
    links: externalLinks(tokens),
  };
}

/** The `@handles` written in a text (unique, outside code and links), so a service can load them in one query first. */
export function findMentionHandles(
  source: string,
  opts: Pick<RenderMarkdownOptions, 'maxLength' | 'field'> = {},
): string[] {
  return [...parse(source, opts).env.handles];
}
