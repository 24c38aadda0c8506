import type { Kysely } from 'kysely';
import type { HttpModule } from '../../../platform/http/app.ts';
import { createAttachmentsService } from './attachments.ts';
import { createCommentsService } from './comments.ts';
import type { GrantsProvider } from './policy.ts';
import { createPostsService, type Emitter, type Previewer, type Publisher, type Renderer } from './posts.ts';
import { spacesRoutes } from './routes.ts';
import { createSpacesService } from './spaces.ts';

export interface SpacesModuleDeps {
  db: Kysely<any>;
  files: Pick<import('../../../platform/storage/index.ts').FileService, 'store' | 'get'>;
  grants: GrantsProvider;
  render: Renderer;
  preview: Previewer;
  publish: Publisher;
  emit: Emitter;
  announceLater?: (trx: Kysely<any>, post: { postId: string; spaceId: string }, at: Date) => Promise<void>;
  moderation?: {
    needsApproval(actor: import('../../../platform/http/types.ts').Actor): Promise<boolean>;
    mutedBy(actor: import('../../../platform/http/types.ts').Actor): Promise<string[]>;
    mutedQuery?(actor: import('../../../platform/http/types.ts').Actor): import('kysely').Expression<any>;
  };
  now?: () => Date;
}

/** Wires the spaces module: spaces, posts, comments, reactions, polls, feeds. */
export function createSpacesModule(deps: SpacesModuleDeps) {
  const spaces = createSpacesService({ db: deps.db, grants: deps.grants });
  const attachments = createAttachmentsService({
    db: deps.db,
    files: deps.files,
    requirePost: (actor, id) => posts.requirePost(actor, id),
  });
  const posts = createPostsService({ ...deps, spaces, attach: attachments.attach });
  const comments = createCommentsService({ ...deps, posts });
  const http: HttpModule = { name: 'spaces', api: (app) => spacesRoutes(app, { spaces, posts, comments, attachments }) };
  return { spaces, posts, comments, attachments, http };
}

export type SpacesModule = ReturnType<typeof createSpacesModule>;
export type { SpaceEvent } from './posts.ts';
export const SPACE_EVENTS_QUEUE = 'spaces.event';
/** Delayed jobs that announce scheduled posts to live viewers when they appear. */
export const SPACE_ANNOUNCE_QUEUE = 'spaces.announce';
