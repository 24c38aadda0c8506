import type { Kysely } from 'kysely';
import type { FileService } from '../../../platform/storage/index.ts';

export const DEMO_COMMUNITY = {
  name: 'Praxis-Community Ressourcenorientierung',
  brandColor: '#2f6f5e',
  defaultLocale: 'de',
} as const;

/** What the community demo seeder needs; the demo runner provides it. */
export interface CommunityDemoContext {
  // biome-ignore lint/suspicious/noExplicitAny: the demo writes the community's own table
  trx: Kysely<any>;
  files: FileService;
  people: Map<string, { id: string }>;
  initials(text: string, color: string): Promise<Buffer>;
  log(line: string): void;
}

/** Names the community, sets its colour and language, and gives it a logo, in the demo's transaction. */
export async function seedDemo(ctx: CommunityDemoContext): Promise<void> {
  const owner = ctx.people.get('owner');
  const logo = await ctx.files.store(
    {
      data: await ctx.initials('PR', DEMO_COMMUNITY.brandColor),
      ownerId: owner?.id ?? null,
      purpose: 'logo',
      kind: 'image',
      image: { maxWidth: 512, maxHeight: 512 },
    },
    ctx.trx,
  );
  await ctx.trx
    .insertInto('community')
    .values({
      singleton: true,
      name: DEMO_COMMUNITY.name,
      brand_color: DEMO_COMMUNITY.brandColor,
      default_locale: DEMO_COMMUNITY.defaultLocale,
      logo_file_id: logo.id,
    })
    .execute();
  ctx.log(`Community: „${DEMO_COMMUNITY.name}“ with logo and brand colour ${DEMO_COMMUNITY.brandColor}`);
}
