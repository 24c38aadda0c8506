import type { HttpModule } from '../../../platform/http/app.ts';
import { moderationRoutes } from './routes.ts';
import { createModerationService, type ModerationDeps } from './service.ts';

/** Wires the moderation module. */
export function createModerationModule(deps: ModerationDeps) {
  const service = createModerationService(deps);
  const http: HttpModule = { name: 'moderation', api: (app) => moderationRoutes(app, service) };
  return { service, http };
}
