import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createAdminModule } from './modules/admin/server/index.ts';
import { accountMails } from './modules/accounts/server/mails.ts';
import { createAccountsModule } from './modules/accounts/server/index.ts';
import { DEFAULT_BRAND } from './modules/community/brand.ts';
import { createCommunityModule } from './modules/community/server/index.ts';
import { createEventsModule, eventMails } from './modules/events/server/index.ts';
import { createMembershipsModule, membershipMails } from './modules/memberships/server/index.ts';
import { createModerationModule } from './modules/moderation/server/index.ts';
import { createNotificationsModule, notificationMails } from './modules/notifications/server/index.ts';
import { createSearchModule } from './modules/search/server/index.ts';
import type { ModerationService } from './modules/moderation/server/service.ts';
import { createSpacesModule, SPACE_ANNOUNCE_QUEUE, SPACE_EVENTS_QUEUE } from './modules/spaces/server/index.ts';
import { createLinkPreviewer, findMentionHandles, renderMarkdown } from './platform/content/index.ts';
import type { Config } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db/index.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { type Api, createHttpApp } from './platform/http/app.ts';
import { requestOrigins } from './platform/http/csrf.ts';
import { AppError } from './platform/http/errors.ts';
import { spaRoutes } from './platform/http/static.ts';
import { createJobs, type Jobs } from './platform/jobs/index.ts';
import type { Logger } from './platform/logger.ts';
import { createMailer, createMailRegistry, type Mailer } from './platform/mail/index.ts';
import { createMetrics } from './platform/metrics.ts';
import {
  type Bus,
  channelPolicies,
  createPgBus,
  createRealtimeModule,
  type RealtimeModule,
  userChannel,
} from './platform/realtime/index.ts';
import { createFileService, createStorage, type FileService, filesModule } from './platform/storage/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = process.env.TREFFPUNKT_WEB_DIST ? path.resolve(process.env.TREFFPUNKT_WEB_DIST) : path.join(ROOT, 'dist', 'web');

/** The secret for sessions and signed links: AUTH_SECRET, else one generated once into DATA_DIR. */
export function authSecret(config: Config): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = path.join(config.dataDir, 'auth.secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export interface Treffpunkt {
  app: Api;
  database: Database;
  jobs: Jobs;
  mailer: Mailer;
  files: FileService;
  accounts: ReturnType<typeof createAccountsModule>;
  community: ReturnType<typeof createCommunityModule>;
  spaces: ReturnType<typeof createSpacesModule>;
  moderation: ReturnType<typeof createModerationModule>;
  notifications: ReturnType<typeof createNotificationsModule>;
  search: ReturnType<typeof createSearchModule>;
  memberships: ReturnType<typeof createMembershipsModule>;
  events: ReturnType<typeof createEventsModule>;
  /** Realtime pub/sub across nodes (PostgreSQL LISTEN/NOTIFY); publish after commit. */
  bus: Bus;
  /** The WebSocket endpoint `/api/ws`; the server calls `injectWebSocket` after `serve()`. */
  realtime: RealtimeModule;
  /** Starts the job queue and, when this node runs jobs, the workers. */
  start(): Promise<void>;
  /** Stops workers and closes the pool; the HTTP server is closed by the caller first. */
  stop(): Promise<void>;
}

/**
 * The composition root of one app node: opens the database, migrates, wires platform services and
 * every module, and assembles the HTTP app. `main.ts` adds the HTTP server and signal handling;
 * tests call this directly against a cloned database.
 */
export async function createTreffpunkt(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  migrate?: boolean;
}): Promise<Treffpunkt> {
  const { config, logger } = opts;
  const database = openDatabase(opts.databaseUrl);
  const { db } = database;
  if (opts.migrate !== false) {
    const { applied } = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }

  const metrics = createMetrics();
  const jobs = createJobs({
    connectionString: opts.databaseUrl,
    logger: logger.child({ component: 'jobs' }),
    retry: config.NODE_ENV === 'test' ? { retryDelay: 1, retryBackoff: false } : undefined,
  });
  const storage = createStorage(config);
  const files = createFileService({ db, storage, maxBytes: config.UPLOAD_MAX_BYTES, logger });

  // Modules wire to each other through exported service functions, set up in this order.
  let communityRef: ReturnType<typeof createCommunityModule> | null = null;
  const registry = createMailRegistry([accountMails, notificationMails, membershipMails, eventMails]);
  const mailer = createMailer({
    db,
    jobs,
    logger: logger.child({ component: 'mail' }),
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    registry,
    community: async (trx) => {
      const c = await trx.selectFrom('community').select(['name', 'brand_color']).executeTakeFirst();
      return { name: (c?.name as string | undefined) ?? 'Treffpunkt', brandColor: (c?.brand_color as string | undefined) ?? DEFAULT_BRAND };
    },
  });

  const avatars = {
    storeImage: async (input: { data: Buffer; ownerId: string; purpose: string; maxSize: number }) =>
      files.store({
        data: input.data,
        ownerId: input.ownerId,
        purpose: input.purpose,
        kind: 'image',
        image: { maxWidth: input.maxSize, maxHeight: input.maxSize },
      }),
    removeByUrl: async (url: string) => {
      const id = url.match(/^\/api\/files\/([0-9a-f-]{36})$/)?.[1];
      if (id) await files.remove(id);
    },
    removeById: (id: string) => files.remove(id),
  };

  const accounts = createAccountsModule({
    db,
    secret: authSecret(config),
    publicUrl: config.publicUrl,
    rateLimit: config.RATE_LIMIT,
    logger: logger.child({ component: 'auth' }),
    trustProxy: config.TRUST_PROXY,
    trustedOrigins: (req) => (req ? requestOrigins(req, config.publicUrl, config.TRUST_PROXY) : [config.publicUrl]),
    sendMail: async (msg) => void (await mailer.send(msg)),
    localeFor: async (user) => {
      const l = (user as { locale?: unknown }).locale;
      if (l === 'de' || l === 'en' || l === 'sv') return l;
      return (await communityRef!.service.get()).defaultLocale;
    },
    avatars,
    isSetUp: () => communityRef!.service.isSetUp(),
  });
  const community = createCommunityModule({ db, createOwner: accounts.createOwner, logos: avatars });
  communityRef = community;
  const admin = createAdminModule({ mailer });
  // Memberships decide who holds which grants (tiers, products, "member"); spaces and everything
  // gated later ask through that one provider.
  const memberships = createMembershipsModule({
    db,
    sendMail: (input, trx) => mailer.send(input, trx),
    secret: authSecret(config),
    publicUrl: config.publicUrl,
    render: (md) => renderMarkdown(md, { field: 'pitch', topicUrl: (t) => `/search?q=${encodeURIComponent(`#${t}`)}` }).html,
    community: async () => {
      const c = await community.service.get();
      return { name: c.name, brandColor: c.brandColor, logoUrl: c.logoUrl, defaultLocale: c.defaultLocale };
    },
    logger: logger.child({ component: 'memberships' }),
    stripeApiBase: config.STRIPE_API_BASE,
    trustProxy: config.TRUST_PROXY,
  });
  // The pg bus also serves a single node: one code path everywhere, and a second node is only
  // configuration. The memory bus is for unit tests.
  const bus = createPgBus({
    connectionString: opts.databaseUrl,
    logger: logger.child({ component: 'realtime' }),
    pool: database.pool,
  });
  const previewer = createLinkPreviewer({
    allowPrivateNetworks: config.NODE_ENV === 'test',
    logger: logger.child({ component: 'link-preview' }),
  });
  // Spaces asks moderation (approval, mutes); moderation acts through spaces' services.
  let moderationRef: ModerationService | null = null;
  const spaces = createSpacesModule({
    db,
    files,
    moderation: {
      needsApproval: (actor) => moderationRef!.needsApproval(actor),
      mutedBy: (actor) => moderationRef!.mutedBy(actor),
      mutedQuery: (actor) => moderationRef!.mutedQuery(actor),
    },
    grants: (actor) => memberships.service.grants(actor),
    render: async (md) => {
      // Mentions resolve in one query before the (synchronous) render.
      const members = await accounts.service.resolveHandles(findMentionHandles(md));
      return renderMarkdown(md, {
        resolveMention: (handle) => {
          const m = members.get(handle.toLowerCase());
          return m ? { id: m.id, name: m.name, url: `/members/${m.id}` } : null;
        },
        topicUrl: (topic) => `/search?q=${encodeURIComponent(`#${topic}`)}`,
      });
    },
    announceLater: async (trx, post, at) => {
      await jobs.sendInTransaction(trx, SPACE_ANNOUNCE_QUEUE, post, { startAfter: at });
    },
    // Durable: the event is a job committed with the change; notifications work on it.
    emit: async (trx, event, o) => {
      await jobs.sendInTransaction(trx, SPACE_EVENTS_QUEUE, event, o?.at ? { startAfter: o.at } : undefined);
    },
    preview: (url) => previewer.preview(url),
    publish: (channel, event) => bus.publish(channel, event),
  });

  const moderation = createModerationModule({ db, posts: spaces.posts, comments: spaces.comments });
  moderationRef = moderation.service;

  // Search reads the spaces module's visibility rule and moderation's mutes; its vectors are generated columns.
  const search = createSearchModule({ db, spaces: spaces.spaces, muted: (actor) => moderationRef!.mutedBy(actor) });

  const notifications = createNotificationsModule({
    db,
    secret: authSecret(config),
    publicUrl: config.publicUrl,
    mailer,
    publish: (channel, event) => bus.publish(channel, event),
    spaces: spaces.spaces,
    // Members who blocked the actor hear nothing of them.
    silenced: async (_recipients, actorId) => new Set(await moderation.service.blockedBy(actorId)),
    logger: logger.child({ component: 'notifications' }),
  });

  // Events are gated by the same grants as spaces, and a space's event only shows to those who see the space.
  const events = createEventsModule({
    db,
    grants: (actor) => memberships.service.grants(actor),
    visibleSpaces: async (actor) => (await spaces.spaces.list(actor)).map((x) => ({ id: x.id, slug: x.slug, name: x.name, icon: x.icon })),
    render: async (md) => renderMarkdown(md, { topicUrl: (topic) => `/search?q=${encodeURIComponent(`#${topic}`)}` }).html,
    sendMail: (input, trx) => mailer.send(input, trx),
    // The bell counts through the notifications module's own rule (what the member may still see).
    publish: async (userId) => {
      const actor = await accounts.service.actorById(userId, 'event-notice');
      if (!actor) return;
      await bus.publish(userChannel(userId), { type: 'notification.created', data: { unreadCount: await notifications.service.unreadCount(actor) } });
    },
    createPost: async (authorId, spaceId, input) => {
      const author = await accounts.service.actorById(authorId, 'focus-day');
      if (!author) throw new Error(`Focus day author ${authorId} no longer exists`);
      return (await spaces.posts.create(author, spaceId, { kind: 'discussion', title: input.title, body: input.body })).id;
    },
    actorById: (id) => accounts.service.actorById(id, 'calendar-feed'),
    communityName: async () => (await community.service.get()).name,
    storeCover: async (actor, data) => {
      const f = await files.store({ data, ownerId: actor.id, purpose: 'event-cover', kind: 'image', image: { maxWidth: 1600, maxHeight: 900 } });
      return { url: `/api/files/${f.id}` };
    },
    secret: authSecret(config),
    publicUrl: config.publicUrl,
    logger: logger.child({ component: 'events' }),
  });

  const realtime = createRealtimeModule({
    bus,
    resolveActor: (req) => accounts.resolveActor(req),
    // One policy per channel kind; `user:<id>` is decided by the realtime module itself.
    authorize: channelPolicies({
      space: (actor, id) =>
        spaces.spaces.get(actor, id).then(
          () => true,
          (err) => {
            if (err instanceof AppError && err.code === 'not_found') return false;
            throw err;
          },
        ),
    }),
    logger: logger.child({ component: 'realtime' }),
    publicUrl: config.publicUrl,
    trustProxy: config.TRUST_PROXY,
  });

  const app = createHttpApp({
    config,
    logger,
    metrics,
    checkHealth: async () => void (await sql`select 1`.execute(db)),
    resolveActor: (req) => accounts.resolveActor(req),
    modules: [
      filesModule(files, { canRead: (actor, file) => spaces.attachments.canRead(actor, file) }),
      accounts.http,
      community.http,
      admin.http,
      spaces.http,
      moderation.http,
      notifications.http,
      search.http,
      memberships.http,
      events.http,
      realtime,
    ],
    web: spaRoutes(WEB_DIST, async () => {
      const c = await community.service.get();
      return { title: c.name, lang: c.defaultLocale };
    }),
  });

  let started = false;
  return {
    app,
    database,
    jobs,
    mailer,
    files,
    accounts,
    community,
    spaces,
    moderation,
    notifications,
    search,
    memberships,
    events,
    bus,
    realtime,
    async start() {
      // Every node sends jobs; only nodes with JOBS on (the default) also work on them.
      await jobs.start();
      started = true;
      if (config.JOBS) {
        const pollingIntervalSeconds = config.NODE_ENV === 'test' ? 0.5 : 2;
        await mailer.start({ pollingIntervalSeconds });
        // The only consumer of space events; a second one needs a queue of its own (pg-boss gives each job to one worker).
        await notifications.start(jobs, { eventsQueue: SPACE_EVENTS_QUEUE, pollingIntervalSeconds });
        await memberships.start(jobs, { pollingIntervalSeconds });
        await events.start(jobs, { pollingIntervalSeconds });
        // A scheduled reflection question appears in open feeds at its time, without a reload.
        await jobs.work<{ postId: string; spaceId: string }>(
          SPACE_ANNOUNCE_QUEUE,
          (post) => bus.publish(`space:${post.spaceId}`, { type: 'post.created', data: post }),
          { pollingIntervalSeconds },
        );
      }
    },
    async stop() {
      // Sockets first (the server already closed them before its own close; then this is a no-op).
      await realtime.close();
      if (started) await jobs.stop();
      await mailer.stop();
      // better-auth validates the schema in the background at start; let it finish before the pool closes.
      const ctx = (await accounts.auth.$context) as { checkSchema?: () => Promise<unknown> | undefined };
      await ctx.checkSchema?.()?.catch(() => {});
      await bus.close();
      await database.close();
    },
  };
}
