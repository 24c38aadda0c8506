import type { HttpModule } from '../../../platform/http/app.ts';
import type { Actor } from '../../../platform/http/types.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { eventRoutes } from './routes.ts';
import { createEventsService, type EventsDeps } from './service.ts';

export { eventMails } from './mails.ts';

export const EVENTS_TICK_QUEUE = 'events.tick';

/** Wires the events module: API, calendar feeds, and the minute job for reminders and focus days. */
export function createEventsModule(
  deps: EventsDeps & {
    communityName: () => Promise<string>;
    /** A calendar app reads the personal feed without a session; the token names the member. */
    actorById: (userId: string) => Promise<Actor | null>;
    storeCover: (actor: Actor, data: Buffer) => Promise<{ url: string }>;
  },
) {
  const service = createEventsService(deps);
  const http: HttpModule = {
    name: 'events',
    api: (app) =>
      eventRoutes(app, service, {
        resolveActor: deps.actorById,
        communityName: deps.communityName,
        storeCover: deps.storeCover,
      }),
  };
  return {
    service,
    http,
    /** Reminders and focus-day threads, every minute; each reminder is claimed per member and date, so nodes never double-send. */
    async start(jobs: Jobs, opts: { pollingIntervalSeconds?: number } = {}) {
      await jobs.work(
        EVENTS_TICK_QUEUE,
        async () => {
          await service.reminderTick();
          await service.focusTick();
          await service.pruneChanges();
        },
        opts,
      );
      await jobs.schedule(EVENTS_TICK_QUEUE, '* * * * *', {});
    },
  };
}
