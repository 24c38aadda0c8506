import { describe, expect, it } from 'vitest';
import { createMailRegistry, renderMail } from '../../../platform/mail/index.ts';
import { snippet } from './content.ts';
import { notificationMails, translate } from './mails.ts';
import { candidates } from './recipients.ts';
import { signUnsubscribeToken, verifyUnsubscribeToken } from './tokens.ts';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

describe('unsubscribe tokens', () => {
  const claims = { userId: 'u-1', scope: 'new_post' as const, spaceId: '01937a1c-7c3e-7000-8000-000000000001' };

  it('round-trips the claims with an issue time', () => {
    const token = signUnsubscribeToken(SECRET, claims, new Date('2026-11-21T10:00:00Z'));
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ...claims, issuedAt: Date.parse('2026-11-21T10:00:00Z') / 1000 });
  });

  it('refuses tampered payloads and signatures, foreign secrets and garbage', () => {
    const token = signUnsubscribeToken(SECRET, claims);
    const [payload, sig] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ u: 'u-2', k: 'new_post', s: null, t: 1 })).toString('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${other}.${sig}`)).toBeNull();
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${flipped}`)).toBeNull();
    // Every other last character, too (base64url padding bits must not make a second valid spelling).
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (c !== sig.at(-1)) expect(verifyUnsubscribeToken(SECRET, `${payload}.${sig.slice(0, -1)}${c}`)).toBeNull();
    }
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${sig.slice(0, 10)}`)).toBeNull();
    expect(verifyUnsubscribeToken(`${SECRET}x`, token)).toBeNull();
    for (const bad of ['', '.', 'a.b.c', `${payload}.`, '<script>.x', `${token}.x`]) expect(verifyUnsubscribeToken(SECRET, bad)).toBeNull();
  });
});

describe('recipients', () => {
  const audience = { followers: async () => ['f1', 'author', 'm1'], everyone: async () => ['e1', 'e2', 'author'] };

  it('gives each member one notification of the most specific kind, never the actor', async () => {
    const r = await candidates(
      {
        type: 'comment.created',
        commentId: 'c',
        postId: 'p',
        spaceId: 's',
        authorId: 'author',
        postAuthorId: 'owner',
        parentAuthorId: 'parent',
        mentions: ['parent', 'm1', 'author', 'owner'],
      },
      audience,
    );
    expect(Object.fromEntries(r.byUser)).toEqual({ parent: 'reply', m1: 'mention', owner: 'mention' });
  });

  it('sends new posts to followers and reflection questions to everyone in the space', async () => {
    const post = await candidates({ type: 'post.published', postId: 'p', spaceId: 's', authorId: 'author', kind: 'discussion', mentions: ['m1'] }, audience);
    expect(Object.fromEntries(post.byUser)).toEqual({ f1: 'new_post', m1: 'mention' });
    const reflection = await candidates({ type: 'post.published', postId: 'p', spaceId: 's', authorId: 'author', kind: 'reflection', mentions: [] }, audience);
    expect(Object.fromEntries(reflection.byUser)).toEqual({ e1: 'reflection', e2: 'reflection' });
    const answer = await candidates({ type: 'answer.marked', postId: 'p', spaceId: 's', commentId: 'c', commentAuthorId: 'author', byId: 'author' }, audience);
    expect(answer.byUser.size).toBe(0);
  });
});

describe('notification mails', () => {
  const registry = createMailRegistry([notificationMails]);
  const data = {
    name: 'Ben',
    actor: 'Mia',
    space: 'Lounge',
    title: 'Gute Einstiege',
    snippet: '<img src=x onerror=alert(1)> & mehr',
    url: 'https://example.org/posts/1',
    unsubscribeUrl: 'https://example.org/unsubscribe?token=t',
    settingsUrl: 'https://example.org/settings/notifications',
  };

  it('speaks informal German and escapes member text in HTML', () => {
    const m = renderMail(registry, { template: 'notifications.mention', locale: 'de', data, community: { name: 'Treff', brandColor: '#2f6f5e' } });
    expect(m.subject).toBe('Mia hat dich in „Gute Einstiege“ erwähnt');
    expect(m.text).toContain('„<img src=x onerror=alert(1)> & mehr“');
    expect(m.html).not.toContain('<img src=x');
    expect(m.html).toContain('&lt;img src=x');
    expect(m.text).toContain('https://example.org/unsubscribe?token=t');
  });

  it('has every template in English and Swedish', () => {
    for (const name of registry.names()) {
      for (const locale of ['en', 'sv']) {
        const m = renderMail(registry, { template: name, locale, data: { ...data, n: '2', items: 'x' }, community: { name: 'T', brandColor: '#000000' } });
        expect(m.subject, `${name} ${locale}`).not.toMatch(/\{\{|^[a-z]+\.[a-zA-Z.]+$/);
      }
    }
    expect(translate('sv', 'scope.newPostIn', { space: 'Lounge' })).toBe('nya inlägg i ”Lounge”');
  });

  it('shortens snippets on word boundaries', () => {
    expect(snippet('  eins   zwei drei ')).toBe('eins zwei drei');
    expect(snippet('wort '.repeat(100), 20)).toBe('wort wort wort wort…');
  });
});
