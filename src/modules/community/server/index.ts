import type { HttpModule } from '../../../platform/http/app.ts';
import { communityRoutes } from './routes.ts';
import { type CommunityDeps, createCommunityService } from './service.ts';

/** Wires the community module: identity, first-run setup, brand stylesheet. */
export function createCommunityModule(deps: CommunityDeps) {
  const service = createCommunityService(deps);
  const http: HttpModule = { name: 'community', api: (app) => communityRoutes(app, service) };
  return { service, http };
}
