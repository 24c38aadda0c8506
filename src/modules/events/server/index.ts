import type { HttpModule } from '../../../platform/http/app.ts';
import type { Actor, Role } from '../../../platform/http/types.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { eventRoutes } from './routes.ts';
import { createEventsService, type EventsDeps } from './service.ts';

export { eventMails } from './mails.ts';

export const EVENTS_TICK_QUEUE = 'events.tick';

/** Wires the events module: API, calendar feeds, and the minute job for reminders and focus days. */
export function createEventsModule(
  deps: EventsDeps & {
    communityName: () => Promise<string>;
    storeCover: (actor: Actor, data: Buffer) => Promise<{ url: string }>;
  },
) {
  const service = createEventsService(deps);
  // A calendar app reads the personal feed without a session; the token names the member.
  const resolveActor = async (userId: string): Promise<Actor | null> => {
    const u = await deps.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'locale'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!u) return null;
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role as Role,
      locale: u.locale,
      sessionId: 'calendar-feed',
    };
  };
  const http: HttpModule = {
    name: 'events',
    api: (app) =>
      eventRoutes(app, service, {
        resolveActor,
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
        },
        opts,
      );
      await jobs.schedule(EVENTS_TICK_QUEUE, '* * * * *', {});
    },
  };
}
