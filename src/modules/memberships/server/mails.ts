import type { MailModule, MailTemplate } from '../../../platform/mail/index.ts';
import de from './mail-i18n/de.json' with { type: 'json' };
import en from './mail-i18n/en.json' with { type: 'json' };
import sv from './mail-i18n/sv.json' with { type: 'json' };

function mail(key: string, paragraphs: string[], action: string | null, footer = 'footer'): MailTemplate {
  return {
    subject: `${key}.subject`,
    greeting: 'greeting',
    paragraphs: paragraphs.map((p) => `${key}.${p}`),
    ...(action ? { action: { label: `${key}.${action}`, urlKey: 'url' } } : {}),
    footer,
  };
}

/**
 * The memberships module's mails. `interestConfirm` carries no advertising (double opt-in);
 * `hostMail` carries the host's own words (the preparatory sequence, the opening announcement) as
 * plain text with a one-click withdrawal link in its footer.
 */
export const membershipMails: MailModule = {
  namespace: 'memberships',
  catalogues: { de, en, sv },
  templates: {
    interestConfirm: mail('interestConfirm', ['intro', 'consent'], 'action', 'interestConfirm.ignore'),
    hostMail: { subject: 'hostMail.subject', paragraphs: ['hostMail.body'], action: { label: 'hostMail.action', urlKey: 'url' }, footer: 'hostMail.footer' },
    orderPlaced: mail('orderPlaced', ['intro', 'transfer', 'after'], 'action'),
    renewalInvoice: mail('renewalInvoice', ['intro', 'transfer'], 'action'),
    paymentConfirmed: mail('paymentConfirmed', ['intro'], 'action'),
    welcome: mail('welcome', ['intro'], 'action'),
    canceled: mail('canceled', ['intro'], 'action'),
  },
};
