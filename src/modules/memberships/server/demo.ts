import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { renderMarkdown } from '../../../platform/content/index.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { addInterval, invoiceLines, quote, totals } from './pricing.ts';

/** What the memberships demo seeder needs; the demo runner provides it. */
export interface MembershipsDemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: the demo writes the module's own tables
  trx: Kysely<any>;
  people: Map<string, { id: string; name: string }>;
  log(line: string): void;
}

const DAY = 86_400_000;

const PITCH = `Viele kennen Abos von Spotify, Netflix oder der Zeitung. Hier abonnierst du **Fachlichkeit**: einen Ort, an dem du über etwas stolperst und es gleich ansprechen kannst.

### Was dich erwartet

- Der Community-Server als Ort des Austauschs und kurzer Draht zum Team
- Arbeitshilfen und Arbeitsblätter zum Herunterladen
- Das Interview-Archiv und das aktuelle Denkanstoß-Video
- Mini-Workshops, deren Themen die Community mit aussucht

Für den Preis eines Latte Macchiato (5 €) bist du auf Stufe 1 dabei.`;

const SELLER = {
  seller_name: 'Institut für Ressourcenorientierung GmbH',
  seller_address: 'Lindenallee 12\n20259 Hamburg',
  seller_email: 'rechnung@ressourcen.example',
  tax_number: '42/815/08154',
  vat_id: 'DE298765432',
  bank_holder: 'Institut für Ressourcenorientierung GmbH',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
};

/** Who holds what in the demo: months since joining, tier, and how it is going. */
const MEMBERS: { key: string; tier: 's1' | 's2'; months: number; founding?: boolean; state?: 'paused' | 'churned' | 'pending' | 'canceled' }[] = [
  { key: 'member', tier: 's1', months: 5, founding: true },
  { key: 'lukas', tier: 's1', months: 5, founding: true },
  { key: 'anna', tier: 's2', months: 5, founding: true },
  { key: 'felix', tier: 's1', months: 4, founding: true },
  { key: 'katharina', tier: 's2', months: 4 },
  { key: 'emily', tier: 's1', months: 4, founding: true, state: 'paused' },
  { key: 'linnea', tier: 's1', months: 3, founding: true },
  { key: 'markus', tier: 's2', months: 3 },
  { key: 'sophie', tier: 's1', months: 3, founding: true },
  { key: 'daniel', tier: 's1', months: 3, state: 'churned' },
  { key: 'nina', tier: 's1', months: 2, founding: true },
  { key: 'stefan', tier: 's2', months: 2 },
  { key: 'lena', tier: 's1', months: 2, founding: true, state: 'canceled' },
  { key: 'jan', tier: 's1', months: 1 },
  { key: 'petra', tier: 's1', months: 1, founding: true },
  { key: 'hannah', tier: 's1', months: 0, state: 'pending' },
];

const INTEREST = [
  { email: 'clara.wendt@example.org', name: 'Clara', days: 12 },
  { email: 'jonas.berg@example.org', name: 'Jonas', days: 9 },
  { email: 'ida.lund@example.se', name: 'Ida', days: 6, locale: 'sv' },
  { email: 'ole.petersen@example.org', name: 'Ole', days: 3 },
  { email: 'marie.sommer@example.org', name: 'Marie', days: 1 },
];

/**
 * Memberships for the demo: "Stufe 1" (5 €/month, a founding-member offer of 20 places and a bundle
 * with the self-paced course) and "Stufe 2" (15 €/month, includes Stufe 1), paying members with their
 * invoices over five months, a paused, a cancelled, a churned member and an order waiting for the
 * host's confirmation; enrolment closed until September with an interest list and its mail sequence;
 * a Mastermind space only for Stufe 2.
 */
export async function seedDemo(ctx: MembershipsDemoContext): Promise<void> {
  const { trx } = ctx;
  const now = Date.now();
  const person = (key: string) => ctx.people.get(key);
  const nextSeptember = new Date(Date.UTC(new Date(now).getUTCFullYear() + (new Date(now).getUTCMonth() >= 8 ? 1 : 0), 8, 1, 7));
  await trx
    .insertInto('membership_settings')
    .values({
      singleton: true,
      headline: 'Ressourcenorientiert arbeiten – gemeinsam statt allein',
      pitch: PITCH,
      pitch_html: renderMarkdown(PITCH, { field: 'pitch' }).html,
      enrolment_mode: 'window',
      enrolment_opens_at: nextSeptember,
      enrolment_closes_at: new Date(nextSeptember.getTime() + 30 * DAY),
      opening_mail_subject: 'Die Anmeldung ist offen!',
      opening_mail_body: 'Es ist so weit: Ab heute kannst du Mitglied werden. Die ersten 20 bekommen Stufe 1 zum Gründungspreis.',
      ...SELLER,
      member_pause_allowed: true,
      member_pause_max_months: 3,
      imprint_url: 'https://ressourcen.example/impressum',
      privacy_url: 'https://ressourcen.example/datenschutz',
    })
    .execute();

  const tier = async (name: string, position: number, description: string, includes: string[]) => {
    const id = uuidv7(now - 160 * DAY + position);
    await trx
      .insertInto('tiers')
      .values({ id, name, description, includes, position, includes_lower: true, invite_code: randomBytes(12).toString('base64url'), trial_days: 0, created_at: new Date(now - 160 * DAY) })
      .execute();
    return id;
  };
  const s1 = await tier('Stufe 1', 0, 'Für alle, die mitlesen, mitreden und die Arbeitshilfen nutzen wollen.', [
    'Community-Server',
    'Arbeitshilfen und Arbeitsblätter',
    'Interview-Archiv',
    'Aktuelles Denkanstoß-Video',
  ]);
  const s2 = await tier('Stufe 2', 1, 'Für alle, die tiefer einsteigen: alles aus Stufe 1 und die Mastermind-Gruppe.', [
    'Alles aus Stufe 1',
    'Mastermind alle 14 Tage',
    'Offene Sprechstunde mit dem Team',
  ]);
  const course = uuidv7(now - 150 * DAY);
  await trx.insertInto('products').values({ id: course, name: 'Selbstlernkurs Ressourcenorientierung', description: 'Acht Lektionen zum eigenen Tempo, mit Übungen.' }).execute();
  const price = async (tierId: string, o: { interval: 'month' | 'year'; amount: number; label?: string; maxUses?: number; uses?: number; products?: string[] }) => {
    const id = uuidv7();
    await trx
      .insertInto('tier_prices')
      .values({ id, tier_id: tierId, interval: o.interval, amount: o.amount, currency: 'EUR', label: o.label ?? '', max_uses: o.maxUses ?? null, uses: o.uses ?? 0, product_ids: o.products ?? [] })
      .execute();
    return { id, amount: o.amount, interval: o.interval };
  };
  const foundingCount = MEMBERS.filter((m) => m.founding).length;
  const prices = {
    s1: await price(s1, { interval: 'month', amount: 500 }),
    s1year: await price(s1, { interval: 'year', amount: 5000 }),
    s1founding: await price(s1, { interval: 'month', amount: 400, label: 'Gründungsmitglieder', maxUses: 20, uses: foundingCount }),
    s1bundle: await price(s1, { interval: 'year', amount: 9900, label: 'Paket mit Selbstlernkurs', products: [course] }),
    s2: await price(s2, { interval: 'month', amount: 1500 }),
  };
  await trx
    .insertInto('coupons')
    .values({ id: uuidv7(), code: 'WILLKOMMEN10', percent_off: 10, duration: 'once', max_redemptions: 50, redemptions: 4, tier_ids: [] })
    .execute();

  // A space only Stufe 2 sees.
  const mastermind = uuidv7(now - 120 * DAY);
  await trx
    .insertInto('spaces')
    .values({
      id: mastermind,
      slug: 'mastermind',
      name: 'Mastermind',
      description: 'Die Mastermind-Gruppe von Stufe 2: Fälle, Fragen, Verabredungen.',
      icon: '🧭',
      position: 50,
      kind: 'discussion',
      visibility: 'restricted',
      optional: false,
      created_by: person('owner')?.id ?? null,
      created_at: new Date(now - 120 * DAY),
    })
    .execute();
  await trx.insertInto('space_grants').values({ space_id: mastermind, grant_key: `tier:${s2}` }).execute();

  // Paying members with their history of paid invoices.
  let invoiceNo = 0;
  const year = new Date(now).getUTCFullYear();
  for (const m of MEMBERS) {
    const p = person(m.key);
    if (!p) continue;
    const start = new Date(now - m.months * 30 * DAY - 2 * DAY);
    const pr = m.tier === 's2' ? prices.s2 : m.founding ? prices.s1founding : prices.s1;
    const subId = uuidv7(start.getTime());
    const address = `Musterweg ${3 + invoiceNo}\n${20000 + invoiceNo * 37} Hamburg`;
    await trx.insertInto('billing_profiles').values({ user_id: p.id, name: p.name, address }).execute();
    let periodStart = start;
    let periodEnd = addInterval(periodStart, 'month');
    const paidPeriods: [Date, Date][] = [];
    while (m.state !== 'pending' && periodEnd.getTime() < now + 31 * DAY) {
      paidPeriods.push([periodStart, periodEnd]);
      if (periodEnd.getTime() > now) break;
      if (m.state === 'churned' && paidPeriods.length >= 2) break;
      periodStart = periodEnd;
      periodEnd = addInterval(periodStart, 'month');
    }
    const last = paidPeriods.at(-1);
    const status = m.state === 'pending' ? 'pending' : m.state === 'churned' ? 'expired' : m.state === 'canceled' ? 'canceled' : 'active';
    await trx
      .insertInto('subscriptions')
      .values({
        id: subId,
        user_id: p.id,
        tier_id: m.tier === 's2' ? s2 : s1,
        price_id: pr.id,
        provider: 'manual',
        status,
        founding: Boolean(m.founding),
        current_period_start: last?.[0] ?? null,
        current_period_end: last?.[1] ?? null,
        cancel_at_period_end: m.state === 'canceled',
        pause_from: m.state === 'paused' ? last?.[1] : null,
        pause_until: m.state === 'paused' && last ? addInterval(last[1], 'month', 2) : null,
        activated_at: m.state === 'pending' ? null : start,
        ended_at: m.state === 'churned' ? (last?.[1] ?? null) : null,
        created_at: start,
      })
      .execute();
    const events: [string, Date][] = m.state === 'pending' ? [] : [['started', start]];
    if (m.state === 'paused') events.push(['paused', new Date(now - 3 * DAY)]);
    if (m.state === 'canceled') events.push(['canceled', new Date(now - 5 * DAY)]);
    if (m.state === 'churned' && last) events.push(['expired', last[1]]);
    for (const [kind, at] of events) {
      await trx.insertInto('membership_events').values({ id: uuidv7(at.getTime()), subscription_id: subId, user_id: p.id, tier_id: m.tier === 's2' ? s2 : s1, kind, at }).execute();
    }
    const periods: [Date, Date, 'paid' | 'open'][] = m.state === 'pending' ? [[new Date(now - DAY), addInterval(new Date(now - DAY), 'month'), 'open']] : paidPeriods.map(([a, b]) => [a, b, 'paid']);
    for (const [a, b, st] of periods) {
      const q = quote(pr.amount, true, { rateBp: 1900, smallBusiness: false }, null);
      const lines = invoiceLines(`Mitgliedschaft „${m.tier === 's2' ? 'Stufe 2' : 'Stufe 1'}“ (monatlich)`, q, null);
      const tot = totals(lines);
      const number = `${year}-${String(++invoiceNo).padStart(4, '0')}`;
      const issued = new Date(Math.min(a.getTime(), now - DAY));
      await trx
        .insertInto('invoices')
        .values({
          id: uuidv7(issued.getTime()),
          number,
          user_id: p.id,
          subscription_id: subId,
          status: st,
          provider: 'manual',
          issued_at: issued,
          due_at: st === 'open' ? new Date(issued.getTime() + 14 * DAY) : null,
          paid_at: st === 'paid' ? new Date(issued.getTime() + 2 * DAY) : null,
          period_start: a,
          period_end: b,
          currency: 'EUR',
          lines: JSON.stringify(lines),
          net_total: tot.net,
          tax_total: tot.tax,
          gross_total: tot.gross,
          tax_rate_bp: 1900,
          seller: JSON.stringify({ name: SELLER.seller_name, address: SELLER.seller_address, email: SELLER.seller_email, taxNumber: SELLER.tax_number, vatId: SELLER.vat_id }),
          buyer: JSON.stringify({ name: p.name, address, email: '', vatId: '', locale: 'de' }),
          payment: JSON.stringify({ holder: SELLER.bank_holder, iban: SELLER.iban, bic: SELLER.bic, reference: number }),
        })
        .execute();
    }
  }
  await trx.insertInto('invoice_counters').values({ year, last: invoiceNo }).execute();

  // The interest list for the September enrolment, with its preparatory mails.
  const welcome = uuidv7(now - 30 * DAY);
  const archive = uuidv7(now - 30 * DAY + 1);
  await trx
    .insertInto('interest_mails')
    .values([
      { id: welcome, subject: 'Schön, dass du dabei bist', body: 'Hallo {{name}},\n\nim September öffnen wir die Anmeldung. Bis dahin schicken wir dir ab und zu einen Einblick, wie wir in der Community arbeiten.', delay_days: 0, position: 0 },
      { id: archive, subject: 'Ein Blick ins Interview-Archiv', body: 'Hallo {{name}},\n\nheute ein Ausschnitt aus unserem Interview-Archiv: Wie gelingt ein guter Einstieg in eine Sitzung?', delay_days: 7, position: 1 },
    ])
    .execute();
  for (const s of INTEREST) {
    const id = uuidv7(now - s.days * DAY);
    const confirmed = new Date(now - s.days * DAY + 600_000);
    await trx
      .insertInto('interest_signups')
      .values({
        id,
        email: s.email,
        name: s.name,
        locale: s.locale ?? 'de',
        status: 'confirmed',
        consent_version: 1,
        consent_text: 'Ich möchte erfahren, wann die Anmeldung öffnet, und bis dahin vorbereitende E-Mails bekommen. Ich kann mich jederzeit mit einem Klick austragen.',
        requested_at: new Date(now - s.days * DAY),
        requested_ip: '203.0.113.10',
        confirmed_at: confirmed,
        confirmed_ip: '203.0.113.10',
      })
      .execute();
    await trx.insertInto('interest_deliveries').values({ signup_id: id, mail_id: welcome, sent_at: confirmed }).execute();
    if (s.days >= 7) await trx.insertInto('interest_deliveries').values({ signup_id: id, mail_id: archive, sent_at: new Date(confirmed.getTime() + 7 * DAY) }).execute();
  }
  ctx.log(`memberships: Stufe 1 and Stufe 2, ${MEMBERS.length} members (${foundingCount} founding), ${invoiceNo} invoices, ${INTEREST.length} on the interest list`);
}
