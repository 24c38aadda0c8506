import { z } from '@hono/zod-openapi';
import { defineRoute } from '../../../platform/http/access.ts';
import type { HttpModule } from '../../../platform/http/app.ts';
import { errorResponses, json } from '../../../platform/http/openapi.ts';
import type { Mailer } from '../../../platform/mail/index.ts';

const MailSummary = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    template: z.string(),
    status: z.enum(['queued', 'sent', 'stored', 'failed']),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMail');

const MailFull = MailSummary.extend({ text: z.string(), html: z.string() }).openapi('OutboxMailFull');

/** The admin area's server side: the mail outbox ("Mail-Ausgang"). Members and roles live in accounts. */
export function createAdminModule(deps: { mailer: Pick<Mailer, 'listOutbox' | 'getOutboxMail'> }) {
  const http: HttpModule = {
    name: 'admin',
    api(app) {
      app.openapi(
        defineRoute('admin', {
          method: 'get',
          path: '/api/admin/mails',
          tags: ['admin'],
          summary: 'The mail outbox, newest first',
          request: {
            query: z.object({
              cursor: z.string().max(500).optional(),
              limit: z.coerce.number().int().min(1).max(100).default(50),
            }),
          },
          responses: {
            200: json(z.object({ items: z.array(MailSummary), nextCursor: z.string().nullable() })),
            ...errorResponses,
          },
        }),
        async (c) => c.json(await deps.mailer.listOutbox(c.req.valid('query')), 200),
      );
      app.openapi(
        defineRoute('admin', {
          method: 'get',
          path: '/api/admin/mails/{id}',
          tags: ['admin'],
          summary: 'One mail with its text and HTML parts',
          request: { params: z.object({ id: z.string().uuid() }) },
          responses: { 200: json(MailFull), ...errorResponses, 404: json(z.any(), 'No such mail') },
        }),
        async (c) => {
          return c.json(await deps.mailer.getOutboxMail(c.req.valid('param').id), 200);
        },
      );
    },
  };
  return { http };
}
