import { AppError } from '../../../platform/http/errors.ts';

/** One search term: a word or a quoted phrase, possibly negated. */
export interface Term {
  text: string;
  phrase: boolean;
  negated: boolean;
}

/** A parsed search: OR-groups of AND-ed terms, plus `#topics` that must appear as topics. */
export interface ParsedQuery {
  groups: Term[][];
  topics: string[];
  /** The positive terms, for highlighting. */
  positive: Term[];
}

const MAX_TERMS = 24;
const TOPIC = /^#([\p{L}\p{N}_-]{2,50})/u;
const WORDY = /[\p{L}\p{N}]/u;

function invalid(message: string): AppError {
  return new AppError('validation_failed', message, [{ path: 'q', message, code: 'custom' }]);
}

/**
 * Reads search input the way `websearch_to_tsquery` does (words, "phrases", -not, or — also "oder"
 * and "eller"), but term by
 * term, so each term can be matched by any of the three stemmers on its own. A whole-query OR of
 * three per-language queries would miss "Workshops Treffens" against "Workshop … Treffen" (no single
 * language stems both words to the document's forms).
 */
export function parseQuery(input: string): ParsedQuery {
  const groups: Term[][] = [[]];
  const topics: string[] = [];
  const tokens = input.matchAll(/(-?)"([^"]*)"?|(\S+)/g);
  let count = 0;
  for (const m of tokens) {
    const negated = m[1] === '-';
    let term: Term | null = null;
    if (m[2] !== undefined) {
      const text = m[2].trim();
      if (WORDY.test(text)) term = { text, phrase: true, negated };
    } else {
      let word = m[3]!;
      if (/^(or|oder|eller)$/i.test(word)) {
        if (groups.at(-1)!.length) groups.push([]);
        continue;
      }
      const neg = word.length > 1 && word.startsWith('-');
      if (neg) word = word.slice(1);
      const topic = word.match(TOPIC);
      if (topic && !neg) topics.push(topic[1]!.normalize('NFC').toLowerCase());
      if (WORDY.test(word)) term = { text: topic ? topic[1]! : word, phrase: false, negated: neg };
    }
    if (!term) continue;
    if (++count > MAX_TERMS) throw invalid(`Search for at most ${MAX_TERMS} words.`);
    groups.at(-1)!.push(term);
  }
  const nonEmpty = groups.filter((g) => g.length);
  // A group of only negations cannot use the index and matches nearly everything.
  if (nonEmpty.length === 0 || nonEmpty.some((g) => g.every((t) => t.negated))) {
    throw invalid('Search for at least one word.');
  }
  return { groups: nonEmpty, topics: [...new Set(topics)], positive: nonEmpty.flat().filter((t) => !t.negated) };
}

/** The term as `websearch_to_tsquery` input (phrases keep their quotes). */
export function termSource(t: Term): string {
  return t.phrase ? `"${t.text.replace(/"/g, ' ')}"` : t.text.replace(/"/g, ' ');
}

/** Regex (PostgreSQL ARE, case-insensitive) for `#topic` as the renderer links it. */
export function topicPattern(topic: string): string {
  // Topic characters are letters, digits, `_` and `-`: nothing to escape.
  return `(^|[^[:alnum:]_&/\\\\@#])#${topic}($|[^[:alnum:]_-])`;
}
