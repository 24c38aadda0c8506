import { z } from '@hono/zod-openapi';
import { POST_KINDS } from '../spaces/schema.ts';

export const SEARCH_TYPES = ['all', 'posts', 'comments', 'members'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Longest search text we accept; longer input is a 400, not a slow query. */
import { MAX_QUERY_LENGTH } from './limits.ts';

export { MAX_QUERY_LENGTH };

/** A calendar day (`2026-11-21`, read as UTC) or a full ISO timestamp. */
const instant = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || z.string().datetime({ offset: true }).safeParse(v).success, {
    message: 'Use a date (YYYY-MM-DD) or an ISO timestamp',
  })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'Not a valid date' });

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
    type: z.enum(SEARCH_TYPES).default('all'),
    /** A space's id or slug. */
    space: z.string().trim().min(1).max(80).optional(),
    /** An author's user id. */
    author: z.string().trim().min(1).max(64).optional(),
    kind: z.enum(POST_KINDS).optional(),
    from: instant.optional(),
    /** Inclusive: a bare date means up to the end of that day. */
    to: instant.optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .openapi('SearchQuery');
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z
  .object({
    type: z.enum(['post', 'comment', 'member']),
    id: z.string(),
    /** Plain text (escape when rendering): the post's title, the commented post's title, or the member's name. */
    title: z.string(),
    /** Safe HTML built by the server: escaped text with the matches wrapped in `<mark>`. */
    snippet: z.string(),
    url: z.string(),
    spaceName: z.string().optional(),
    author: z.object({ id: z.string(), name: z.string(), image: z.string().nullable() }).optional(),
    /** A member hit's avatar. */
    image: z.string().nullable().optional(),
    createdAt: z.string(),
  })
  .openapi('SearchHit');
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchPage = z
  .object({ items: z.array(SearchHit), nextCursor: z.string().nullable() })
  .openapi('SearchResults');
export type SearchPage = z.infer<typeof SearchPage>;
