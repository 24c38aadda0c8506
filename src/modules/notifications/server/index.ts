import type { Hono } from 'hono';
import type { HttpModule } from '../../../platform/http/app.ts';
import type { AppEnv } from '../../../platform/http/types.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { createContentLookup } from './content.ts';
import type { NotificationsDeps } from './deps.ts';
import { createPreferences } from './preferences.ts';
import type { SpaceEvent } from './recipients.ts';
import { notificationsRoutes } from './routes.ts';
import { createNotificationsService } from './service.ts';
import { unsubscribePage } from './unsubscribe-page.ts';
import { createNotificationsWorker } from './worker.ts';

export const DIGEST_DAILY_QUEUE = 'notifications.digest.daily';
export const DIGEST_WEEKLY_QUEUE = 'notifications.digest.weekly';
/** Daily at 06:00 UTC (07:00/08:00 in Central Europe), weekly on Mondays at the same time. */
export const DIGEST_DAILY_CRON = '0 6 * * *';
export const DIGEST_WEEKLY_CRON = '0 6 * * 1';

/** Wires the notifications module: in-app list, preferences, follows, unsubscribe, the event worker and digests. */
export function createNotificationsModule(deps: NotificationsDeps) {
  const now = deps.now ?? (() => new Date());
  const content = createContentLookup(deps.db, now);
  const prefs = createPreferences(deps.db);
  const service = createNotificationsService({ ...deps, content, prefs });
  const worker = createNotificationsWorker({ ...deps, content, prefs, service });
  const http: HttpModule = {
    name: 'notifications',
    api: (app) => notificationsRoutes(app, service),
    raw: (app: Hono<AppEnv>) => unsubscribePage(app, service, deps.db),
  };

  return {
    service,
    worker,
    http,
    /**
     * Starts the worker on the spaces' event queue and the digest schedules (job nodes only).
     * pg-boss fires each cron slot once across all nodes; `digest_sent_at` guards against the rest.
     */
    async start(
      jobs: Pick<Jobs, 'work' | 'schedule'>,
      opts: { eventsQueue: string; pollingIntervalSeconds?: number },
    ): Promise<void> {
      const poll = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 };
      await jobs.work<SpaceEvent>(opts.eventsQueue, async (event) => void (await worker.handleEvent(event)), poll);
      await jobs.work(DIGEST_DAILY_QUEUE, async () => void (await worker.runDigest('daily')), poll);
      await jobs.work(DIGEST_WEEKLY_QUEUE, async () => void (await worker.runDigest('weekly')), poll);
      await jobs.schedule(DIGEST_DAILY_QUEUE, DIGEST_DAILY_CRON);
      await jobs.schedule(DIGEST_WEEKLY_QUEUE, DIGEST_WEEKLY_CRON);
    },
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
export { notificationMails } from './mails.ts';
export type { NotificationsDeps, SpacesAccess } from './deps.ts';
