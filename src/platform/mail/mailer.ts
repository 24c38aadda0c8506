import { type Kysely, sql } from 'kysely';
import nodemailer from 'nodemailer';
import { AppError } from '../http/errors.ts';
import { isUuid, uuidv7 } from '../ids.ts';
import type { JobContext, Jobs } from '../jobs/index.ts';
import type { Logger } from '../logger.ts';
import { type MailRegistry, mailLocale, renderMail } from './render.ts';

export const MAIL_SEND_JOB = 'mail.send';

export type OutboxStatus = 'queued' | 'sent' | 'stored' | 'failed';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  template: string;
  locale: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMailDetail extends OutboxMail {
  text: string;
  html: string;
  messageId: string | null;
}

export interface SendMailInput {
  to: string;
  /** `namespace.key`, e.g. `accounts.verifyEmail`. */
  template: string;
  locale: string;
  data: Record<string, string>;
  /** Extra headers; only list headers (RFC 2369/8058: List-Unsubscribe, List-Unsubscribe-Post, List-Id). */
  headers?: Record<string, string>;
  /** An iTIP calendar part (RFC 6047): `text/calendar; method=…`, shown by mail clients as an invitation. */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string };
}

const EXTRA_HEADERS = new Set(['list-unsubscribe', 'list-unsubscribe-post', 'list-id']);

/** Keeps the allowed headers; a CR or LF (header injection) or an unknown name is a programming error. */
function extraHeaders(headers: Record<string, string> | undefined): Record<string, string> | null {
  if (!headers || Object.keys(headers).length === 0) return null;
  for (const [name, value] of Object.entries(headers)) {
    if (!EXTRA_HEADERS.has(name.toLowerCase())) throw new Error(`Mail header not allowed: ${name}`);
    if (/[\r\n]/.test(value) || value.length > 2000) throw new Error(`Mail header ${name} has an invalid value`);
  }
  return headers;
}

export interface MailerDeps {
  // biome-ignore lint/suspicious/noExplicitAny: the platform knows no module's tables
  db: Kysely<any>;
  jobs: Pick<Jobs, 'sendInTransaction' | 'work'>;
  logger: Logger;
  /** Without it, mails are stored for admins to read instead of sent. */
  smtpUrl?: string;
  from: string;
  /**
   * The community's name and colour for the layout, read through the sending transaction: a mail
   * recorded while that transaction holds row locks must not wait for a second pool connection.
   */
  // biome-ignore lint/suspicious/noExplicitAny: see MailerDeps.db
  community: (trx: Kysely<any>) => Promise<{ name: string; brandColor: string }>;
  registry: MailRegistry;
}

export interface Mailer {
  /** Renders and records a mail; with SMTP it is queued for sending in the same transaction. */
  // biome-ignore lint/suspicious/noExplicitAny: accepts any module's typed transaction
  send(input: SendMailInput, trx?: Kysely<any>): Promise<{ id: string }>;
  /** Registers the `mail.send` worker (only when SMTP is configured; call on job nodes). */
  start(opts?: { pollingIntervalSeconds?: number }): Promise<void>;
  /** Closes the SMTP connection pool. */
  stop(): Promise<void>;
  /** One delivery attempt of an outbox row; the job handler, exported for tests and admin "resend". */
  deliver(id: string, ctx?: Pick<JobContext, 'isLastAttempt'>): Promise<void>;
  /** Newest first, keyset-paginated by an opaque cursor. */
  listOutbox(opts: {
    cursor?: string;
    limit: number;
  }): Promise<{ items: OutboxMail[]; nextCursor: string | null }>;
  /** One outbox mail with its text and HTML; 404 when unknown. */
  getOutboxMail(id: string): Promise<OutboxMailDetail>;
  /** True when mails leave over SMTP; false when they stay in the outbox. */
  readonly delivers: boolean;
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  template: string;
  locale: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  cursor_ts: string;
}

const LIST_COLUMNS = [
  'id',
  'to_address',
  'subject',
  'template',
  'locale',
  'status',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
] as const;

// Microsecond precision: a JS Date would drop it and skip rows created within the same millisecond.
const cursorTs = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
  'cursor_ts',
);

function toOutboxMail(r: Omit<OutboxRow, 'cursor_ts'>): OutboxMail {
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    template: r.template,
    locale: r.locale,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  };
}

const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function encodeCursor(ts: string, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      CURSOR_TS.test(v[0]) &&
      typeof v[1] === 'string' &&
      isUuid(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {}
  throw new AppError('validation_failed', 'Invalid cursor.', [
    { path: 'cursor', message: 'invalid', code: 'custom' },
  ]);
}

/** Nodemailer's alternative `text/calendar; method=…` part plus the same as an `.ics` attachment. */
function icalEvent(cal: NonNullable<SendMailInput['calendar']>) {
  return { method: cal.method, content: cal.content, filename: cal.method === 'CANCEL' ? 'absage.ics' : 'termin.ics' };
}

function messageIdDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return m?.[1] ?? 'treffpunkt.local';
}

/** The outbox-backed mailer: every mail is a row first, then (with SMTP) a retried `mail.send` job. */
export function createMailer(deps: MailerDeps): Mailer {
  const { db, jobs, logger, registry } = deps;
  const transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : null;
  const domain = messageIdDomain(deps.from);

  // biome-ignore lint/suspicious/noExplicitAny: see MailerDeps.db
  async function record(input: SendMailInput, trx: Kysely<any>): Promise<{ id: string }> {
    const locale = mailLocale(input.locale);
    const headers = extraHeaders(input.headers);
    const rendered = renderMail(registry, { ...input, locale, community: await deps.community(trx) });
    const id = uuidv7();
    await trx
      .insertInto('mail_outbox')
      .values({
        id,
        to_address: input.to,
        subject: rendered.subject,
        text_body: rendered.text,
        html_body: rendered.html,
        template: input.template,
        locale,
        status: transport ? 'queued' : 'stored',
        headers: headers ? JSON.stringify(headers) : null,
        calendar: input.calendar ? JSON.stringify(input.calendar) : null,
      })
      .execute();
    if (transport) await jobs.sendInTransaction(trx, MAIL_SEND_JOB, { id });
    return { id };
  }

  async function deliver(
    id: string,
    ctx: Pick<JobContext, 'isLastAttempt'> = { isLastAttempt: true },
  ): Promise<void> {
    if (!transport) throw new Error('SMTP is not configured');
    const row = await db
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'status', 'headers', 'calendar'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      logger.warn({ mail: id }, 'mail.send for a mail that no longer exists');
      return;
    }
    // A job retried after a success (e.g. the process died before completing it) must not send twice.
    if (row.status !== 'queued' && row.status !== 'failed') return;
    try {
      const info = await transport.sendMail({
        from: deps.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        ...(row.headers ? { headers: row.headers as Record<string, string> } : {}),
        ...(row.calendar ? { icalEvent: icalEvent(row.calendar as NonNullable<SendMailInput['calendar']>) } : {}),
        // Stable across retries, so a receiving server can drop a duplicate if our status update was lost.
        messageId: `<${id}@${domain}>`,
      });
      await db
        .updateTable('mail_outbox')
        .set({
          status: 'sent',
          sent_at: sql`now()`,
          message_id: info.messageId ?? `<${id}@${domain}>`,
          attempts: sql`attempts + 1`,
          last_error: null,
        })
        .where('id', '=', id)
        .execute();
      logger.info({ mail: id }, 'mail sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await db
        .updateTable('mail_outbox')
        .set({
          attempts: sql`attempts + 1`,
          last_error: message.slice(0, 2000),
          status: ctx.isLastAttempt ? 'failed' : 'queued',
        })
        .where('id', '=', id)
        .execute();
      throw err;
    }
  }

  return {
    delivers: transport !== null,
    async send(input, trx) {
      if (!registry.template(input.template)) throw new Error(`Unknown mail template: ${input.template}`);
      if (trx) return record(input, trx);
      return db.transaction().execute((t) => record(input, t));
    },
    async start(opts = {}) {
      if (!transport) return;
      await jobs.work<{ id: string }>(MAIL_SEND_JOB, (data, ctx) => deliver(data.id, ctx), opts);
    },
    async stop() {
      transport?.close();
    },
    deliver,
    async listOutbox({ cursor, limit }) {
      const size = Math.min(Math.max(Math.trunc(limit) || 20, 1), 100);
      let q = db.selectFrom('mail_outbox').select([...LIST_COLUMNS, cursorTs]);
      if (cursor) {
        const [ts, id] = decodeCursor(cursor);
        q = q.where(sql<boolean>`(created_at, id) < (${ts}::timestamptz, ${id}::uuid)`);
      }
      const rows = (await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(size + 1)
        .execute()) as OutboxRow[];
      const page = rows.slice(0, size);
      const last = page[page.length - 1];
      return {
        items: page.map(toOutboxMail),
        nextCursor: rows.length > size && last ? encodeCursor(last.cursor_ts, last.id) : null,
      };
    },
    async getOutboxMail(id) {
      const row = isUuid(id)
        ? await db
            .selectFrom('mail_outbox')
            .select([...LIST_COLUMNS, 'text_body', 'html_body', 'message_id'])
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!row) throw new AppError('not_found', 'This mail does not exist.');
      return { ...toOutboxMail(row), text: row.text_body, html: row.html_body, messageId: row.message_id };
    },
  };
}
