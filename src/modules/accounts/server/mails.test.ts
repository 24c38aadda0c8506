import { describe, expect, it } from 'vitest';
import { createMailRegistry, MAIL_LOCALES, renderMail } from '../../../platform/mail/index.ts';
import { accountMails } from './mails.ts';

const registry = createMailRegistry([accountMails]);
const community = { name: 'Gartenfreunde', brandColor: '#2f6f5e' };
const data = { name: 'Mika', url: 'https://garten.example/x?token=t0k' };

describe('account mails', () => {
  for (const key of Object.keys(accountMails.templates)) {
    for (const locale of MAIL_LOCALES) {
      it(`${key} (${locale}) is fully translated, greets by name and carries the link`, () => {
        const m = renderMail(registry, { template: `accounts.${key}`, locale, data, community });
        // A missing key would come back as the key itself, e.g. "verifyEmail.intro".
        expect(`${m.subject}\n${m.text}`).not.toMatch(
          /\b(verifyEmail|resetPassword|magicLink|changeEmail|existingSignUp)\.\w+|\bgreeting\b/,
        );
        expect(m.text).toContain('Mika');
        expect(m.text).toContain(data.url);
        expect(m.subject).toContain('Gartenfreunde');
      });
    }
  }

  it('says how long each link is valid', () => {
    const text = (key: string, locale: string) =>
      renderMail(registry, { template: `accounts.${key}`, locale, data, community }).text;
    expect(text('verifyEmail', 'de')).toContain('24 Stunden');
    expect(text('resetPassword', 'de')).toContain('1 Stunde');
    expect(text('magicLink', 'de')).toContain('15 Minuten');
    expect(text('magicLink', 'en')).toContain('15 minutes');
    expect(text('resetPassword', 'sv')).toContain('1 timme');
  });

  it('speaks German informally', () => {
    const all = Object.keys(accountMails.templates)
      .map((k) => renderMail(registry, { template: `accounts.${k}`, locale: 'de', data, community }).text)
      .join('\n');
    expect(all).not.toMatch(/\b(Sie|Ihr|Ihre|Ihnen)\b/);
    expect(all).toMatch(/\bdu\b|\bdein/);
  });
});
