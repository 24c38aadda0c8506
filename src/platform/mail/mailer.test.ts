import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { type SmtpSink, startSmtpSink } from '../../../tests/helpers/smtp-sink.ts';
import { createJobs, type Jobs } from '../jobs/index.ts';
import { createLogger } from '../logger.ts';
import { createMailer, createMailRegistry, MAIL_SEND_JOB, type Mailer, type MailModule } from './index.ts';

const demo: MailModule = {
  namespace: 'demo',
  catalogues: {
    de: {
      subject: 'Bestätige deine Adresse, {{name}}',
      body: 'Der Link ist 24 Stunden gültig.',
      go: 'Bestätigen',
    },
    en: { subject: 'Confirm your address, {{name}}', body: 'The link is valid for 24 hours.', go: 'Confirm' },
    sv: { subject: 'Bekräfta din adress, {{name}}', body: 'Länken gäller i 24 timmar.', go: 'Bekräfta' },
  },
  templates: {
    confirm: { subject: 'subject', paragraphs: ['body'], action: { label: 'go', urlKey: 'url' } },
  },
};
const registry = createMailRegistry([demo]);
const logger = createLogger('silent');
const community = async () => ({ name: 'Treffpunkt Test', brandColor: '#2f6f5e' });
const url = 'https://treff.example/verify?token=abc&x=1';

let tdb: TestDatabase;
let sink: SmtpSink;
let jobs: Jobs;
let mailer: Mailer;
let outboxOnly: Mailer;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  jobs = createJobs({
    connectionString: tdb.url,
    logger,
    retry: { retryLimit: 3, retryDelay: 1, retryBackoff: false },
  });
  await jobs.start();
  const deps = { db: tdb.db, jobs, logger, from: 'Treffpunkt <no-reply@treff.example>', community, registry };
  mailer = createMailer({ ...deps, smtpUrl: sink.url });
  await mailer.start({ pollingIntervalSeconds: 0.5 });
  outboxOnly = createMailer(deps);
});

afterAll(async () => {
  await jobs?.stop();
  await mailer?.stop();
  await sink?.close();
  await tdb?.drop();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

async function mailJobs(): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from pgboss.job where name = ${MAIL_SEND_JOB}`.execute(tdb.db);
  return r.rows[0]!.n;
}

describe('mailer over SMTP', () => {
  it('sends an iTIP part (text/calendar; method=REQUEST) that calendar clients read as an invitation', async () => {
    const to = 'ical@example.org';
    const content = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    await mailer.send({ to, template: 'demo.confirm', locale: 'de', data: { name: 'Jo', url }, calendar: { method: 'REQUEST', content } });
    const m = await sink.waitFor((x) => x.to.includes(to));
    expect(m.raw).toMatch(/Content-Type: text\/calendar; (charset=utf-8; )?method=REQUEST/i);
    expect(m.raw).toContain('METHOD:REQUEST');
    expect(m.text).toContain('Der Link ist 24 Stunden gültig.');
  });

  it.each([
    ['de', 'Bestätige deine Adresse, Jo', 'Der Link ist 24 Stunden gültig.'],
    ['en', 'Confirm your address, Jo', 'The link is valid for 24 hours.'],
    ['sv', 'Bekräfta din adress, Jo', 'Länken gäller i 24 timmar.'],
  ])('delivers a %s mail with text and HTML parts and the link intact', async (locale, subject, body) => {
    const to = `jo-${locale}@example.org`;
    const { id } = await mailer.send({ to, template: 'demo.confirm', locale, data: { name: 'Jo', url } });
    const m = await sink.waitFor((x) => x.to.includes(to));
    expect(m.subject).toBe(subject);
    expect(m.text).toContain(body);
    expect(m.text).toContain(url);
    expect(m.html).toContain(body);
    expect(m.html).toContain('href="https://treff.example/verify?token=abc&amp;x=1"');
    expect(m.html).toContain(`lang="${locale}"`);
    await until(async () => (await mailer.getOutboxMail(id)).status === 'sent');
    const row = await mailer.getOutboxMail(id);
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
    expect(row.messageId).toBe(m.messageId);
  });

  it('retries a temporary SMTP failure and then delivers once', async () => {
    sink.failNext(1);
    const before = sink.rejected;
    const to = 'retry@example.org';
    const { id } = await mailer.send({
      to,
      template: 'demo.confirm',
      locale: 'de',
      data: { name: 'R', url },
    });
    await sink.waitFor((x) => x.to.includes(to), 20_000);
    await until(async () => (await mailer.getOutboxMail(id)).status === 'sent');
    const row = await mailer.getOutboxMail(id);
    expect(sink.rejected).toBe(before + 1);
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeNull();
    expect(sink.messages.filter((x) => x.to.includes(to))).toHaveLength(1);
  });

  it('does not send again when the job runs after a success', async () => {
    const to = 'once@example.org';
    const { id } = await mailer.send({
      to,
      template: 'demo.confirm',
      locale: 'de',
      data: { name: 'O', url },
    });
    await sink.waitFor((x) => x.to.includes(to));
    await until(async () => (await mailer.getOutboxMail(id)).status === 'sent');
    await mailer.deliver(id);
    expect(sink.messages.filter((x) => x.to.includes(to))).toHaveLength(1);
  });

  it('marks the mail failed after the last attempt', async () => {
    const to = 'lost@example.org';
    sink.failNext(100);
    try {
      const { id } = await mailer.send({
        to,
        template: 'demo.confirm',
        locale: 'de',
        data: { name: 'L', url },
      });
      await until(async () => (await mailer.getOutboxMail(id)).status === 'failed');
      const row = await mailer.getOutboxMail(id);
      expect(row.attempts).toBe(4);
      expect(row.lastError).toMatch(/451/);
    } finally {
      sink.failNext(0);
    }
  });

  it('a rolled-back transaction leaves neither the row nor the job', async () => {
    const jobsBefore = await mailJobs();
    let id = '';
    await expect(
      tdb.db.transaction().execute(async (trx) => {
        ({ id } = await mailer.send(
          { to: 'x@example.org', template: 'demo.confirm', locale: 'de', data: { name: 'X', url } },
          trx,
        ));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(id).not.toBe('');
    await expect(mailer.getOutboxMail(id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await mailJobs()).toBe(jobsBefore);
  });
});

describe('mailer without SMTP', () => {
  it('stores the mail for admins to read', async () => {
    const received = sink.messages.length;
    const { id } = await outboxOnly.send({
      to: 'stored@example.org',
      template: 'demo.confirm',
      locale: 'en',
      data: { name: '<b>Kim</b>', url },
    });
    const mail = await outboxOnly.getOutboxMail(id);
    expect(mail).toMatchObject({
      to: 'stored@example.org',
      status: 'stored',
      attempts: 0,
      template: 'demo.confirm',
    });
    expect(mail.text).toContain(url);
    expect(mail.html).toContain('&lt;b&gt;Kim&lt;/b&gt;');
    expect(new Date(mail.createdAt).toISOString()).toBe(mail.createdAt);
    expect(sink.messages.length).toBe(received);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    await expect(outboxOnly.getOutboxMail('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(outboxOnly.getOutboxMail('019a0000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('pages through the outbox newest first without gaps or repeats', async () => {
    await tdb.db.deleteFrom('mail_outbox').execute();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        (
          await outboxOnly.send({
            to: `p${i}@example.org`,
            template: 'demo.confirm',
            locale: 'de',
            data: { name: `P${i}`, url },
          })
        ).id,
      );
    }
    // Same timestamp for several rows: the id must break the tie.
    await sql`update mail_outbox set created_at = '2026-01-01T00:00:00.123456Z' where to_address in ('p2@example.org', 'p3@example.org', 'p4@example.org')`.execute(
      tdb.db,
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await outboxOnly.listOutbox({ cursor, limit: 3 });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual([...ids].sort());
    const all = await outboxOnly.listOutbox({ limit: 100 });
    expect(all.items.map((m) => m.id)).toEqual(seen);
    const times = all.items.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('rejects a tampered cursor as invalid input', async () => {
    await expect(outboxOnly.listOutbox({ cursor: 'bm9wZQ', limit: 3 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
