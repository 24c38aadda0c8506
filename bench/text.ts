/**
 * Deterministic German community text for the benchmark seed: sentences built from word lists with a
 * skewed (Zipf-like) choice, so common words are common and rare words are rare, as in real
 * discussions. "Workshop" is never drawn from the lists; the seeder adds it on purpose (about 1 % of
 * posts) so a search for it has a known selectivity. The same goes for the rare word `RARE_WORD`.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** Zipf-ish: the first entries are drawn far more often than the last. */
export const zipf = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(xs.length * r() ** 2.2)]!;

export const SEARCH_WORD = 'Workshop';
export const RARE_WORD = 'Grübelfenster';

const NOUNS = [
  'Klientin',
  'Klient',
  'Sitzung',
  'Beratung',
  'Gruppe',
  'Familie',
  'Frage',
  'Idee',
  'Erfahrung',
  'Methode',
  'Übung',
  'Ressource',
  'Haltung',
  'Pause',
  'Woche',
  'Supervision',
  'Intervision',
  'Kollegin',
  'Kollege',
  'Team',
  'Arbeitshilfe',
  'Vorlage',
  'Dokumentation',
  'Skalierungsfrage',
  'Wunderfrage',
  'Perspektive',
  'Lösung',
  'Ziel',
  'Auftrag',
  'Einstieg',
  'Abschluss',
  'Rückmeldung',
  'Stimmung',
  'Energie',
  'Geduld',
  'Unsicherheit',
  'Struktur',
  'Grenze',
  'Beziehung',
  'Schule',
  'Jugendliche',
  'Eltern',
  'Mutter',
  'Vater',
  'Kinder',
  'Praxis',
  'Stelle',
  'Gesprächsführung',
  'Haltungsfrage',
  'Körperarbeit',
  'Achtsamkeit',
  'Erschöpfung',
  'Motivation',
  'Veränderung',
  'Krise',
  'Hypothese',
  'Genogramm',
  'Aufstellung',
  'Hausaufgabe',
  'Zwischenbilanz',
  'Fallbesprechung',
  'Onlineberatung',
  'Videositzung',
  'Telefonberatung',
  'Terminplanung',
  'Honorar',
  'Fortbildung',
  'Literatur',
  'Podcast',
  'Studie',
  'Artikel',
  'Buch',
  'Kapitel',
  'Fallbeispiel',
  'Sprache',
  'Metapher',
  'Geschichte',
  'Kopfschmerzen',
  'Schlafprobleme',
  'Trauer',
  'Wut',
  'Angst',
  'Scham',
  'Freude',
  'Dankbarkeit',
  'Humor',
  'Stärke',
  'Schwäche',
  'Gewohnheit',
  'Routine',
  'Rolle',
  'Erwartung',
  'Enttäuschung',
  'Hoffnung',
  'Mut',
  'Netzwerk',
  'Kooperation',
  'Schweigepflicht',
  'Datenschutz',
  'Abrechnung',
  'Antrag',
  'Kostenträger',
  'Wartezeit',
  'Erstgespräch',
  'Anamnese',
  'Genehmigung',
  'Protokoll',
  'Checkliste',
  'Leitfaden',
  'Modell',
  'Reflexion',
  'Selbstfürsorge',
  'Burnout',
  'Balance',
  'Urlaub',
  'Sommerpause',
  'Jahresplanung',
  'Region',
  'Kleinstadt',
  'Beratungsstelle',
  'Jugendamt',
  'Kita',
  'Klinik',
  'Hausarzt',
  'Netzwerktreffen',
  'Tandem',
] as const;

const ADJECTIVES = [
  'gute',
  'schwierige',
  'spannende',
  'neue',
  'kleine',
  'große',
  'hilfreiche',
  'ehrliche',
  'kurze',
  'lange',
  'ruhige',
  'offene',
  'klare',
  'vorsichtige',
  'mutige',
  'praktische',
  'überraschende',
  'anstrengende',
  'wertvolle',
  'systemische',
  'lösungsorientierte',
  'konkrete',
  'einfache',
  'komplizierte',
  'erste',
  'letzte',
  'zweite',
  'gemeinsame',
  'persönliche',
  'digitale',
  'typische',
  'seltene',
  'zähe',
  'lebendige',
] as const;

const VERBS = [
  'hilft mir',
  'beschäftigt mich',
  'überrascht mich',
  'fällt mir schwer',
  'gelingt mir',
  'passt gut',
  'trägt weit',
  'bringt Klarheit',
  'kostet Kraft',
  'macht Mut',
  'öffnet den Blick',
  'braucht Zeit',
  'verändert viel',
  'bleibt offen',
  'wirkt nach',
  'funktioniert erstaunlich gut',
  'stockt gerade',
  'entlastet alle',
  'irritiert manchmal',
  'lohnt sich',
] as const;

const OPENERS = [
  'Ich finde',
  'Mir scheint',
  'Bei mir',
  'Letzte Woche',
  'Gestern',
  'In meiner Praxis',
  'Im Team',
  'Ehrlich gesagt',
  'Ganz praktisch',
  'Aus meiner Sicht',
  'Seit einiger Zeit',
  'Zum Glück',
  'Manchmal',
  'Oft',
  'Heute',
  'Nach der Sitzung',
  'In der Supervision',
  'Bei Jugendlichen',
  'Mit Familien',
] as const;

const TAILS = [
  'und das möchte ich gern mit euch teilen',
  'was meint ihr dazu',
  'vielleicht kennt ihr das auch',
  'das hat mich lange beschäftigt',
  'und ich bin gespannt auf eure Erfahrungen',
  'danke fürs Mitdenken',
  'gerade bei neuen Klientinnen',
  'vor allem am Anfang',
  'besonders in der Gruppe',
  'auch online',
  'wenn die Zeit knapp ist',
  'mit kleinen Schritten',
  'ohne Druck',
  'nach einer Pause',
  'im Erstgespräch',
] as const;

const QUESTIONS = [
  'Wie geht ihr damit um',
  'Habt ihr eine Idee',
  'Kennt jemand eine gute Vorlage',
  'Wie würdet ihr einsteigen',
  'Was hat bei euch funktioniert',
  'Wer hat Erfahrung damit',
  'Gibt es dazu Literatur',
  'Wie dokumentiert ihr das',
] as const;

const FIRST_NAMES = [
  'Anna',
  'Lukas',
  'Sophie',
  'Felix',
  'Katharina',
  'Daniel',
  'Nina',
  'Markus',
  'Lena',
  'Jan',
  'Petra',
  'Hannah',
  'Thomas',
  'Emily',
  'Stefan',
  'Linnea',
  'Julia',
  'Michael',
  'Sarah',
  'Tobias',
  'Laura',
  'Sebastian',
  'Miriam',
  'Jonas',
  'Clara',
  'Matthias',
  'Johanna',
  'Florian',
  'Eva',
  'Paul',
  'Marie',
  'David',
  'Lea',
  'Simon',
  'Carla',
  'Moritz',
  'Helena',
  'Benedikt',
  'Ida',
  'Konrad',
  'Greta',
  'Oskar',
  'Frieda',
  'Anton',
  'Mathilda',
  'Henrik',
  'Astrid',
  'Erik',
  'Ingrid',
  'Nils',
] as const;

const LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann',
  'Schmid',
  'Schulze',
  'Maier',
  'Köhler',
  'Herrmann',
  'König',
  'Walter',
  'Mayer',
  'Huber',
  'Kaiser',
  'Fuchs',
  'Peters',
  'Lindqvist',
  'Berg',
  'Sommer',
  'Vogel',
  'Frank',
  'Busch',
  'Engel',
  'Jung',
  'Horn',
  'Brandt',
] as const;

export function personName(i: number): string {
  return `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function sentence(r: Rand): string {
  const k = r();
  const noun = zipf(r, NOUNS);
  const adj = zipf(r, ADJECTIVES);
  if (k < 0.15) return `${pick(r, QUESTIONS)} bei ${adj.replace(/e$/, 'er')} ${noun}?`;
  if (k < 0.55) return `${pick(r, OPENERS)} ${zipf(r, VERBS)} die ${adj} ${noun}, ${pick(r, TAILS)}.`;
  if (k < 0.8) return `Die ${adj} ${noun} ${zipf(r, VERBS)}, ${pick(r, TAILS)}.`;
  return `${cap(zipf(r, NOUNS))} und ${zipf(r, NOUNS)}: ${pick(r, OPENERS).toLowerCase()} ${zipf(r, VERBS)}.`;
}

/** Markdown of `paragraphs` paragraphs of `min..max` sentences, optionally with one **bold** word. */
export function markdown(r: Rand, paragraphs: number, min: number, max: number, extra?: string): string {
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const s: string[] = [];
    const n = int(r, min, max);
    for (let i = 0; i < n; i++) s.push(sentence(r));
    out.push(s.join(' '));
  }
  if (extra) {
    const p = Math.floor(r() * out.length);
    out[p] = `${out[p]} ${extra}`;
  }
  if (r() < 0.2) out[0] = out[0]!.replace(/ die (\S+) /, ' die **$1** ');
  return out.join('\n\n');
}

export function title(r: Rand, extra?: string): string {
  const k = r();
  const noun = zipf(r, NOUNS);
  if (extra) return `${extra}: ${noun} und ${zipf(r, NOUNS)}`;
  if (k < 0.3) return `${pick(r, QUESTIONS)}?`;
  if (k < 0.6) return `${cap(zipf(r, ADJECTIVES))} ${noun}`;
  return `${noun} – ${pick(r, TAILS)}`;
}

/** Sentences that carry the search words, so they read like the rest. */
export function searchSentence(r: Rand, word: string): string {
  return pick(r, [
    `Im ${word} letzte Woche ging es genau darum.`,
    `Gibt es dazu bald einen ${word}?`,
    `Der ${word} zur ${zipf(r, NOUNS)} hat mir sehr geholfen.`,
    `Ich plane einen kleinen ${word} für unsere Gruppe.`,
  ]);
}

export function rareSentence(r: Rand): string {
  return pick(r, [
    `Das ${RARE_WORD} hat bei mir gut funktioniert.`,
    `Kennt ihr die Übung mit dem ${RARE_WORD}?`,
    `Mein ${RARE_WORD} liegt jetzt immer am Abend.`,
  ]);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ESC[c]!);

/**
 * The fast path of the app's Markdown pipeline for the seed's plain paragraphs (no links, mentions,
 * topics or block syntax): what `renderMarkdown` returns for them. The seeder checks this against
 * `renderMarkdown` on a sample before it writes a row.
 */
export function renderPlain(md: string): { html: string; text: string } {
  const paras = md.split('\n\n');
  const html = paras
    .map((p) => `<p>${esc(p).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')}</p>\n`)
    .join('');
  const text = paras
    .map((p) => p.replace(/\*\*([^*]+)\*\*/g, '$1'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { html, text };
}
