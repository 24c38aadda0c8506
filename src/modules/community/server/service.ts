import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../../platform/http/types.ts';
import { DEFAULT_BRAND } from '../brand.ts';
import type { Community, SetupInput } from '../schema.ts';

/** What the community module needs from accounts and storage (exported service functions only). */
export interface CommunityDeps {
  db: Kysely<any>;
  /** Creates the verified owner account and returns the Set-Cookie headers of a fresh session. */
  createOwner: (input: { name: string; email: string; password: string; locale: string }) => Promise<Headers>;
  logos: {
    storeImage(input: { data: Buffer; ownerId: string; purpose: string; maxSize: number }): Promise<{ id: string; url: string }>;
    removeById(id: string): Promise<void>;
  };
}

interface Row {
  name: string;
  brand_color: string;
  logo_file_id: string | null;
  default_locale: 'de' | 'en' | 'sv';
}

/** The community's identity (name, logo, colour, default language) and first-run setup. */
export function createCommunityService(deps: CommunityDeps) {
  const { db } = deps;
  // Once an owner exists the community stays set up; remember it to save a query per request.
  let setUp = false;

  async function isSetUp(): Promise<boolean> {
    if (setUp) return true;
    const row = await db.selectFrom('users').select('id').where('role', '=', 'owner').limit(1).executeTakeFirst();
    setUp = Boolean(row);
    return setUp;
  }

  async function row(): Promise<Row | undefined> {
    return (await db
      .selectFrom('community')
      .select(['name', 'brand_color', 'logo_file_id', 'default_locale'])
      .executeTakeFirst()) as Row | undefined;
  }

  async function get(): Promise<Community> {
    const r = await row();
    return {
      name: r?.name ?? 'Treffpunkt',
      brandColor: r?.brand_color ?? DEFAULT_BRAND,
      logoUrl: r?.logo_file_id ? `/api/files/${r.logo_file_id}` : null,
      setupNeeded: !(await isSetUp()),
      defaultLocale: r?.default_locale ?? 'de',
    };
  }

  return {
    isSetUp,
    /** Public facts about the community, for every page. */
    get,

    /** First run: creates the owner and names the community. Only possible while no owner exists. */
    async setup(input: SetupInput): Promise<Headers> {
      if (await isSetUp()) throw new AppError('setup_done', 'This community is already set up.', null, { status: 409 });
      const headers = await deps.createOwner({
        name: input.name,
        email: input.email,
        password: input.password,
        locale: input.locale,
      });
      await db
        .insertInto('community')
        .values({ singleton: true, name: input.communityName, brand_color: input.brandColor, default_locale: input.locale })
        .onConflict((oc) =>
          oc.column('singleton').doUpdateSet({
            name: input.communityName,
            brand_color: input.brandColor,
            default_locale: input.locale,
            updated_at: new Date(),
          }),
        )
        .execute();
      setUp = true;
      return headers;
    },

    /** Changes name, colour or default language (admins). */
    async update(_actor: Actor, patch: { name?: string; brandColor?: string; defaultLocale?: string }): Promise<Community> {
      const current = await get();
      await db
        .insertInto('community')
        .values({
          singleton: true,
          name: patch.name ?? current.name,
          brand_color: patch.brandColor ?? current.brandColor,
          default_locale: patch.defaultLocale ?? current.defaultLocale,
        })
        .onConflict((oc) =>
          oc.column('singleton').doUpdateSet({
            name: patch.name ?? current.name,
            brand_color: patch.brandColor ?? current.brandColor,
            default_locale: patch.defaultLocale ?? current.defaultLocale,
            updated_at: new Date(),
          }),
        )
        .execute();
      return get();
    },

    /** Replaces the logo (re-encoded image). */
    async setLogo(actor: Actor, data: Buffer): Promise<Community> {
      const before = await row();
      if (!before) throw new AppError('setup_required', 'Set up the community first.', null, { status: 409 });
      const file = await deps.logos.storeImage({ data, ownerId: actor.id, purpose: 'logo', maxSize: 512 });
      await db.updateTable('community').set({ logo_file_id: file.id, updated_at: new Date() }).execute();
      if (before.logo_file_id) await deps.logos.removeById(before.logo_file_id);
      return get();
    },

    /** Removes the logo; the name alone is shown. */
    async removeLogo(_actor: Actor): Promise<Community> {
      const before = await row();
      await db.updateTable('community').set({ logo_file_id: null, updated_at: new Date() }).execute();
      if (before?.logo_file_id) await deps.logos.removeById(before.logo_file_id);
      return get();
    },
  };
}

export type CommunityService = ReturnType<typeof createCommunityService>;
