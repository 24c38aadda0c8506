import type { Hono } from 'hono';
import type { HttpModule } from '../../../platform/http/app.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { membershipPages, membershipRoutes } from './routes.ts';
import { createMembershipsService, type MembershipsDeps } from './service.ts';

export { membershipMails } from './mails.ts';

export const MEMBERSHIPS_TICK_QUEUE = 'memberships.tick';

/** Wires the memberships module: API, the public page at /join, and its scheduled housekeeping. */
export function createMembershipsModule(deps: MembershipsDeps & { trustProxy: boolean }) {
  const service = createMembershipsService(deps);
  const http: HttpModule = {
    name: 'memberships',
    api: (app) => membershipRoutes(app, service, { trustProxy: deps.trustProxy }),
    raw: (app: Hono<AppEnv>) => membershipPages(app, service, { trustProxy: deps.trustProxy }),
  };
  return {
    service,
    http,
    /** Renewals, expiries, pauses and the interest-list mails: every 5 minutes, once per cluster. */
    async start(jobs: Jobs, opts: { pollingIntervalSeconds?: number } = {}) {
      await jobs.work(MEMBERSHIPS_TICK_QUEUE, async () => void (await service.tick()), opts);
      await jobs.schedule(MEMBERSHIPS_TICK_QUEUE, '*/5 * * * *', {});
    },
  };
}
