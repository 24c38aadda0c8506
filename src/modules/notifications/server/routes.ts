import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { errorResponses, json, jsonBody } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import {
  Follow,
  MarkRead,
  NotificationPage,
  OneClick,
  Preferences,
  SetFollow,
  UnreadCount,
  Unsubscribe,
  UnsubscribeResult,
  UpdatePreferences,
} from '../schema.ts';
import type { NotificationsService } from './service.ts';

const actor = (c: Context<AppEnv>): Actor => c.get('actor')!;
const spaceParam = { params: z.object({ space: z.string().min(1).max(80) }) };
const notFound = { 404: json(z.any(), 'Not found or not visible to you') };

/** Thin routes of the notifications module. */
export function notificationsRoutes(app: Api, s: NotificationsService) {
  const tags = ['notifications'];

  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/notifications',
      tags,
      summary: 'Your notifications, newest first',
      request: { query: z.object({ cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
      responses: { 200: json(NotificationPage), ...errorResponses },
    }),
    async (c) => c.json(await s.list(actor(c), c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/notifications/unread-count',
      tags,
      summary: 'How many notifications you have not read',
      responses: { 200: json(UnreadCount), ...errorResponses },
    }),
    async (c) => c.json({ unreadCount: await s.unreadCount(actor(c)) }, 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/notifications/read',
      tags,
      summary: 'Mark notifications (or all) as read',
      request: jsonBody(MarkRead),
      responses: { 200: json(UnreadCount), ...errorResponses },
    }),
    async (c) => c.json(await s.markRead(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/notifications/preferences',
      tags,
      summary: 'Your notification choices',
      responses: { 200: json(Preferences), ...errorResponses },
    }),
    async (c) => c.json(await s.preferences(actor(c)), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'put',
      path: '/api/notifications/preferences',
      tags,
      summary: 'Change notification choices (per kind, optionally per space)',
      request: jsonBody(UpdatePreferences),
      responses: { 200: json(Preferences), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.updatePreferences(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/notifications/follows',
      tags,
      summary: 'Spaces you can see and whether you follow them',
      responses: { 200: json(z.object({ items: z.array(Follow) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await s.follows(actor(c)) }, 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/notifications/follows/{space}',
      tags,
      summary: 'Whether you follow a space',
      request: spaceParam,
      responses: { 200: json(Follow), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.follow(actor(c), c.req.valid('param').space), 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'put',
      path: '/api/notifications/follows/{space}',
      tags,
      summary: 'Follow or unfollow a space (new posts)',
      request: { ...spaceParam, ...jsonBody(SetFollow) },
      responses: { 200: json(Follow), ...errorResponses, ...notFound },
    }),
    async (c) => c.json(await s.setFollow(actor(c), c.req.valid('param').space, c.req.valid('json').following), 200),
  );
  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/notifications/unsubscribe',
      tags,
      summary: 'Unsubscribe with a signed link token (no login); also the RFC 8058 one-click endpoint',
      description:
        'JSON `{ token }`, or the one-click form body `List-Unsubscribe=One-Click` with the token in the query. ' +
        'A tampered or foreign token is a 400 and changes nothing.',
      request: {
        query: z.object({ token: z.string().max(2000).optional() }),
        body: {
          required: false,
          content: {
            'application/json': { schema: Unsubscribe },
            'application/x-www-form-urlencoded': { schema: OneClick },
          },
        },
      },
      responses: { 200: json(UnsubscribeResult), 400: errorResponses[400] },
    }),
    async (c) => {
      const body = c.req.valid('json') as { token?: string } | undefined;
      const token = body?.token ?? c.req.valid('query').token;
      if (!token) throw new AppError('bad_request', 'This unsubscribe link is not valid.');
      const claims = await s.unsubscribe(token);
      return c.json({ scope: claims.scope, spaceId: claims.spaceId }, 200);
    },
  );
}
