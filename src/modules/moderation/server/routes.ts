import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { errorResponses, json, jsonBody, noContent } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import { type ModerationService, REPORT_REASONS } from './service.ts';

const actor = (c: Context<AppEnv>): Actor => c.get('actor')!;
const notFound = { 404: json(z.any(), 'Not found or not visible to you') };
const Target = z.enum(['post', 'comment']);
const Settings = z.object({ approveFirstPosts: z.boolean() }).openapi('ModerationSettings');
const LogEntry = z
  .object({ id: z.string(), action: z.string(), targetType: z.string(), targetId: z.string(), reason: z.string().nullable(), actor: z.string().nullable(), createdAt: z.string() })
  .openapi('ModerationLogEntry');
const Mute = z
  .object({ userId: z.string(), name: z.string(), image: z.string().nullable(), kind: z.enum(['mute', 'block']), createdAt: z.string() })
  .openapi('Mute');

/** Thin routes of the moderation module. */
export function moderationRoutes(app: Api, m: ModerationService): void {
  const tags = ['moderation'];
  app.openapi(
    defineRoute('member', {
      method: 'post',
      path: '/api/reports',
      tags,
      summary: 'Report a post or comment to the moderators',
      request: jsonBody(z.object({ targetType: Target, targetId: z.string().uuid(), reason: z.enum(REPORT_REASONS), note: z.string().trim().max(1000).optional() }).strict()),
      responses: { 202: json(z.object({ status: z.literal('received') })), ...errorResponses, ...notFound },
    }),
    async (c) => {
      await m.report(actor(c), c.req.valid('json'));
      return c.json({ status: 'received' as const }, 202);
    },
  );
  app.openapi(
    defineRoute('moderator', { method: 'get', path: '/api/moderation/queue', tags, summary: 'Open reports and contributions waiting for approval', responses: { 200: json(z.any()), ...errorResponses } }),
    async (c) => c.json(await m.queue(actor(c)), 200),
  );
  app.openapi(
    defineRoute('moderator', {
      method: 'post',
      path: '/api/moderation/reports/{id}/resolve',
      tags,
      summary: 'Dismiss a report or hide what it is about',
      request: { params: z.object({ id: z.string().uuid() }), ...jsonBody(z.object({ action: z.enum(['dismiss', 'hide']) }).strict()) },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await m.resolveReport(actor(c), c.req.valid('param').id, c.req.valid('json').action);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('moderator', {
      method: 'put',
      path: '/api/moderation/visibility',
      tags,
      summary: 'Hide, restore or approve a post or comment',
      request: jsonBody(z.object({ targetType: Target, targetId: z.string().uuid(), status: z.enum(['published', 'hidden']), reason: z.string().trim().max(500).optional() }).strict()),
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      const b = c.req.valid('json');
      await m.setVisibility(actor(c), { type: b.targetType, id: b.targetId }, b.status, b.reason);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('moderator', {
      method: 'put',
      path: '/api/moderation/posts/{id}/lock',
      tags,
      summary: 'Lock or unlock a post for comments',
      request: { params: z.object({ id: z.string().uuid() }), ...jsonBody(z.object({ locked: z.boolean() }).strict()) },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await m.lock(actor(c), c.req.valid('param').id, c.req.valid('json').locked);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('moderator', { method: 'get', path: '/api/moderation/settings', tags, summary: 'Moderation settings', responses: { 200: json(Settings), ...errorResponses } }),
    async (c) => c.json(await m.settings(), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'put', path: '/api/moderation/settings', tags, summary: 'Change moderation settings', request: jsonBody(Settings.strict()), responses: { 200: json(Settings), ...errorResponses } }),
    async (c) => c.json(await m.updateSettings(actor(c), c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('moderator', { method: 'get', path: '/api/moderation/log', tags, summary: 'Audit log of moderator actions', responses: { 200: json(z.object({ items: z.array(LogEntry) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.auditLog(actor(c)) }, 200),
  );
  app.openapi(
    defineRoute('member', { method: 'get', path: '/api/me/mutes', tags, summary: 'Members I muted or blocked', responses: { 200: json(z.object({ items: z.array(Mute) })), ...errorResponses } }),
    async (c) => c.json({ items: await m.listMutes(actor(c)) }, 200),
  );
  app.openapi(
    defineRoute('member', {
      method: 'put',
      path: '/api/me/mutes/{userId}',
      tags,
      summary: 'Mute or block a member',
      request: { params: z.object({ userId: z.string().min(1).max(100) }), ...jsonBody(z.object({ kind: z.enum(['mute', 'block']) }).strict()) },
      responses: { ...noContent, ...errorResponses, ...notFound },
    }),
    async (c) => {
      await m.mute(actor(c), c.req.valid('param').userId, c.req.valid('json').kind);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('member', {
      method: 'delete',
      path: '/api/me/mutes/{userId}',
      tags,
      summary: 'Lift a mute or block',
      request: { params: z.object({ userId: z.string().min(1).max(100) }) },
      responses: { ...noContent, ...errorResponses },
    }),
    async (c) => {
      await m.unmute(actor(c), c.req.valid('param').userId);
      return c.body(null, 204);
    },
  );
}
