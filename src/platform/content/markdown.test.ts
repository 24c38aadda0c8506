import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import {
  escapeText,
  findMentionHandles,
  MAX_MARKDOWN_LENGTH,
  type MentionTarget,
  renderMarkdown,
  sanitizeHtml,
} from './markdown.ts';

const REL = 'rel="nofollow ugc noopener noreferrer" target="_blank"';
const FILE_ID = '019a0000-0000-7000-8000-000000000000';

const members: Record<string, MentionTarget> = {
  anna: { id: 'u-anna', name: 'Anna Berg', url: '/members/u-anna' },
  'lena.k': { id: 'u-lena', name: 'Lena & <Co>', url: '/members/u-lena' },
};
const resolveMention = (handle: string) => members[handle.toLowerCase()] ?? null;

describe('renderMarkdown: formatting', () => {
  it('renders paragraphs, emphasis, lists, quotes, code and rules', () => {
    const { html } = renderMarkdown(
      'Hallo *du* und **ihr** ~~nicht~~\n\n- eins\n- zwei\n\n1. a\n\n> Zitat\n\n`x < y`\n\n---\n\n```ts\nconst a = 1;\n```',
    );
    expect(html).toContain('<p>Hallo <em>du</em> und <strong>ihr</strong> <s>nicht</s></p>');
    expect(html).toContain('<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>a</li>\n</ol>');
    expect(html).toContain('<blockquote>\n<p>Zitat</p>\n</blockquote>');
    expect(html).toContain('<code>x &lt; y</code>');
    expect(html).toContain('<hr />');
    expect(html).toContain('<pre><code class="language-ts">const a = 1;\n</code></pre>');
  });

  it('turns single newlines into line breaks', () => {
    expect(renderMarkdown('eins\nzwei').html).toBe('<p>eins<br />\nzwei</p>\n');
  });

  it('renders headings below the page headings', () => {
    const { html } = renderMarkdown('# Eins\n## Zwei\n### Drei\n###### Sechs');
    expect(html).toBe('<h3>Eins</h3>\n<h4>Zwei</h4>\n<h4>Drei</h4>\n<h4>Sechs</h4>\n');
  });

  it('escapes raw HTML instead of interpreting it', () => {
    expect(renderMarkdown('<b>fett</b>').html).toBe('<p>&lt;b&gt;fett&lt;/b&gt;</p>\n');
  });

  it('drops a code language that is not a plain name', () => {
    expect(renderMarkdown('```a"b\nx\n```').html).toBe('<pre><code>x\n</code></pre>\n');
  });

  it('leaves tables as text', () => {
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |').html).not.toContain('<table');
  });
});

describe('renderMarkdown: links and images', () => {
  it('opens external links in a new tab without referrer or SEO credit', () => {
    expect(renderMarkdown('[Seite](https://example.org/a?b=1)').html).toBe(
      `<p><a href="https://example.org/a?b=1" ${REL}>Seite</a></p>\n`,
    );
    expect(renderMarkdown('https://example.org').html).toContain(`<a href="https://example.org" ${REL}>`);
    expect(renderMarkdown('mail@example.org').html).toContain(`<a href="mailto:mail@example.org" ${REL}>`);
  });

  it('keeps links on our own site in the same tab', () => {
    expect(renderMarkdown('[Space](/spaces/abc)').html).toBe('<p><a href="/spaces/abc">Space</a></p>\n');
  });

  it('does not link relative, protocol-relative or other schemes', () => {
    for (const src of [
      '[x](foo/bar)',
      '[x](?q=1)',
      '[x](//evil.example)',
      '[x](ftp://a.b)',
      '[x](tel:123)',
    ]) {
      expect(renderMarkdown(src).html, src).not.toContain('<a');
    }
    expect(renderMarkdown('[x](#frag)').html).not.toContain('href="#');
  });

  it('keeps http(s) images and our own files, drops others', () => {
    expect(renderMarkdown('![Bild](https://example.org/a.png "T")').html).toBe(
      '<p><img src="https://example.org/a.png" alt="Bild" title="T" /></p>\n',
    );
    expect(renderMarkdown(`![Datei](/api/files/${FILE_ID})`).html).toBe(
      `<p><img src="/api/files/${FILE_ID}" alt="Datei" /></p>\n`,
    );
    expect(renderMarkdown('![Alt *text*](/spaces/x.png)').html).toBe('<p>Alt text</p>\n');
    expect(renderMarkdown('![x](data:image/png;base64,AAAA)').html).not.toContain('<img');
  });

  it('lists absolute http(s) links once, in order, without mentions, topics or mail addresses', () => {
    const out = renderMarkdown(
      '[b](https://b.example) https://a.example [again](https://b.example) [x](/intern) @anna #thema x@y.de',
      { resolveMention },
    );
    expect(out.links).toEqual(['https://b.example', 'https://a.example']);
  });
});

describe('renderMarkdown: mentions', () => {
  it('links resolved handles with the member name and id', () => {
    const out = renderMarkdown('Danke @anna und @Lena.K!', { resolveMention });
    expect(out.html).toBe(
      '<p>Danke <a href="/members/u-anna" class="mention" data-user-id="u-anna">@Anna Berg</a> und ' +
        '<a href="/members/u-lena" class="mention" data-user-id="u-lena">@Lena &amp; &lt;Co&gt;</a>!</p>\n',
    );
    expect(out.mentions).toEqual(['u-anna', 'u-lena']);
  });

  it('leaves unresolved handles as text and reports ids once', () => {
    const out = renderMarkdown('@niemand @anna @anna', { resolveMention });
    expect(out.html).toContain('<p>@niemand <a');
    expect(out.mentions).toEqual(['u-anna']);
  });

  it('ends a handle before a sentence-ending dot', () => {
    expect(renderMarkdown('Frag @anna.', { resolveMention }).html).toContain('@Anna Berg</a>.</p>');
  });

  it('ignores handles in code, links, mail addresses and escapes', () => {
    const src = '`@anna` [@anna](https://x.example) anna@anna.de \\@anna\n\n```\n@anna\n```';
    const out = renderMarkdown(src, { resolveMention });
    expect(out.mentions).toEqual([]);
    expect(out.html).not.toContain('class="mention"');
  });

  it('ignores handles that are too short or too long', () => {
    const calls: string[] = [];
    renderMarkdown(`@a @${'x'.repeat(41)} @ok`, {
      resolveMention: (h) => {
        calls.push(h);
        return null;
      },
    });
    expect(calls).toEqual(['ok']);
  });

  it('lists the handles of a text for batch lookup', () => {
    expect(findMentionHandles('@anna @bob `@code` @anna [@x](https://x.org)')).toEqual(['anna', 'bob']);
  });
});

describe('renderMarkdown: topics', () => {
  it('links topics and reports them lowercased and unique', () => {
    const out = renderMarkdown('#Workshop und #workshop, #Übung_1', {
      topicUrl: (t) => `/t/${encodeURIComponent(t)}`,
    });
    expect(out.html).toBe(
      '<p><a href="/t/workshop" class="topic">#Workshop</a> und <a href="/t/workshop" class="topic">#workshop</a>, ' +
        '<a href="/t/%C3%BCbung_1" class="topic">#Übung_1</a></p>\n',
    );
    expect(out.topics).toEqual(['workshop', 'übung_1']);
  });

  it('uses /topics/<topic> by default', () => {
    expect(renderMarkdown('#Garten').html).toContain('<a href="/topics/garten" class="topic">#Garten</a>');
  });

  it('ignores fragments, code, links, escapes, numbers and words with a # inside', () => {
    const src = 'https://x.example/a#abschnitt C#sharp `#code` [#link](https://x.org) \\#nein #2024 #a';
    expect(renderMarkdown(src).topics).toEqual([]);
  });

  it('is not a heading marker', () => {
    expect(renderMarkdown('# Titel').topics).toEqual([]);
  });
});

describe('renderMarkdown: plain text and limits', () => {
  it('gives text without markup, entities decoded, whitespace collapsed', () => {
    const out = renderMarkdown(
      '# Titel\n\nHallo **Welt** &amp; &lt;du&gt;\n\n- a\n- b\n\n```\ncode  here\n```\n\n@anna',
      {
        resolveMention,
      },
    );
    expect(out.text).toBe('Titel Hallo Welt & <du> a b code here @Anna Berg');
  });

  it('refuses input over the limit with the failing field', () => {
    const tooLong = 'a'.repeat(MAX_MARKDOWN_LENGTH + 1);
    expect(() => renderMarkdown(tooLong)).toThrow(AppError);
    try {
      renderMarkdown('abcdef', { maxLength: 5, field: 'comment' });
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
      expect((err as AppError).details).toEqual([expect.objectContaining({ path: 'comment' })]);
    }
    expect(renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH)).text).toHaveLength(MAX_MARKDOWN_LENGTH);
  });
});

describe('sanitizeHtml and escapeText', () => {
  it('keeps the allowlist and adds rel/target to external links only', () => {
    expect(
      sanitizeHtml(
        '<h2 style="color:red">T</h2><a href="https://x.org" rel="opener" target="_top" class="mention evil">x</a><a href="/in" target="_blank">y</a>',
      ),
    ).toBe(`T<a href="https://x.org" ${REL} class="mention">x</a><a href="/in">y</a>`);
  });

  it('drops images from elsewhere and links without an allowed target but keeps their text', () => {
    expect(sanitizeHtml('<img src="x.png" alt="a"><a href="javascript:x">Text</a>')).toBe('Text');
    expect(sanitizeHtml(`<img src="/api/files/${FILE_ID}" onerror="x">`)).toBe(
      `<img src="/api/files/${FILE_ID}" />`,
    );
  });

  it('drops the content of script-like elements entirely', () => {
    expect(sanitizeHtml('<p>a<script>b</script><style>c</style><svg><text>d</text></svg>e</p>')).toBe(
      '<p>ae</p>',
    );
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
