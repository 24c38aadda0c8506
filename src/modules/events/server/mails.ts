import type { MailModule, MailTemplate } from '../../../platform/mail/index.ts';
import de from './mail-i18n/de.json' with { type: 'json' };
import en from './mail-i18n/en.json' with { type: 'json' };
import sv from './mail-i18n/sv.json' with { type: 'json' };

function mail(key: string, paragraphs: string[]): MailTemplate {
  return {
    subject: `${key}.subject`,
    greeting: 'greeting',
    paragraphs: paragraphs.map((p) => `${key}.${p}`),
    action: { label: `${key}.action`, urlKey: 'url' },
    footer: 'footer',
  };
}

/**
 * The events module's mails. Those that change a calendar (confirmed, promoted, updated, cancelled,
 * declined) carry an iTIP part, so mail clients offer to add, update or remove the entry.
 */
export const eventMails: MailModule = {
  namespace: 'events',
  catalogues: { de, en, sv },
  templates: {
    confirmed: mail('confirmed', ['intro', 'when', 'place', 'calendar']),
    waitlisted: mail('waitlisted', ['intro', 'when', 'after']),
    promoted: mail('promoted', ['intro', 'when', 'place', 'calendar']),
    updated: mail('updated', ['intro', 'when', 'place', 'note']),
    cancelled: mail('cancelled', ['intro', 'when', 'note']),
    declined: mail('declined', ['intro', 'when']),
    reminder: mail('reminder', ['intro', 'when', 'place']),
  },
};
