import { type Kysely, sql } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { Space } from '../schema.ts';
import { canPostInSpace, canViewSpace, type GrantsProvider, isHost, type SpaceAccessInfo } from './policy.ts';

export interface SpaceRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  icon: string;
  position: number;
  kind: 'discussion' | 'announcement';
  visibility: 'public' | 'members' | 'restricted';
  optional: boolean;
  archived_at: Date | null;
  grants: string[];
}

export function accessInfo(s: SpaceRow): SpaceAccessInfo {
  return { visibility: s.visibility, kind: s.kind, grants: s.grants, archived: s.archived_at !== null };
}

function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return base.length >= 2 ? base : `space-${base || 'x'}`;
}

export interface SpaceInput {
  name: string;
  slug?: string;
  description: string;
  icon: string;
  position?: number;
  kind: SpaceRow['kind'];
  visibility: SpaceRow['visibility'];
  optional: boolean;
  grants: string[];
}

export interface SpacesDeps {
  db: Kysely<any>;
  grants: GrantsProvider;
}

/** Spaces: which exist, who sees them, who is in them. Every function takes the actor first. */
export function createSpacesService(deps: SpacesDeps) {
  const { db } = deps;

  /**
   * Every request needs the space list and its grants; they change rarely. The list is kept per node
   * and reloaded when `cache_versions.spaces` (bumped by a trigger on spaces and space_grants, by any
   * node) differs from the version it was loaded at. Rows are frozen: callers share them.
   */
  let cached: { version: bigint; rows: SpaceRow[] } | null = null;

  async function rowsAt(version: bigint): Promise<SpaceRow[]> {
    // Any other version (also an older one, after a restore) reloads: rows loaded after reading
    // `version` are at least that new.
    if (cached?.version === version) return cached.rows;
    const rows = (await loadSpaces()).map((r) => Object.freeze({ ...r, grants: Object.freeze(r.grants) as string[] }));
    cached = { version, rows };
    return rows;
  }

  async function allSpaces(): Promise<SpaceRow[]> {
    const row = await db.selectFrom('cache_versions').select('version').where('name', '=', 'spaces').executeTakeFirst();
    return rowsAt(BigInt(row?.version ?? 0));
  }

  async function loadSpaces(): Promise<SpaceRow[]> {
    const rows = await db
      .selectFrom('spaces as s')
      .select([
        's.id',
        's.slug',
        's.name',
        's.description',
        's.icon',
        's.position',
        's.kind',
        's.visibility',
        's.optional',
        's.archived_at',
      ])
      .select((eb) =>
        eb.fn
          .coalesce(
            eb
              .selectFrom('space_grants as g')
              .select(eb.fn.agg<string[]>('array_agg', ['g.grant_key']).as('k'))
              .whereRef('g.space_id', '=', 's.id'),
            eb.val([] as string[]),
          )
          .as('grants'),
      )
      .orderBy('s.position')
      .orderBy('s.name')
      .execute();
    return rows as SpaceRow[];
  }

  async function grantsOf(actor: Actor | null): Promise<Set<string>> {
    return actor ? deps.grants(actor) : new Set();
  }

  /** The spaces this actor may see, with the ids of the optional ones they joined. */
  async function visibleSpaces(actor: Actor | null): Promise<{ spaces: SpaceRow[]; joined: Set<string> }> {
    if (!actor) return { spaces: (await allSpaces()).filter((s) => canViewSpace(null, accessInfo(s), new Set())), joined: new Set() };
    // The list's version and the optional spaces the actor joined, in one round trip (next to the grants).
    const [grants, mine] = await Promise.all([
      grantsOf(actor),
      sql<{ version: string | null; joined: string[] }>`
        select (select version from cache_versions where name = 'spaces') as version,
               array(select space_id::text from space_members where user_id = ${actor.id}) as joined`.execute(db),
    ]);
    const row = mine.rows[0]!;
    const spaces = (await rowsAt(BigInt(row.version ?? 0))).filter((s) => canViewSpace(actor, accessInfo(s), grants));
    return { spaces, joined: new Set(row.joined) };
  }

  function present(actor: Actor | null, s: SpaceRow, grants: Set<string>, joined: Set<string>): Space {
    return {
      id: s.id,
      slug: s.slug,
      name: s.name,
      description: s.description,
      icon: s.icon,
      position: s.position,
      kind: s.kind,
      visibility: s.visibility,
      optional: s.optional,
      grants: s.grants,
      joined: Boolean(actor) && (!s.optional || joined.has(s.id)),
      canPost: canPostInSpace(actor, accessInfo(s), grants),
      canManage: isHost(actor),
    };
  }

  /** Loads a space the actor may see, by id or slug; 404 otherwise (never reveals hidden spaces). */
  async function requireVisible(actor: Actor | null, idOrSlug: string): Promise<SpaceRow> {
    const grants = await grantsOf(actor);
    const s = (await allSpaces()).find((x) => x.id === idOrSlug || x.slug === idOrSlug);
    if (!s || !canViewSpace(actor, accessInfo(s), grants)) throw new AppError('not_found', 'No such space.');
    return s;
  }

  function requireHost(actor: Actor): void {
    if (!isHost(actor)) throw new AppError('forbidden', 'Only hosts manage spaces.');
  }

  async function uniqueSlug(wanted: string, exceptId?: string): Promise<string> {
    let slug = wanted;
    for (let i = 2; i < 100; i++) {
      let q = db.selectFrom('spaces').select('id').where('slug', '=', slug);
      if (exceptId) q = q.where('id', '!=', exceptId);
      if (!(await q.executeTakeFirst())) return slug;
      slug = `${wanted.slice(0, 55)}-${i}`;
    }
    throw new AppError('conflict', 'Choose another address for this space.');
  }

  return {
    allSpaces,
    grantsOf,
    visibleSpaces,
    requireVisible,

    /** Spaces the actor can see, in the host's order. */
    async list(actor: Actor | null): Promise<Space[]> {
      const grants = await grantsOf(actor);
      const { spaces, joined } = await visibleSpaces(actor);
      return spaces.map((s) => present(actor, s, grants, joined));
    },

    /** One space by id or slug. */
    async get(actor: Actor | null, idOrSlug: string): Promise<Space> {
      // One read of spaces and grants (this runs for every WebSocket subscription, too).
      const grants = await grantsOf(actor);
      const s = (await allSpaces()).find((x) => x.id === idOrSlug || x.slug === idOrSlug);
      if (!s || !canViewSpace(actor, accessInfo(s), grants)) throw new AppError('not_found', 'No such space.');
      const joined = new Set<string>();
      if (actor && s.optional) {
        const m = await db
          .selectFrom('space_members')
          .select('space_id')
          .where('user_id', '=', actor.id)
          .where('space_id', '=', s.id)
          .executeTakeFirst();
        if (m) joined.add(s.id);
      }
      return present(actor, s, grants, joined);
    },

    /** Creates a space (hosts). */
    async create(actor: Actor, input: SpaceInput): Promise<Space> {
      requireHost(actor);
      const id = uuidv7();
      const slug = await uniqueSlug(input.slug ?? slugify(input.name));
      await db.transaction().execute(async (trx) => {
        const max = await trx
          .selectFrom('spaces')
          .select((eb) => eb.fn.max<number>('position').as('m'))
          .executeTakeFirst();
        await trx
          .insertInto('spaces')
          .values({
            id,
            slug,
            name: input.name,
            description: input.description,
            icon: input.icon,
            position: input.position ?? (max?.m ?? -1) + 1,
            kind: input.kind,
            visibility: input.visibility,
            optional: input.optional,
            created_by: actor.id,
          })
          .execute();
        if (input.grants.length) {
          await trx
            .insertInto('space_grants')
            .values([...new Set(input.grants)].map((g) => ({ space_id: id, grant_key: g })))
            .execute();
        }
      });
      return this.get(actor, id);
    },

    /** Changes a space's settings (hosts). */
    async update(actor: Actor, idOrSlug: string, patch: Partial<SpaceInput>): Promise<Space> {
      requireHost(actor);
      const s = await requireVisible(actor, idOrSlug);
      const set: Record<string, unknown> = { updated_at: new Date() };
      for (const k of ['name', 'description', 'icon', 'position', 'kind', 'visibility', 'optional'] as const) {
        if (patch[k] !== undefined) set[k] = patch[k];
      }
      if (patch.slug !== undefined) set.slug = await uniqueSlug(patch.slug, s.id);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('spaces').set(set).where('id', '=', s.id).execute();
        if (patch.grants) {
          await trx.deleteFrom('space_grants').where('space_id', '=', s.id).execute();
          if (patch.grants.length) {
            await trx
              .insertInto('space_grants')
              .values([...new Set(patch.grants)].map((g) => ({ space_id: s.id, grant_key: g })))
              .execute();
          }
        }
      });
      return this.get(actor, s.id);
    },

    /** Archives a space: its content stays, but only hosts see it (hosts). */
    async archive(actor: Actor, idOrSlug: string): Promise<void> {
      requireHost(actor);
      const s = await requireVisible(actor, idOrSlug);
      await db.updateTable('spaces').set({ archived_at: new Date(), updated_at: new Date() }).where('id', '=', s.id).execute();
    },

    /** Joins an optional space. */
    async join(actor: Actor, idOrSlug: string): Promise<Space> {
      const s = await requireVisible(actor, idOrSlug);
      if (!s.optional) throw new AppError('conflict', 'Everyone is in this space already.');
      await db
        .insertInto('space_members')
        .values({ space_id: s.id, user_id: actor.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return this.get(actor, s.id);
    },

    /** Leaves an optional space. */
    async leave(actor: Actor, idOrSlug: string): Promise<Space> {
      const s = await requireVisible(actor, idOrSlug);
      if (!s.optional) throw new AppError('conflict', 'This space cannot be left.');
      await db.deleteFrom('space_members').where('space_id', '=', s.id).where('user_id', '=', actor.id).execute();
      return this.get(actor, s.id);
    },
  };
}

export type SpacesService = ReturnType<typeof createSpacesService>;
