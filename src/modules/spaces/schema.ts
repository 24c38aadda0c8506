import { z } from '@hono/zod-openapi';

/** User text: NUL characters (which PostgreSQL cannot store and no one means to type) are dropped. */
const text = () => z.string().overwrite((v) => v.replaceAll('\0', ''));

export const SPACE_KINDS = ['discussion', 'announcement'] as const;
export const VISIBILITIES = ['public', 'members', 'restricted'] as const;
export const POST_KINDS = ['discussion', 'question', 'find', 'reflection', 'poll'] as const;
export const REACTIONS = ['👍', '❤️', '🎉', '😄', '🤔', '🙏'] as const;
export type PostKind = (typeof POST_KINDS)[number];

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'Use 2–60 lowercase letters, digits and dashes');

export const Space = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: text(),
    description: text(),
    icon: text(),
    position: z.number(),
    kind: z.enum(SPACE_KINDS),
    visibility: z.enum(VISIBILITIES),
    optional: z.boolean(),
    grants: z.array(z.string()),
    /** The viewer is in this space (always true for non-optional spaces a member can see). */
    joined: z.boolean(),
    canPost: z.boolean(),
    canManage: z.boolean(),
  })
  .openapi('Space');
export type Space = z.infer<typeof Space>;

export const CreateSpace = z
  .object({
    name: text().trim().min(2).max(80),
    slug: slug.optional(),
    description: text().trim().max(1000).default(''),
    icon: text().trim().min(1).max(16).default('💬'),
    position: z.number().int().min(0).max(10_000).optional(),
    kind: z.enum(SPACE_KINDS).default('discussion'),
    visibility: z.enum(VISIBILITIES).default('members'),
    optional: z.boolean().default(false),
    grants: z
      .array(z.string().regex(/^(role|tier|group):[A-Za-z0-9_-]{1,64}$/))
      .max(50)
      .default([]),
  })
  .strict()
  .openapi('CreateSpace');

export const UpdateSpace = CreateSpace.partial().strict().openapi('UpdateSpace');

export const Author = z
  .object({ id: z.string(), name: text(), image: z.string().nullable() })
  .nullable()
  .openapi('Author');

export const LinkPreview = z
  .object({
    url: z.string(),
    title: text().nullable(),
    description: text().nullable(),
    siteName: z.string().nullable(),
    imageUrl: z.string().nullable(),
  })
  .openapi('LinkPreview');

export const PollView = z
  .object({
    multiple: z.boolean(),
    closesAt: z.string().nullable(),
    closed: z.boolean(),
    results: z.enum(['after_vote', 'after_close']),
    myVotes: z.array(z.string()),
    totalVoters: z.number().nullable(),
    options: z.array(z.object({ id: z.string(), label: text(), votes: z.number().nullable() })),
  })
  .openapi('Poll');

export const Attachment = z
  .object({
    id: z.string(),
    url: z.string(),
    name: text(),
    contentType: z.string(),
    size: z.number(),
    isImage: z.boolean(),
    width: z.number().nullable(),
    height: z.number().nullable(),
  })
  .openapi('Attachment');
export type Attachment = z.infer<typeof Attachment>;

export const Post = z
  .object({
    id: z.string(),
    spaceId: z.string(),
    spaceSlug: z.string(),
    spaceName: z.string(),
    kind: z.enum(POST_KINDS),
    title: text().nullable(),
    bodyHtml: z.string(),
    bodyMd: z.string().optional(),
    author: Author,
    linkUrl: z.string().nullable(),
    linkPreview: LinkPreview.nullable(),
    status: z.enum(['published', 'pending', 'hidden', 'deleted']),
    publishAt: z.string(),
    scheduled: z.boolean(),
    pinned: z.boolean(),
    closed: z.boolean(),
    answerCommentId: z.string().nullable(),
    commentCount: z.number(),
    reactions: z.record(z.string(), z.number()),
    myReactions: z.array(z.string()),
    unread: z.boolean(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    lastActivityAt: z.string(),
    poll: PollView.nullable(),
    attachments: z.array(Attachment),
    canEdit: z.boolean(),
    canModerate: z.boolean(),
  })
  .openapi('Post');
export type Post = z.infer<typeof Post>;

export const CreatePost = z
  .object({
    kind: z.enum(POST_KINDS).default('discussion'),
    title: text().trim().min(1).max(200).optional(),
    body: text().max(40_000).default(''),
    linkUrl: z.string().trim().url().max(2000).optional(),
    /** Files uploaded before with POST /api/attachments, in this order. */
    attachmentIds: z.array(z.string().uuid()).max(10).optional(),
    /** Reflection questions: when they appear (hosts only). */
    publishAt: z.string().datetime({ offset: true }).optional(),
    poll: z
      .object({
        options: z.array(text().trim().min(1).max(200)).min(2).max(20),
        multiple: z.boolean().default(false),
        closesAt: z.string().datetime({ offset: true }).optional(),
        results: z.enum(['after_vote', 'after_close']).default('after_vote'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('CreatePost');
export type CreatePost = z.infer<typeof CreatePost>;

export const UpdatePost = z
  .object({ title: text().trim().min(1).max(200).nullable().optional(), body: text().max(40_000).optional() })
  .strict()
  .openapi('UpdatePost');

export const Comment = z
  .object({
    id: z.string(),
    postId: z.string(),
    parentId: z.string().nullable(),
    author: Author,
    bodyHtml: z.string(),
    /** The Markdown source, for those who may edit it (author, moderators). */
    bodyMd: z.string().optional(),
    status: z.enum(['published', 'pending', 'hidden', 'deleted']),
    reactions: z.record(z.string(), z.number()),
    myReactions: z.array(z.string()),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    isAnswer: z.boolean(),
    canEdit: z.boolean(),
  })
  .openapi('Comment');
export type Comment = z.infer<typeof Comment>;

export const CreateComment = z
  .object({ body: text().trim().min(1).max(20_000), parentId: z.string().uuid().optional() })
  .strict()
  .openapi('CreateComment');

export const FeedQuery = z.object({
  sort: z.enum(['new', 'active']).default('new'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const FeedPage = z.object({ items: z.array(Post), nextCursor: z.string().nullable() }).openapi('FeedPage');
