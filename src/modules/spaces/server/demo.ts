import type { Kysely } from 'kysely';
import { renderMarkdown } from '../../../platform/content/index.ts';
import { uuidv7 } from '../../../platform/ids.ts';

/** What the spaces demo seeder needs; the demo runner provides it. */
export interface SpacesDemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: the demo writes the module's own tables
  trx: Kysely<any>;
  people: Map<string, { id: string; name: string }>;
  log(line: string): void;
}

const DAY = 86_400_000;

interface DemoComment {
  by: string;
  text: string;
  replies?: { by: string; text: string }[];
  answer?: boolean;
}

interface DemoPost {
  space: string;
  by: string;
  daysAgo: number;
  kind?: 'discussion' | 'question' | 'find' | 'reflection' | 'poll';
  title?: string;
  body: string;
  link?: { url: string; title: string; description: string; siteName: string };
  poll?: { options: string[]; votes: Record<string, number>; closesInDays?: number };
  comments?: DemoComment[];
  reactions?: Record<string, string[]>;
  pinned?: boolean;
}

const SPACES = [
  { key: 'news', name: 'Ankündigungen', icon: '📣', kind: 'announcement', visibility: 'public', description: 'Neuigkeiten aus dem Team: Termine, neue Arbeitshilfen, Pausen.' },
  { key: 'lounge', name: 'Austausch', icon: '💬', kind: 'discussion', visibility: 'members', description: 'Wo du über etwas stolperst und es gleich ansprechen kannst.' },
  { key: 'finds', name: 'Fundstücke', icon: '🔎', kind: 'discussion', visibility: 'members', description: 'Artikel, Videos und Studien, die andere auch kennen sollten.' },
  { key: 'reflection', name: 'Reflexionsfragen', icon: '🪞', kind: 'discussion', visibility: 'members', description: 'Jede Woche eine Frage zum Nachdenken – antworte, wann es dir passt.' },
  { key: 'sprint', name: 'Umsetzungssprint Herbst', icon: '🏃', kind: 'discussion', visibility: 'members', optional: true, description: 'Vier Wochen, kleine Gruppen, jede*r an einem eigenen Vorhaben.' },
  { key: 'team', name: 'Moderationsteam', icon: '🛡️', kind: 'discussion', visibility: 'restricted', grants: ['role:moderator'], description: 'Absprachen im Team. Nur für Moderation und Hosts sichtbar.' },
] as const;

const POSTS: DemoPost[] = [
  { space: 'news', by: 'owner', daysAgo: 41, title: 'Willkommen in der Praxis-Community!', pinned: true, body: 'Schön, dass du da bist. Hier tauschen wir uns zwischen den Treffen aus: **Fragen jederzeit**, Fundstücke, Reflexionsfragen.\n\nStell dich gern im Bereich *Austausch* kurz vor.', reactions: { '❤️': ['lukas', 'anna', 'felix', 'katharina', 'sophie'], '🎉': ['emily', 'nina'] } },
  { space: 'lounge', by: 'lukas', daysAgo: 40, title: 'Hallo aus Freiburg', body: 'Ich bin Lukas, arbeite in einer Erziehungsberatungsstelle und freue mich auf den Austausch. Besonders interessiert mich, wie ihr mit **Grübelgedanken** bei Klient*innen arbeitet.', comments: [{ by: 'anna', text: 'Willkommen, Lukas! Grübeln ist bei mir auch gerade großes Thema.' }, { by: 'owner', text: 'Herzlich willkommen! Zu Grübelgedanken gibt es bald einen Workshop – stimm gern in der Umfrage ab.' }] },
  { space: 'lounge', by: 'anna', daysAgo: 37, kind: 'question', title: 'Körperliche Beschwerden als Beratungsanlass?', body: 'Eine Klientin kommt mit Kopfschmerzen, „die der Arzt nicht erklären kann“. Wie steigt ihr da ein, ohne ins Medizinische abzurutschen?', comments: [{ by: 'katharina', text: 'Ich frage zuerst: *Woran würden Sie merken, dass es ein bisschen besser geworden ist?* Das öffnet oft den Blick auf Ressourcen.', answer: true, replies: [{ by: 'anna', text: 'Danke, das probiere ich nächste Woche aus.' }] }, { by: 'felix', text: 'Und ganz praktisch: klären, ob medizinisch alles abgeklärt ist – dann fühlt sich die Person ernst genommen.' }], reactions: { '👍': ['lukas', 'sophie', 'daniel'], '🙏': ['anna'] } },
  { space: 'finds', by: 'felix', daysAgo: 35, kind: 'find', title: 'Humor in der Beratung – ein Überblick', body: 'Gut lesbarer Überblick, warum Humor entlastet und wo er verletzen kann.', link: { url: 'https://example.org/humor-in-der-beratung', title: 'Humor in der Beratung', description: 'Wann Lachen hilft – und wann nicht. Ein Überblick mit Praxisbeispielen.', siteName: 'Beispiel-Fachjournal' }, comments: [{ by: 'emily', text: 'Great read – thanks for sharing!' }], reactions: { '😄': ['nina', 'markus'], '👍': ['jan'] } },
  { space: 'reflection', by: 'owner', daysAgo: 34, kind: 'reflection', title: 'Reflexionsfrage der Woche', body: 'Woran hast du diese Woche gemerkt, dass eine Sitzung **gut begonnen** hat?', comments: [{ by: 'sophie', text: 'Als die Klientin lachend reinkam und sagte, sie habe „Hausaufgaben“ gemacht.' }, { by: 'daniel', text: 'Wenn ich selbst nicht gehetzt bin. Fünf Minuten Puffer vorher machen viel aus.' }, { by: 'linnea', text: 'När jag frågade vad som fungerat sedan sist – det satte tonen.' }] },
  { space: 'lounge', by: 'daniel', daysAgo: 30, title: 'Gute Einstiege in Sitzungen', body: 'Sammeln wir mal: Wie startet ihr? Ich beginne oft mit „Was ist seit dem letzten Mal besser geworden?“', comments: [{ by: 'lena', text: 'Skalierungsfrage von 0 bis 10, und dann: Was macht den Unterschied zwischen 3 und 4?' }, { by: 'thomas', text: 'Kurzer Blick aufs Positive, bevor es ans Problem geht.' }], reactions: { '👍': ['anna', 'lukas', 'hannah', 'petra'] } },
  { space: 'lounge', by: 'owner', daysAgo: 28, kind: 'poll', title: 'Welche Workshops wollt ihr als Nächstes?', body: 'Wir planen eine Mini-Workshop-Reihe und möchten genau die Themen anbieten, die euch interessieren. Mehrfachauswahl möglich.', poll: { options: ['Grübelgedanken', 'Körperliche Beschwerden als Beratungsanlass', 'Gute Einstiege in Sitzungen', 'Humor in der Beratung'], votes: { lukas: 0, anna: 1, felix: 3, katharina: 0, sophie: 2, daniel: 2, nina: 0, markus: 3, lena: 1, jan: 0, petra: 2, hannah: 0 } }, comments: [{ by: 'hannah', text: 'Grübelgedanken, unbedingt! Das begegnet mir ständig.' }] },
  { space: 'finds', by: 'katharina', daysAgo: 24, kind: 'find', title: 'Podcast: Ressourcen finden, wo keine zu sein scheinen', body: 'Folge 12 hat mir für eine schwierige Familienberatung die Augen geöffnet.', link: { url: 'https://example.org/podcast/folge-12', title: 'Folge 12: Ressourcen finden', description: 'Ein Gespräch über Haltung, Geduld und kleine Schritte.', siteName: 'Beispiel-Podcast' } },
  { space: 'sprint', by: 'admin', daysAgo: 20, title: 'Start des Umsetzungssprints', body: 'Vier Wochen, drei Kleingruppen: **Angebot schärfen**, **Gruppenformate**, **Online-Beratung**. Tragt euch bis Freitag ein.', comments: [{ by: 'markus', text: 'Ich bin bei Gruppenformate dabei.' }, { by: 'stefan', text: 'Online-Beratung für mich.' }] },
  { space: 'reflection', by: 'owner', daysAgo: 20, kind: 'reflection', title: 'Reflexionsfrage der Woche', body: 'Welche Ressource einer Klientin hat dich zuletzt überrascht?', comments: [{ by: 'petra', text: 'Ein Jugendlicher, der in seiner Band Verantwortung übernimmt – in der Schule sieht das niemand.' }] },
  { space: 'lounge', by: 'nina', daysAgo: 14, kind: 'question', title: 'Wie dokumentiert ihr Ressourcen?', body: 'Habt ihr eine Vorlage, um Ressourcen strukturiert festzuhalten? Gerne auch als Arbeitshilfe.', comments: [{ by: 'moderator', text: 'In der Bibliothek kommt bald eine Arbeitshilfe dazu. Bis dahin: eine einfache Tabelle mit „Stärke – Beispiel – Nutzen“.' }] },
  { space: 'team', by: 'moderator', daysAgo: 12, title: 'Ruhige Mitglieder ansprechen', body: 'Ein paar Mitglieder lesen nur mit. Sollen wir sie persönlich einladen, sich vorzustellen?', comments: [{ by: 'admin', text: 'Ja, aber freundlich und ohne Druck. Ich übernehme die ersten fünf.' }] },
  { space: 'news', by: 'owner', daysAgo: 7, title: 'Sommerpause und neue Arbeitshilfen', body: 'Im Juli und August finden keine Live-Treffen statt. Der Austausch hier läuft weiter – und es gibt zwei neue Arbeitshilfen.' },
  { space: 'lounge', by: 'emily', daysAgo: 5, title: 'Resources in English?', body: 'Are there any good English texts on resource orientation you would recommend? Happy to share mine too.', comments: [{ by: 'felix', text: 'Klar! Ich schicke dir ein paar Links in „Fundstücke“.' }] },
  { space: 'reflection', by: 'owner', daysAgo: 6, kind: 'reflection', title: 'Reflexionsfrage der Woche', body: 'Was nimmst du aus dem letzten Workshop in deinen Alltag mit?' },
  { space: 'lounge', by: 'sophie', daysAgo: 2, title: 'Workshop „Grübelgedanken“ – eure Eindrücke?', body: 'Der erste Workshop der Reihe war super. Mich hat die Übung mit dem „Grübelfenster“ beeindruckt. Wie ging es euch?', comments: [{ by: 'lukas', text: 'Genau das habe ich gebraucht. Danke fürs Organisieren!' }], reactions: { '🎉': ['owner', 'lukas', 'anna'] } },
  { space: 'reflection', by: 'owner', daysAgo: -2, kind: 'reflection', title: 'Reflexionsfrage der Woche', body: 'Wofür bist du in deiner Arbeit gerade dankbar?' },
];

/** Spaces with six weeks of German discussion, finds, questions, reflection questions and a topic poll. */
export async function seedDemo(ctx: SpacesDemoContext): Promise<void> {
  const { trx } = ctx;
  const now = Date.now();
  const person = (key: string) => ctx.people.get(key)?.id ?? null;
  const spaceIds = new Map<string, string>();
  for (const [position, s] of SPACES.entries()) {
    const id = uuidv7(now - 42 * DAY + position);
    spaceIds.set(s.key, id);
    await trx
      .insertInto('spaces')
      .values({
        id,
        slug: s.key === 'news' ? 'ankuendigungen' : s.name.toLowerCase().replace(/ü/g, 'ue').replace(/[^a-z0-9]+/g, '-').replace(/-+$/, ''),
        name: s.name,
        description: s.description,
        icon: s.icon,
        position,
        kind: s.kind,
        visibility: s.visibility,
        optional: 'optional' in s ? s.optional : false,
        created_by: person('owner'),
        created_at: new Date(now - 42 * DAY),
      })
      .execute();
    if ('grants' in s) {
      await trx.insertInto('space_grants').values(s.grants.map((g) => ({ space_id: id, grant_key: g }))).execute();
    }
  }
  for (const key of ['markus', 'stefan', 'admin']) {
    const uid = person(key);
    if (uid) await trx.insertInto('space_members').values({ space_id: spaceIds.get('sprint')!, user_id: uid }).execute();
  }

  let comments = 0;
  for (const p of POSTS) {
    const at = new Date(now - p.daysAgo * DAY);
    const id = uuidv7(at.getTime());
    const body = renderMarkdown(p.body);
    let last = at;
    const commentRows: Record<string, unknown>[] = [];
    let answerId: string | null = null;
    for (const [i, c] of (p.comments ?? []).entries()) {
      const cAt = new Date(at.getTime() + (i + 1) * 3 * 3_600_000);
      const cId = uuidv7(cAt.getTime());
      const r = renderMarkdown(c.text);
      commentRows.push({ id: cId, post_id: id, author_id: person(c.by), body_md: c.text, body_html: r.html, body_text: r.text, created_at: cAt });
      if (c.answer) answerId = cId;
      last = cAt;
      for (const [j, reply] of (c.replies ?? []).entries()) {
        const rAt = new Date(cAt.getTime() + (j + 1) * 3_600_000);
        const rr = renderMarkdown(reply.text);
        commentRows.push({ id: uuidv7(rAt.getTime()), post_id: id, parent_id: cId, author_id: person(reply.by), body_md: reply.text, body_html: rr.html, body_text: rr.text, created_at: rAt });
        last = rAt;
      }
    }
    await trx
      .insertInto('posts')
      .values({
        id,
        space_id: spaceIds.get(p.space)!,
        author_id: person(p.by),
        kind: p.kind ?? (p.link ? 'find' : 'discussion'),
        title: p.title ?? null,
        body_md: p.body,
        body_html: body.html,
        body_text: body.text,
        link_url: p.link?.url ?? null,
        link_preview: p.link ? JSON.stringify({ url: p.link.url, title: p.link.title, description: p.link.description, siteName: p.link.siteName, imageUrl: null }) : null,
        publish_at: at,
        pinned: p.pinned ?? false,
        comment_count: commentRows.length,
        last_activity_at: last,
        created_at: at,
      })
      .execute();
    if (commentRows.length) await trx.insertInto('comments').values(commentRows).execute();
    comments += commentRows.length;
    if (answerId) await trx.updateTable('posts').set({ answer_comment_id: answerId }).where('id', '=', id).execute();
    for (const [emoji, who] of Object.entries(p.reactions ?? {})) {
      const rows = who.map(person).filter(Boolean).map((uid) => ({ target_type: 'post', target_id: id, user_id: uid, emoji }));
      if (rows.length) await trx.insertInto('reactions').values(rows).execute();
    }
    if (p.poll) {
      await trx.insertInto('polls').values({ post_id: id, multiple: true, closes_at: new Date(now + 7 * DAY), results: 'after_vote' }).execute();
      const options = p.poll.options.map((label, position) => ({ id: uuidv7(at.getTime() + position), post_id: id, position, label }));
      await trx.insertInto('poll_options').values(options).execute();
      const votes = Object.entries(p.poll.votes)
        .map(([key, option]) => ({ option_id: options[option]!.id, post_id: id, user_id: person(key) }))
        .filter((v) => v.user_id);
      if (votes.length) await trx.insertInto('poll_votes').values(votes).execute();
    }
  }
  ctx.log(`Spaces: ${SPACES.length} spaces, ${POSTS.length} posts, ${comments} comments, a topic poll`);
}
