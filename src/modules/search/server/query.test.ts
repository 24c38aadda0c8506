import { describe, expect, it } from 'vitest';
import { parseQuery, topicPattern } from './query.ts';
import { excerpt, snippetHtml, START, STOP } from './snippet.ts';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions, or and topics term by term', () => {
    const p = parseQuery('Workshops "offener Abend" -Humor or #Achtsamkeit,');
    expect(p.groups).toEqual([
      [
        { text: 'Workshops', phrase: false, negated: false },
        { text: 'offener Abend', phrase: true, negated: false },
        { text: 'Humor', phrase: false, negated: true },
      ],
      [{ text: 'Achtsamkeit', phrase: false, negated: false }],
    ]);
    expect(p.topics).toEqual(['achtsamkeit']);
    expect(p.positive.map((t) => t.text)).toEqual(['Workshops', 'offener Abend', 'Achtsamkeit']);
  });

  it('refuses queries without a word to look for', () => {
    for (const q of ['-nur', '!!!', 'or or', '""', 'a or -b']) expect(() => parseQuery(q), q).toThrow(/at least one word/);
    expect(() => parseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toThrow(/at most/);
  });

  it('builds topic patterns from topic characters only', () => {
    expect(topicPattern('ärger-themen')).toBe('(^|[^[:alnum:]_&/\\\\@#])#ärger-themen($|[^[:alnum:]_-])');
  });
});

describe('snippetHtml', () => {
  it('escapes text and turns only our markers into <mark>', () => {
    const raw = `<b onclick="x">${START}Workshop${STOP} & 'so'</b>`;
    expect(snippetHtml(raw)).toBe('&lt;b onclick=&quot;x&quot;&gt;<mark>Workshop</mark> &amp; &#39;so&#39;&lt;/b&gt;');
  });

  it('keeps marks balanced and drops stray control characters', () => {
    expect(snippetHtml(`${START}a${START}b`)).toBe('<mark>ab</mark>');
    expect(snippetHtml(`${STOP}a${String.fromCharCode(0, 7)}b`)).toBe('ab');
  });

  it('shortens untitled posts at a word boundary', () => {
    expect(excerpt('kurz')).toBe('kurz');
    expect(excerpt(`${'wort '.repeat(30)}`, 20)).toBe('wort wort wort wort …');
  });
});
