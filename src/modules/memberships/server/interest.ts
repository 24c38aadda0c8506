import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';
import type { InterestInput, InterestMail, InterestMailInput, InterestSignup } from '../schema.ts';
import { type Catalogue, defaultConsent, enrolmentOpen } from './catalogue.ts';
import { signInterestToken, verifyInterestToken } from './tokens.ts';

export interface InterestDeps {
  db: Kysely<any>;
  catalogue: Catalogue;
  sendMail: (input: SendMailInput, trx?: Kysely<any>) => Promise<unknown>;
  secret: string;
  publicUrl: string;
  now: () => Date;
  defaultLocale: () => Promise<string>;
}

const OPENING_DEFAULT: Record<string, { subject: string; body: string }> = {
  de: { subject: 'Die Anmeldung ist offen', body: 'Hallo {{name}},\n\ndie Anmeldung ist jetzt offen. Du kannst ab sofort Mitglied werden – schau dir die Stufen an.' },
  en: { subject: 'Enrolment is open', body: 'Hello {{name}},\n\nenrolment is open now. You can become a member right away – have a look at the tiers.' },
  sv: { subject: 'Anmälan är öppen', body: 'Hej {{name}},\n\nanmälan är öppen nu. Du kan bli medlem direkt – titta på nivåerna.' },
};

/** Confirmations may be re-sent, but not more often than this. */
const RESEND_AFTER_MS = 10 * 60_000;
const BATCH = 500;

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * The interest list: double opt-in (consent text, version, time and IP kept), one-click withdrawal,
 * the host's preparatory mail sequence and the "enrolment is open" mail, each sent once per person.
 */
export function createInterest(deps: InterestDeps) {
  const { db, catalogue, now } = deps;
  const link = (path: string) => new URL(path, deps.publicUrl).toString();
  const withdrawUrl = (id: string) => link(`/join/interest/withdraw?token=${encodeURIComponent(signInterestToken(deps.secret, 'withdraw', id))}`);
  const listHeaders = (id: string) => ({
    'List-Unsubscribe': `<${withdrawUrl(id)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  });

  async function sendHostMail(trx: Kysely<any>, s: { id: string; email: string; name: string; locale: string }, subject: string, body: string) {
    await deps.sendMail(
      {
        to: s.email,
        template: 'memberships.hostMail',
        locale: s.locale,
        // "Hallo {{name}}," without a name becomes "Hallo,".
        data: { name: s.name, subject, body: body.replace(/ ?\{\{\s*name\s*\}\}/g, s.name ? ` ${s.name}` : '').trimStart(), url: link('/join'), withdrawUrl: withdrawUrl(s.id) },
        headers: listHeaders(s.id),
      },
      trx,
    );
  }

  return {
    /** Same answer whether the address is new, pending or confirmed: nothing about the list leaks. */
    async join(input: InterestInput, ip: string | null): Promise<void> {
      const settings = await catalogue.settingsRow();
      const locale = input.locale ?? (await deps.defaultLocale());
      const consentText = settings.consent_text || defaultConsent(locale);
      await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('interest_signups').selectAll().where('email', '=', input.email).forUpdate().executeTakeFirst();
        if (existing?.status === 'confirmed') return;
        if (existing?.status === 'pending' && now().getTime() - new Date(existing.requested_at).getTime() < RESEND_AFTER_MS) return;
        const id = (existing?.id as string | undefined) ?? uuidv7();
        const row = {
          name: input.name,
          locale,
          status: 'pending',
          consent_version: settings.consent_version,
          consent_text: consentText,
          requested_at: now(),
          requested_ip: ip,
          confirmed_at: null,
          confirmed_ip: null,
          withdrawn_at: null,
        };
        if (existing) await trx.updateTable('interest_signups').set(row).where('id', '=', id).execute();
        else await trx.insertInto('interest_signups').values({ id, email: input.email, ...row }).execute();
        const token = signInterestToken(deps.secret, 'confirm', id);
        await deps.sendMail(
          {
            to: input.email,
            template: 'memberships.interestConfirm',
            locale,
            data: { name: input.name || input.email, consent: consentText, url: link(`/join/interest/confirm?token=${encodeURIComponent(token)}`) },
          },
          trx,
        );
      });
    },

    /** Confirms a signup from its mail link; returns false for a bad or withdrawn token. */
    async confirm(token: string, ip: string | null): Promise<boolean> {
      const id = verifyInterestToken(deps.secret, 'confirm', token);
      if (!id) return false;
      const r = await db
        .updateTable('interest_signups')
        .set({ status: 'confirmed', confirmed_at: now(), confirmed_ip: ip })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return true;
      const s = await db.selectFrom('interest_signups').select('status').where('id', '=', id).executeTakeFirst();
      return s?.status === 'confirmed';
    },

    /** One-click withdrawal; true also when it was withdrawn already. */
    async withdraw(token: string): Promise<boolean> {
      const id = verifyInterestToken(deps.secret, 'withdraw', token);
      if (!id) return false;
      const s = await db.selectFrom('interest_signups').select('id').where('id', '=', id).executeTakeFirst();
      if (!s) return false;
      await db.updateTable('interest_signups').set({ status: 'withdrawn', withdrawn_at: now() }).where('id', '=', id).where('status', '!=', 'withdrawn').execute();
      return true;
    },

    tokenIsValid(purpose: 'confirm' | 'withdraw', token: string): boolean {
      return verifyInterestToken(deps.secret, purpose, token) !== null;
    },

    /**
     * Sends what is due: each preparatory mail to each confirmed person once ("N days after joining",
     * or "on date X" to everyone confirmed by then), and the opening mail once enrolment is open.
     */
    async tick(): Promise<{ sent: number }> {
      let sent = 0;
      const t = now();
      const mails = await db.selectFrom('interest_mails').selectAll().orderBy('position').orderBy('created_at').execute();
      for (const m of mails) {
        if (m.send_on && new Date(m.send_on) > t) continue;
        for (;;) {
          const n = await db.transaction().execute(async (trx) => {
            const due = await trx
              .selectFrom('interest_signups as s')
              .select(['s.id', 's.email', 's.name', 's.locale'])
              .where('s.status', '=', 'confirmed')
              .where((eb) =>
                m.delay_days !== null
                  ? eb('s.confirmed_at', '<=', sql<Date>`${t}::timestamptz - make_interval(days => ${m.delay_days})`)
                  : eb('s.confirmed_at', '<=', m.send_on),
              )
              .where(({ not, exists, selectFrom }) =>
                not(exists(selectFrom('interest_deliveries as d').select('d.mail_id').whereRef('d.signup_id', '=', 's.id').where('d.mail_id', '=', m.id))),
              )
              .orderBy('s.confirmed_at')
              .limit(BATCH)
              .forUpdate()
              .skipLocked()
              .execute();
            for (const s of due) {
              const claimed = await trx
                .insertInto('interest_deliveries')
                .values({ signup_id: s.id, mail_id: m.id })
                .onConflict((oc) => oc.doNothing())
                .returning('mail_id')
                .executeTakeFirst();
              if (claimed) await sendHostMail(trx, s as { id: string; email: string; name: string; locale: string }, m.subject, m.body);
            }
            return due.length;
          });
          sent += n;
          if (n < BATCH) break;
        }
      }
      sent += await this.mailOpening();
      return { sent };
    },

    /** When enrolment is open and the list has not been told yet: tell everyone confirmed, once each. */
    async mailOpening(): Promise<number> {
      const settings = await catalogue.settingsRow();
      if (!enrolmentOpen(settings, now())) return 0;
      // The list is only told once per opening; a community that was always open has nothing to tell.
      const hadList = await db.selectFrom('interest_signups').select('id').where('status', '=', 'confirmed').where('opening_mailed_at', 'is', null).limit(1).executeTakeFirst();
      if (!hadList) return 0;
      let sent = 0;
      for (;;) {
        const n = await db.transaction().execute(async (trx) => {
          const due = await trx
            .selectFrom('interest_signups')
            .select(['id', 'email', 'name', 'locale'])
            .where('status', '=', 'confirmed')
            .where('opening_mailed_at', 'is', null)
            .limit(BATCH)
            .forUpdate()
            .skipLocked()
            .execute();
          for (const s of due) {
            const d = OPENING_DEFAULT[s.locale as string] ?? OPENING_DEFAULT.de!;
            await sendHostMail(trx, s as { id: string; email: string; name: string; locale: string }, settings.opening_mail_subject || d.subject, settings.opening_mail_body || d.body);
            await trx.updateTable('interest_signups').set({ opening_mailed_at: now() }).where('id', '=', s.id).execute();
          }
          return due.length;
        });
        sent += n;
        if (n < BATCH) break;
      }
      await db.updateTable('membership_settings').set({ opening_mailed_at: now() }).execute();
      return sent;
    },

    async listSignups(opts: { status?: 'pending' | 'confirmed' | 'withdrawn' }): Promise<{ items: InterestSignup[]; counts: Record<string, number> }> {
      let q = db.selectFrom('interest_signups').selectAll().orderBy('requested_at', 'desc').limit(1000);
      if (opts.status) q = q.where('status', '=', opts.status);
      const [rows, counts] = await Promise.all([
        q.execute(),
        db.selectFrom('interest_signups').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute(),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          email: r.email,
          name: r.name,
          status: r.status,
          consentVersion: r.consent_version,
          requestedAt: iso(r.requested_at)!,
          requestedIp: r.requested_ip,
          confirmedAt: iso(r.confirmed_at),
          confirmedIp: r.confirmed_ip,
          withdrawnAt: iso(r.withdrawn_at),
        })),
        counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      };
    },

    async listMails(): Promise<InterestMail[]> {
      const rows = await db
        .selectFrom('interest_mails as m')
        .selectAll('m')
        .select((eb) => eb.selectFrom('interest_deliveries as d').select(eb.fn.countAll<string>().as('n')).whereRef('d.mail_id', '=', 'm.id').as('sent'))
        .orderBy('m.position')
        .orderBy('m.created_at')
        .execute();
      return rows.map((m) => ({ id: m.id, subject: m.subject, body: m.body, delayDays: m.delay_days, sendOn: iso(m.send_on), position: m.position, sent: Number(m.sent ?? 0) }));
    },

    async saveMail(id: string | null, input: InterestMailInput): Promise<InterestMail> {
      const values = {
        subject: input.subject,
        body: input.body,
        delay_days: input.delayDays,
        send_on: input.sendOn ? new Date(input.sendOn) : null,
        ...(input.position !== undefined ? { position: input.position } : {}),
      };
      const mailId = id ?? uuidv7();
      if (id) {
        const r = await db.updateTable('interest_mails').set(values).where('id', '=', id).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'No such mail.');
      } else {
        const position = input.position ?? Number((await db.selectFrom('interest_mails').select((eb) => eb.fn.count<string>('id').as('n')).executeTakeFirst())?.n ?? 0);
        await db.insertInto('interest_mails').values({ id: mailId, ...values, position }).execute();
      }
      return (await this.listMails()).find((m) => m.id === mailId)!;
    },

    async deleteMail(id: string): Promise<void> {
      const r = await db.deleteFrom('interest_mails').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('not_found', 'No such mail.');
    },
  };
}

export type Interest = ReturnType<typeof createInterest>;
