import type { MailModule, MailTemplate } from '../../../platform/mail/index.ts';
import de from './mail-i18n/de.json' with { type: 'json' };
import en from './mail-i18n/en.json' with { type: 'json' };
import sv from './mail-i18n/sv.json' with { type: 'json' };

/** Every account mail greets by name and carries one link: data is always `{ name, url }`. */
export interface AccountMailData {
  name: string;
  url: string;
  [key: string]: string;
}

function linkMail(key: string): MailTemplate {
  return {
    subject: `${key}.subject`,
    greeting: 'greeting',
    paragraphs: [`${key}.intro`, `${key}.validity`],
    action: { label: `${key}.action`, urlKey: 'url' },
    footer: `${key}.ignore`,
  };
}

/** The accounts module's mails, registered under the `accounts` namespace (e.g. `accounts.verifyEmail`). */
export const accountMails: MailModule = {
  namespace: 'accounts',
  catalogues: { de, en, sv },
  templates: {
    verifyEmail: linkMail('verifyEmail'),
    resetPassword: linkMail('resetPassword'),
    magicLink: linkMail('magicLink'),
    changeEmail: linkMail('changeEmail'),
    existingSignUp: {
      subject: 'existingSignUp.subject',
      greeting: 'greeting',
      paragraphs: ['existingSignUp.intro', 'existingSignUp.hint'],
      action: { label: 'existingSignUp.action', urlKey: 'url' },
      footer: 'existingSignUp.ignore',
    },
  },
};

export type AccountMailName = `accounts.${keyof typeof accountMails.templates & string}`;
