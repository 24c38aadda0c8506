import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { errorResponses, fileBody, json, jsonBody, noContent, readUploadFile } from '../../../platform/http/openapi.ts';
import type { Actor, AppEnv } from '../../../platform/http/types.ts';
import {
  Attachment,
  Comment,
  CreateComment,
  CreatePost,
  CreateSpace,
  FeedPage,
  FeedQuery,
  Post,
  REACTIONS,
  Space,
  UpdatePost,
  UpdateSpace,
} from '../schema.ts';
import type { AttachmentsService } from './attachments.ts';
import type { CommentsService } from './comments.ts';
import type { PostsService } from './posts.ts';
import type { SpacesService } from './spaces.ts';

const actor = (c: Context<AppEnv>): Actor => c.get('actor')!;
const spaceParam = { params: z.object({ space: z.string().min(1).max(80) }) };
const idParam = { params: z.object({ id: z.string().uuid() }) };
const notFound = { 404: json(z.any(), 'Not found or not visible to you') };

/** Thin routes of the spaces module. */
export function spacesRoutes(
  app: Api,
  s: { spaces: SpacesService; posts: PostsService; comments: CommentsService; attachments: AttachmentsService },
) {
  const tags = ['spaces'];

  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/spaces', tags, summary: 'Spaces you can see', responses: { 200: json(z.object({ items: z.array(Space) })) } }),
    async (c) => c.json({ items: await s.spaces.list(c.get('actor')) }, 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'post', path: '/api/spaces', tags, summary: 'Create a space', request: jsonBody(CreateSpace), responses: { 201: json(Space), ...errorResponses } }),
    async (c) => c.json(await s.spaces.create(actor(c), c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/spaces/{space}', tags, summary: 'One space', request: spaceParam, responses: { 200: json(Space), ...notFound } }),
    async (c) => c.json(await s.spaces.get(c.get('actor'), c.req.valid('param').space), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'patch', path: '/api/spaces/{space}', tags, summary: 'Change a space', request: { ...spaceParam, ...jsonBody(UpdateSpace) }, responses: { 200: json(Space), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.spaces.update(actor(c), c.req.valid('param').space, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('admin', { method: 'delete', path: '/api/spaces/{space}', tags, summary: 'Archive a space', request: spaceParam, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await s.spaces.archive(actor(c), c.req.valid('param').space);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/spaces/{space}/join', tags, summary: 'Join an optional space', request: spaceParam, responses: { 200: json(Space), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.spaces.join(actor(c), c.req.valid('param').space), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/spaces/{space}/leave', tags, summary: 'Leave an optional space', request: spaceParam, responses: { 200: json(Space), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.spaces.leave(actor(c), c.req.valid('param').space), 200),
  );
  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/spaces/{space}/posts', tags, summary: "A space's posts", request: { ...spaceParam, query: FeedQuery }, responses: { 200: json(FeedPage), ...notFound } }),
    async (c) => c.json(await s.posts.spaceFeed(c.get('actor'), c.req.valid('param').space, c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/spaces/{space}/posts', tags, summary: 'Write a post', request: { ...spaceParam, ...jsonBody(CreatePost) }, responses: { 201: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.create(actor(c), c.req.valid('param').space, c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/attachments', tags, summary: 'Upload a file to attach to your next post (images, PDF, office files)', request: fileBody('The file'), responses: { 201: json(Attachment), ...errorResponses } }),
    async (c) => c.json(await s.attachments.upload(actor(c), await readUploadFile(c.req)), 201),
  );
  app.openapi(
    defineRoute('member', { method: 'get', path: '/api/feed/since-last-visit', tags, summary: "What's new in your spaces since your last visit (and records this one)", responses: { 200: json(z.object({ since: z.string().nullable(), newPosts: z.number(), newComments: z.number() })), ...errorResponses } }),
    async (c) => c.json(await s.posts.sinceLastVisit(actor(c)), 200),
  );
  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/feed', tags, summary: 'Home feed across your spaces', request: { query: FeedQuery }, responses: { 200: json(FeedPage) } }),
    async (c) => c.json(await s.posts.homeFeed(c.get('actor'), c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/posts/{id}', tags, summary: 'One post (marks it read)', request: idParam, responses: { 200: json(Post), ...notFound } }),
    async (c) => c.json(await s.posts.get(c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'patch', path: '/api/posts/{id}', tags, summary: 'Edit a post (history kept)', request: { ...idParam, ...jsonBody(UpdatePost) }, responses: { 200: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.update(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'delete', path: '/api/posts/{id}', tags, summary: 'Delete a post (moderators can restore it)', request: idParam, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await s.posts.remove(actor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute('member', { method: 'get', path: '/api/posts/{id}/revisions', tags, summary: 'Earlier versions', request: idParam, responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), title: z.string().nullable(), body: z.string(), editedBy: z.string().nullable(), createdAt: z.string() })) })), ...errorResponses, ...notFound } }),
    async (c) => c.json({ items: await s.posts.revisions(actor(c), c.req.valid('param').id) }, 200),
  );
  app.openapi(
    defineRoute('moderator', { method: 'post', path: '/api/posts/{id}/restore', tags, summary: 'Restore a deleted post', request: idParam, responses: { 200: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.restore(actor(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute('moderator', { method: 'patch', path: '/api/posts/{id}/flags', tags, summary: 'Pin or close a post', request: { ...idParam, ...jsonBody(z.object({ pinned: z.boolean().optional(), closed: z.boolean().optional() }).strict()) }, responses: { 200: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.setFlags(actor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'put', path: '/api/posts/{id}/answer', tags, summary: "Mark a question's answer", request: { ...idParam, ...jsonBody(z.object({ commentId: z.string().uuid().nullable() }).strict()) }, responses: { 200: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.markAnswer(actor(c), c.req.valid('param').id, c.req.valid('json').commentId), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/posts/{id}/votes', tags, summary: 'Vote in a poll (replaces your vote)', request: { ...idParam, ...jsonBody(z.object({ optionIds: z.array(z.string().uuid()).min(1).max(20) }).strict()) }, responses: { 200: json(Post), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.posts.vote(actor(c), c.req.valid('param').id, c.req.valid('json').optionIds), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/reactions', tags, summary: 'React to a post or comment, or take it back', request: jsonBody(z.object({ targetType: z.enum(['post', 'comment']), targetId: z.string().uuid(), emoji: z.enum(REACTIONS), on: z.boolean() }).strict()), responses: { 200: json(z.object({ reactions: z.record(z.string(), z.number()) })), ...errorResponses, ...notFound } }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await s.posts.react(actor(c), { type: b.targetType, id: b.targetId }, b.emoji, b.on), 200);
    },
  );
  app.openapi(
    defineRoute('public', { method: 'get', path: '/api/posts/{id}/comments', tags, summary: 'Comments of a post', request: idParam, responses: { 200: json(z.object({ items: z.array(Comment) })), ...notFound } }),
    async (c) => c.json({ items: await s.comments.list(c.get('actor'), c.req.valid('param').id) }, 200),
  );
  app.openapi(
    defineRoute('member', { method: 'post', path: '/api/posts/{id}/comments', tags, summary: 'Comment or reply', request: { ...idParam, ...jsonBody(CreateComment) }, responses: { 201: json(Comment), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.comments.create(actor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute('member', { method: 'patch', path: '/api/comments/{id}', tags, summary: 'Edit a comment', request: { ...idParam, ...jsonBody(z.object({ body: z.string().overwrite((v) => v.replaceAll('\0', '')).trim().min(1).max(20_000) }).strict()) }, responses: { 200: json(Comment), ...errorResponses, ...notFound } }),
    async (c) => c.json(await s.comments.update(actor(c), c.req.valid('param').id, c.req.valid('json').body), 200),
  );
  app.openapi(
    defineRoute('member', { method: 'delete', path: '/api/comments/{id}', tags, summary: 'Delete a comment', request: idParam, responses: { ...noContent, ...errorResponses, ...notFound } }),
    async (c) => {
      await s.comments.remove(actor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
