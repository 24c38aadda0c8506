import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Api } from '../../../platform/http/app.ts';
import { defineRoute } from '../../../platform/http/access.ts';
import { errorResponses, fileBody, json, jsonBody, noContent, readUpload } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import { ChangeEmail, ChangePassword, DeleteAccount, Me, ROLE_VALUES, SessionList, UpdateProfile } from '../schema.ts';
import type { AccountsService } from './service.ts';

const tags = ['accounts'];
const me = (c: Context<AppEnv>): Actor => c.get('actor')!;

/** Copies Set-Cookie headers from better-auth onto our response (e.g. a cleared session cookie). */
function forwardCookies(c: Context<AppEnv>, headers: Headers) {
  for (const cookie of headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
}

const Member = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLE_VALUES),
    image: z.string().nullable(),
    emailVerified: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Member');

/** Thin routes: authenticate (declared access), validate, call one service function, present. */
export function accountsRoutes(app: Api, service: AccountsService, clearSessionCookie: () => string): void {
  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/me',
      tags,
      summary: 'My profile',
      responses: { 200: json(Me), ...errorResponses },
    }),
    async (c) => c.json(await service.getMe(me(c)), 200),
  );

  app.openapi(
    defineRoute('member', {
      method: 'patch',
      path: '/api/me',
      tags,
      summary: 'Update display name, bio, language',
      request: jsonBody(UpdateProfile),
      responses: { 200: json(Me), ...errorResponses },
    }),
    async (c) => c.json(await service.updateProfile(me(c), c.req.valid('json')), 200),
  );

  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/me/avatar',
      tags,
      summary: 'Upload an avatar (JPEG, PNG, WebP, GIF); re-encoded, metadata stripped',
      request: fileBody('The image'),
      responses: { 200: json(z.object({ image: z.string() })), ...errorResponses },
    }),
    async (c) => c.json(await service.setAvatar(me(c), await readUpload(c.req)), 200),
  );

  app.openapi(
    defineRoute('member', {
      method: 'delete',
      path: '/api/me/avatar',
      tags,
      summary: 'Remove my avatar',
      responses: { ...noContent, ...errorResponses },
    }),
    async (c) => {
      await service.removeAvatar(me(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/me/email',
      tags,
      summary: 'Change my email address (password required; the new address confirms by link)',
      request: jsonBody(ChangeEmail),
      responses: { 202: json(z.object({ status: z.literal('verification_sent') })), ...errorResponses },
    }),
    async (c) => {
      await service.changeEmail(me(c), c.req.valid('json'), c.req.raw.headers);
      return c.json({ status: 'verification_sent' as const }, 202);
    },
  );

  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/me/password',
      tags,
      summary: 'Change my password',
      request: jsonBody(ChangePassword),
      responses: { ...noContent, ...errorResponses },
    }),
    async (c) => {
      forwardCookies(c, await service.changePassword(me(c), c.req.valid('json'), c.req.raw.headers));
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute('member', {
      method: 'delete',
      path: '/api/me',
      tags,
      summary: 'Delete my account (password required)',
      request: jsonBody(DeleteAccount),
      responses: { ...noContent, ...errorResponses },
    }),
    async (c) => {
      forwardCookies(c, await service.deleteAccount(me(c), c.req.valid('json'), c.req.raw.headers));
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute('member', {
      method: 'get',
      path: '/api/me/sessions',
      tags,
      summary: 'My active sessions',
      responses: { 200: json(SessionList), ...errorResponses },
    }),
    async (c) => c.json({ sessions: await service.listSessions(me(c)) }, 200),
  );

  app.openapi(
    defineRoute('member', {
      method: 'delete',
      path: '/api/me/sessions/{id}',
      tags,
      summary: 'End one of my sessions',
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { ...noContent, ...errorResponses, 404: json(z.any(), 'No such session') },
    }),
    async (c) => {
      await service.revokeSession(me(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/me/sessions/revoke-all',
      tags,
      summary: 'Log out everywhere, this device included',
      responses: { ...noContent, ...errorResponses },
    }),
    async (c) => {
      await service.revokeAllSessions(me(c));
      c.header('Set-Cookie', clearSessionCookie(), { append: true });
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/api/admin/members',
      tags: ['admin'],
      summary: 'Members, newest first',
      request: {
        query: z.object({
          cursor: z.string().max(500).optional(),
          q: z.string().trim().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(Member), nextCursor: z.string().nullable() })),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await service.listMembers(me(c), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/admin/members/{id}',
      tags: ['admin'],
      summary: "Change a member's role",
      request: {
        params: z.object({ id: z.string().min(1).max(100) }),
        ...jsonBody(z.object({ role: z.enum(['admin', 'moderator', 'member']) }).strict()),
      },
      responses: { 200: json(Member), ...errorResponses, 404: json(z.any(), 'No such member') },
    }),
    async (c) => c.json(await service.setRole(me(c), c.req.valid('param').id, c.req.valid('json').role), 200),
  );
}
