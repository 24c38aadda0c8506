/**
 * `ts_headline` marks matches with these control characters instead of HTML: the stored text is
 * escaped first and only then are the markers turned into `<mark>`, so member text can never become
 * markup. The text is stripped of both characters before it goes into `ts_headline`.
 */
export const START = '\u0002';
export const STOP = '\u0003';

export const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Number of highlighted matches in a raw headline. */
export function markCount(raw: string): number {
  let n = 0;
  for (const ch of raw) if (ch === START) n++;
  return n;
}

/** A raw headline as safe HTML: escaped text, `<mark>` around matches, markers always balanced. */
export function snippetHtml(raw: string): string {
  let out = '';
  let open = false;
  for (const ch of raw) {
    if (ch === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (ch === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else {
      const code = ch.charCodeAt(0);
      // Other control characters (but tab and line breaks) have no business in a snippet.
      if ((code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || code === 0x7f) continue;
      out += ESCAPES[ch] ?? ch;
    }
  }
  return (open ? `${out}</mark>` : out).trim();
}

/** The first words of a text, for titles of untitled posts. */
export function excerpt(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()} …`;
}
