import { sql } from 'kysely';
import type { Treffpunkt } from '../app.ts';
import { type DemoPerson, seedDemo as seedAccounts } from '../modules/accounts/server/demo.ts';
import { seedDemo as seedCommunity } from '../modules/community/server/demo.ts';
import { seedDemo as seedEvents } from '../modules/events/server/demo.ts';
import { seedDemo as seedMemberships } from '../modules/memberships/server/demo.ts';
import { seedDemo as seedSpaces } from '../modules/spaces/server/demo.ts';
import type { Logger } from '../platform/logger.ts';
import { createFileService, type Storage } from '../platform/storage/index.ts';
import { initialsPng } from './images.ts';

/** The password of every demo account; only for demos, never for a real community. */
export const DEMO_PASSWORD = 'demo-passwort-2026';

/** Everything a module's demo seeder may use. Each seeder declares the part it needs. */
export interface DemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: every module writes its own tables through it
  trx: import('kysely').Kysely<any>;
  auth: Treffpunkt['accounts']['auth'];
  files: Treffpunkt['files'];
  password: string;
  /** Filled by the accounts seeder (keys: owner, admin, moderator, member, …). */
  people: Map<string, DemoPerson>;
  initials(text: string, color: string): Promise<Buffer>;
  log(line: string): void;
}

export interface DemoSeeder {
  module: string;
  seed(ctx: DemoContext): Promise<void>;
}

/** Seeders in the order they run; later modules (spaces, events, memberships…) append theirs. */
export const DEMO_SEEDERS: DemoSeeder[] = [
  { module: 'accounts', seed: seedAccounts },
  { module: 'community', seed: seedCommunity },
  { module: 'spaces', seed: seedSpaces },
  { module: 'memberships', seed: seedMemberships },
  { module: 'events', seed: seedEvents },
];

/** An expected refusal, e.g. the install is not empty. */
export class DemoError extends Error {
  override name = 'DemoError';
}

export interface DemoSummary {
  people: DemoPerson[];
  password: string;
}

/**
 * Fills an empty install with the demo community. All rows are written in one transaction, so a
 * failing seeder leaves nothing behind; uploads made on the way are removed again in that case.
 */
export async function runDemo(opts: {
  app: Treffpunkt;
  storage: Storage;
  maxBytes: number;
  logger: Logger;
  password?: string;
  log?: (line: string) => void;
  seeders?: DemoSeeder[];
}): Promise<DemoSummary> {
  const { app } = opts;
  const written: string[] = [];
  const recording: Storage = {
    ...opts.storage,
    async put(key, body, contentType) {
      await opts.storage.put(key, body, contentType);
      written.push(key);
    },
  };
  const files = createFileService({
    db: app.database.db,
    storage: recording,
    maxBytes: opts.maxBytes,
    logger: opts.logger,
  });
  const people = new Map<string, DemoPerson>();
  const password = opts.password ?? DEMO_PASSWORD;
  try {
    await app.database.db.transaction().execute(async (trx) => {
      // Hold off sign-ups until the demo is in, then check that nobody is here yet.
      await sql`lock table users in exclusive mode`.execute(trx);
      const anyone = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (anyone) {
        throw new DemoError(
          'This install already has accounts, so no demo data was added. ' +
            'The demo only fills a new, empty install (start with an empty DATA_DIR or database).',
        );
      }
      const ctx: DemoContext = {
        trx,
        auth: app.accounts.auth,
        files,
        password,
        people,
        initials: initialsPng,
        log: opts.log ?? (() => {}),
      };
      for (const seeder of opts.seeders ?? DEMO_SEEDERS) {
        try {
          await seeder.seed(ctx);
        } catch (err) {
          if (err instanceof DemoError) throw err;
          const why = err instanceof Error ? err.message : String(err);
          throw new DemoError(
            `The ${seeder.module} demo data could not be created (${why}); nothing was added.`,
            {
              cause: err,
            },
          );
        }
      }
    });
  } catch (err) {
    for (const key of written) await opts.storage.delete(key).catch(() => {});
    throw err;
  }
  return { people: [...people.values()], password };
}
