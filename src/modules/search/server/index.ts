import type { HttpModule } from '../../../platform/http/app.ts';
import { searchRoutes } from './routes.ts';
import { createSearchService, type SearchDeps } from './service.ts';

/** Wires the search module: full-text search over what the spaces module lets an actor see. */
export function createSearchModule(deps: SearchDeps) {
  const search = createSearchService(deps);
  const http: HttpModule = { name: 'search', api: (app) => searchRoutes(app, { search }) };
  return { service: search, http };
}

export type SearchModule = ReturnType<typeof createSearchModule>;
export type { SearchDeps, VisibleSpaces } from './service.ts';
