/** The longest search query (characters). Kept free of zod so the header's search box stays light. */
export const MAX_QUERY_LENGTH = 200;
