/**
 * The people of the demo community: invented, German-speaking practitioners (therapists, coaches,
 * social workers, teachers) in a community about resource-oriented counselling.
 */
export interface DemoPersonSpec {
  key: string;
  name: string;
  role: 'owner' | 'admin' | 'moderator' | 'member';
  locale: 'de' | 'en' | 'sv';
  bio: string;
  /** Background colour of the generated initials avatar; no avatar when absent. */
  avatar?: string;
  /** Days since joining, so the member list looks like a community that grew over six weeks. */
  joinedDaysAgo: number;
}

export const DEMO_PEOPLE: DemoPersonSpec[] = [
  {
    key: 'owner',
    name: 'Miriam Hoffmann',
    role: 'owner',
    locale: 'de',
    bio: 'Leite das Institut und diese Community. Kann helfen bei: ressourcenorientierten Einstiegen, Humor in der Beratung. Suche: Themenwünsche für die nächste Workshop-Reihe.',
    avatar: '#2f6f5e',
    joinedDaysAgo: 45,
  },
  {
    key: 'admin',
    name: 'Sabine Krüger',
    role: 'admin',
    locale: 'de',
    bio: 'Kümmere mich um Termine, Arbeitshilfen und das Interview-Archiv. Kann helfen bei: allem Technischen hier. Suche: gute Fragen für die nächsten Interviews.',
    avatar: '#b4532a',
    joinedDaysAgo: 44,
  },
  {
    key: 'moderator',
    name: 'Tobias Reinhardt',
    role: 'moderator',
    locale: 'de',
    bio: 'Systemischer Berater in Köln, moderiere die kollegiale Fallberatung. Kann helfen bei: Gesprächsführung in Gruppen. Suche: Austausch über Online-Settings.',
    avatar: '#3d5a98',
    joinedDaysAgo: 42,
  },
  {
    key: 'member',
    name: 'Julia Weber',
    role: 'member',
    locale: 'de',
    bio: 'Psychologische Beraterin in Freiburg. Kann helfen bei: Arbeit mit Grübelgedanken. Suche: Ideen für gute Einstiege in Erstgespräche.',
    avatar: '#8a4f9e',
    joinedDaysAgo: 40,
  },
  {
    key: 'lukas',
    name: 'Lukas Brandt',
    role: 'member',
    locale: 'de',
    bio: 'Sozialarbeiter in der Jugendhilfe. Kann helfen bei: Ressourceninterviews mit Jugendlichen. Suche: Methoden für körperliche Beschwerden als Beratungsanlass.',
    joinedDaysAgo: 38,
  },
  {
    key: 'anna',
    name: 'Anna Schröder',
    role: 'member',
    locale: 'de',
    bio: 'Coach für berufliche Neuorientierung. Kann helfen bei: Stärkenanalysen. Suche: eine Intervisionsgruppe.',
    avatar: '#c0392b',
    joinedDaysAgo: 37,
  },
  {
    key: 'felix',
    name: 'Felix Neumann',
    role: 'member',
    locale: 'de',
    bio: 'Lehrer und Beratungslehrer. Kann helfen bei: Elterngesprächen. Suche: Arbeitsblätter, die Jugendliche wirklich ausfüllen.',
    joinedDaysAgo: 35,
  },
  {
    key: 'katharina',
    name: 'Katharina Vogel',
    role: 'member',
    locale: 'de',
    bio: 'Heilpraktikerin für Psychotherapie. Kann helfen bei: Imaginationsübungen. Suche: Erfahrungen mit Online-Sitzungen.',
    avatar: '#16a085',
    joinedDaysAgo: 33,
  },
  {
    key: 'emily',
    name: 'Emily Clarke',
    role: 'member',
    locale: 'en',
    bio: 'Counsellor from Manchester, now working in Vienna. Happy to help with: English-language resources. Looking for: German practice partners.',
    avatar: '#d35400',
    joinedDaysAgo: 31,
  },
  {
    key: 'linnea',
    name: 'Linnea Berg',
    role: 'member',
    locale: 'sv',
    bio: 'Kurator i Malmö. Kan hjälpa till med: lösningsfokuserade samtal. Söker: utbyte med kollegor i Tyskland.',
    avatar: '#2980b9',
    joinedDaysAgo: 29,
  },
  {
    key: 'markus',
    name: 'Markus Becker',
    role: 'member',
    locale: 'de',
    bio: 'Supervisor und Organisationsberater. Kann helfen bei: Teamkonflikten. Suche: kurze Übungen für den Einstieg in Supervisionen.',
    joinedDaysAgo: 27,
  },
  {
    key: 'sophie',
    name: 'Sophie Lehmann',
    role: 'member',
    locale: 'de',
    bio: 'Studiere Soziale Arbeit im Master. Kann helfen bei: Literaturrecherche. Suche: Einblicke in die Praxis.',
    avatar: '#27ae60',
    joinedDaysAgo: 24,
  },
  {
    key: 'daniel',
    name: 'Daniel Hartmann',
    role: 'member',
    locale: 'de',
    bio: 'Paar- und Familienberater. Kann helfen bei: Genogrammarbeit. Suche: Humorvolle Interventionen.',
    joinedDaysAgo: 22,
  },
  {
    key: 'nina',
    name: 'Nina Zimmermann',
    role: 'member',
    locale: 'de',
    bio: 'Ergotherapeutin. Kann helfen bei: Alltagsstrukturierung. Suche: Austausch zu ressourcenorientierter Dokumentation.',
    avatar: '#7f8c8d',
    joinedDaysAgo: 20,
  },
  {
    key: 'stefan',
    name: 'Stefan Koch',
    role: 'member',
    locale: 'de',
    bio: 'Schuldnerberater. Kann helfen bei: schwierigen Erstkontakten. Suche: Wege, Zuversicht zu stärken, wenn es eng wird.',
    joinedDaysAgo: 18,
  },
  {
    key: 'lena',
    name: 'Lena Richter',
    role: 'member',
    locale: 'de',
    bio: 'Trauerbegleiterin. Kann helfen bei: Ritualen und Abschieden. Suche: Supervisionsideen für Ehrenamtliche.',
    avatar: '#8e44ad',
    joinedDaysAgo: 15,
  },
  {
    key: 'jan',
    name: 'Jan Wolf',
    role: 'member',
    locale: 'de',
    bio: 'Erlebnispädagoge. Kann helfen bei: Methoden draußen. Suche: Wie bringe ich das ins Online-Format?',
    joinedDaysAgo: 13,
  },
  {
    key: 'petra',
    name: 'Petra Schulze',
    role: 'member',
    locale: 'de',
    bio: 'Betriebliche Sozialberaterin. Kann helfen bei: Beratung im Unternehmenskontext. Suche: Materialien zu Stress und Erholung.',
    avatar: '#e67e22',
    joinedDaysAgo: 11,
  },
  {
    key: 'moritz',
    name: 'Moritz Schäfer',
    role: 'member',
    locale: 'de',
    bio: 'Kinder- und Jugendlichenpsychotherapeut in Ausbildung. Kann helfen bei: spielerischen Zugängen. Suche: Fallbesprechungen.',
    joinedDaysAgo: 9,
  },
  {
    key: 'hannah',
    name: 'Hannah Fischer',
    role: 'member',
    locale: 'de',
    bio: 'Seit Kurzem selbstständig als Coach. Kann helfen bei: Website-Texten. Suche: Mut und Rückmeldungen zu meinem Angebot.',
    avatar: '#1abc9c',
    joinedDaysAgo: 7,
  },
  {
    key: 'thomas',
    name: 'Thomas Meyer',
    role: 'member',
    locale: 'de',
    bio: 'Klinikseelsorger. Kann helfen bei: Gesprächen über Sinn und Hoffnung. Suche: kurze ressourcenorientierte Fragen für Krankenbesuche.',
    joinedDaysAgo: 5,
  },
  {
    key: 'derya',
    name: 'Derya Yilmaz',
    role: 'member',
    locale: 'de',
    bio: 'Migrationsberaterin. Kann helfen bei: Beratung mit Dolmetschenden. Suche: mehrsprachige Arbeitshilfen.',
    avatar: '#c0392b',
    joinedDaysAgo: 3,
  },
  {
    key: 'paul',
    name: 'Paul Krause',
    role: 'member',
    locale: 'de',
    bio: 'Neu hier. Kann helfen bei: Podcast-Technik. Suche: erst einmal ankommen.',
    joinedDaysAgo: 1,
  },
];

/** A login address for a demo person: first.last@example.org, umlauts written out. */
export function demoEmail(name: string): string {
  const ascii = name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z ]/g, '');
  return `${ascii.trim().split(/\s+/).join('.')}@example.org`;
}
