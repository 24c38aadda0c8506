import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/http/types.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { SendMailInput } from '../../../platform/mail/index.ts';

/** What notifications need from the spaces service: its access answers, nothing else. */
export interface SpacesAccess {
  /** The spaces this actor may see. */
  visibleSpaces(actor: Actor): Promise<{ spaces: { id: string; slug: string; name: string; icon: string; optional: boolean }[]; joined: Set<string> }>;
  /** The space if the actor may see it; throws (404) otherwise. */
  requireVisible(actor: Actor, idOrSlug: string): Promise<{ id: string; slug: string; name: string; optional: boolean }>;
}

/** The platform mailer, with the extra headers (List-Unsubscribe) of the mailer patch. */
export interface NotificationMailer {
  // biome-ignore lint/suspicious/noExplicitAny: accepts any module's typed transaction
  send(input: SendMailInput & { headers?: Record<string, string> }, trx?: Kysely<any>): Promise<{ id: string }>;
}

export type Publish = (channel: string, event: { type: string; data: unknown }) => Promise<void>;

/**
 * Moderation hook (mute/block comes with the moderation module): returns the recipients who must not
 * hear of `actorId`'s activity. The default keeps everyone.
 */
export type Silenced = (recipientIds: string[], actorId: string) => Promise<Set<string>>;

export interface NotificationsDeps {
  // biome-ignore lint/suspicious/noExplicitAny: module tables are not in the platform's Database type
  db: Kysely<any>;
  /** The app secret; unsubscribe tokens are HMAC-SHA256 signed with it. */
  secret: string;
  /** Absolute base for links in mails, e.g. https://community.example. */
  publicUrl: string;
  mailer: NotificationMailer;
  /** The realtime bus's publish: `notification.created` goes to `user:<id>`. */
  publish: Publish;
  spaces: SpacesAccess;
  logger: Logger;
  silenced?: Silenced;
  now?: () => Date;
}
