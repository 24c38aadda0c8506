import { describe, expect, it } from 'vitest';
import { createMailRegistry, type MailModule, renderMail, textOn } from './index.ts';

const demo: MailModule = {
  namespace: 'demo',
  catalogues: {
    de: {
      subject: 'Hallo {{name}}',
      greeting: 'Hallo {{name}},',
      body: 'Willkommen bei {{community}}.',
      go: 'Los',
    },
    en: { subject: 'Hello {{name}}', greeting: 'Hi {{name}},', body: 'Welcome to {{community}}.', go: 'Go' },
    sv: {
      subject: 'Hej {{name}}',
      greeting: 'Hej {{name}},',
      body: 'Välkommen till {{community}}.',
      go: 'Kör',
    },
  },
  templates: {
    welcome: {
      subject: 'subject',
      greeting: 'greeting',
      paragraphs: ['body'],
      action: { label: 'go', urlKey: 'url' },
    },
  },
};
const registry = createMailRegistry([demo]);
const community = { name: 'Chor & Co', brandColor: '#2f6f5e' };
const url = 'https://example.org/verify?token=a&b=c';

describe('renderMail', () => {
  it('renders text and HTML in the asked language with the link intact', () => {
    const m = renderMail(registry, {
      template: 'demo.welcome',
      locale: 'sv',
      data: { name: 'Åsa', url },
      community,
    });
    expect(m.subject).toBe('Hej Åsa');
    expect(m.text).toContain('Välkommen till Chor & Co.');
    expect(m.text).toContain(`Kör: ${url}\n`);
    expect(m.html).toContain('lang="sv"');
    expect(m.html).toContain('href="https://example.org/verify?token=a&amp;b=c"');
    expect(m.html).toContain('Chor &amp; Co');
  });

  it('falls back to German for an unknown locale', () => {
    const m = renderMail(registry, {
      template: 'demo.welcome',
      locale: 'fr',
      data: { name: 'Jo', url },
      community,
    });
    expect(m.subject).toBe('Hallo Jo');
    expect(m.html).toContain('lang="de"');
  });

  it('escapes interpolated values in HTML but keeps the text part literal', () => {
    const name = '<script>alert(1)</script>';
    const m = renderMail(registry, {
      template: 'demo.welcome',
      locale: 'en',
      data: { name, url },
      community,
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.text).toContain(`Hi ${name},`);
  });

  it('refuses a javascript: action URL', () => {
    expect(() =>
      renderMail(registry, {
        template: 'demo.welcome',
        locale: 'de',
        data: { name: 'x', url: 'javascript:alert(1)' },
        community,
      }),
    ).toThrow(/http/);
  });

  it('puts readable text on the brand colour', () => {
    expect(textOn('#ffeb3b')).toBe('#000000');
    expect(textOn('#1a237e')).toBe('#ffffff');
    const m = renderMail(registry, {
      template: 'demo.welcome',
      locale: 'de',
      data: { name: 'x', url },
      community: { name: 'Gelb', brandColor: '#ffeb3b' },
    });
    expect(m.html).toContain('background:#ffeb3b;color:#000000');
  });
});
