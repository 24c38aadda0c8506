import { z } from '@hono/zod-openapi';
import { defineRoute } from '../../../platform/http/access.ts';
import type { Api } from '../../../platform/http/app.ts';
import { errorResponses, json } from '../../../platform/http/openapi.ts';
import { SearchPage, SearchQuery } from '../schema.ts';
import type { SearchService } from './service.ts';

/** Thin routes of the search module. */
export function searchRoutes(app: Api, s: { search: SearchService }) {
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/search',
      tags: ['search'],
      summary: 'Search posts, comments and members you may see',
      description:
        'Full text with German, English and Swedish stemming. Visitors find public spaces only and no members. `q` takes words, "phrases", -exclusions, `or`, and `#topics`.',
      request: { query: SearchQuery },
      responses: { 200: json(SearchPage), ...errorResponses, 404: json(z.any(), 'No such space (or not visible to you)') },
    }),
    async (c) => c.json(await s.search.search(c.get('actor'), c.req.valid('query')), 200),
  );
}
