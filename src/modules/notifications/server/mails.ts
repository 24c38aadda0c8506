import type { Catalogue, MailLocale, MailModule, MailTemplate } from '../../../platform/mail/index.ts';
import { mailLocale } from '../../../platform/mail/index.ts';
import type { NotificationKind } from '../schema.ts';
import de from './mail-i18n/de.json' with { type: 'json' };
import en from './mail-i18n/en.json' with { type: 'json' };
import sv from './mail-i18n/sv.json' with { type: 'json' };

/** The catalogue key of each kind (i18next keys stay camelCase). */
export const KIND_KEY: Record<NotificationKind, string> = {
  mention: 'mention',
  reply: 'reply',
  comment_on_post: 'commentOnPost',
  answer: 'answer',
  new_post: 'newPost',
  reflection: 'reflection',
};

function instant(key: string): MailTemplate {
  return {
    subject: `${key}.subject`,
    greeting: 'greeting',
    paragraphs: [`${key}.intro`, 'quote'],
    action: { label: 'open', urlKey: 'url' },
    footer: 'footer',
  };
}

function digest(period: 'daily' | 'weekly'): MailTemplate {
  return {
    subject: `digest.${period}Subject`,
    greeting: 'greeting',
    paragraphs: [`digest.${period}Intro`, 'digest.items'],
    action: { label: 'openAll', urlKey: 'url' },
    footer: 'digest.footer',
  };
}

/**
 * The notifications module's mails (`notifications.mention`, … `notifications.digestDaily`). Data are
 * plain strings (names, titles, snippets of the posts' plain text); the renderer escapes them for HTML.
 */
export const notificationMails: MailModule = {
  namespace: 'notifications',
  catalogues: { de, en, sv },
  templates: {
    ...Object.fromEntries(Object.values(KIND_KEY).map((k) => [k, instant(k)])),
    digestDaily: digest('daily'),
    digestWeekly: digest('weekly'),
  },
};

const catalogues: Record<MailLocale, Catalogue> = { de, en, sv };

/**
 * A small translator over the same catalogues, for text the structured templates cannot express
 * (digest lines, the server-rendered unsubscribe page).
 */
export function translate(locale: string, key: string, vars: Record<string, string> = {}): string {
  const lookup = (cat: Catalogue): string | undefined => {
    let node: string | Catalogue | undefined = cat;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' ? node : undefined;
  };
  const template = lookup(catalogues[mailLocale(locale)]) ?? lookup(de) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
}
