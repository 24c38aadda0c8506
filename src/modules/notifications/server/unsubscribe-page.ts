import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AppEnv } from '../../../platform/http/types.ts';
import { escapeHtml, mailLocale } from '../../../platform/mail/index.ts';
import { KIND_KEY, translate } from './mails.ts';
import type { NotificationsService } from './service.ts';
import type { UnsubscribeClaims } from './tokens.ts';

const MAX_FORM_BYTES = 8 * 1024;

/*
 * `/unsubscribe` works without the SPA and without a login: a GET only shows what the link would
 * stop (mail scanners open links), the form POSTs to apply it. No scripts, so the CSP holds.
 */

function page(locale: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;background:#f3f4f6;color:#1b1f24;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5}
main{max-width:32rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgb(16 24 40 / 8%)}
h1{font-size:1.4rem;margin:0 0 1rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#2f6f5e;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #1d4f91;outline-offset:2px}
a{color:#1d4f91}
</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

function what(locale: string, claims: UnsubscribeClaims, spaceName: string | null): string {
  if (claims.scope === 'digest_daily') return translate(locale, 'scope.digestDaily');
  if (claims.scope === 'digest_weekly') return translate(locale, 'scope.digestWeekly');
  if (claims.scope === 'new_post' && spaceName) return translate(locale, 'scope.newPostIn', { space: spaceName });
  return translate(locale, `scope.${KIND_KEY[claims.scope]}`);
}

function acceptLocale(c: Context): string {
  const header = c.req.header('Accept-Language') ?? '';
  const first = header.split(',')[0]?.trim() ?? '';
  return mailLocale(first || 'de');
}

/** The raw `/unsubscribe` routes (GET: confirmation page, POST: apply and show the result). */
// biome-ignore lint/suspicious/noExplicitAny: reads the member's language and the space's name
export function unsubscribePage(app: Hono<AppEnv>, s: NotificationsService, db: Kysely<any>) {
  async function context(claims: UnsubscribeClaims) {
    const [user, space] = await Promise.all([
      db.selectFrom('users').select('locale').where('id', '=', claims.userId).executeTakeFirst(),
      claims.spaceId ? db.selectFrom('spaces').select('name').where('id', '=', claims.spaceId).executeTakeFirst() : undefined,
    ]);
    return { locale: mailLocale((user?.locale as string | undefined) ?? 'de'), spaceName: (space?.name as string | undefined) ?? null };
  }

  function invalid(c: Context) {
    const locale = acceptLocale(c);
    return c.html(page(locale, translate(locale, 'page.invalidTitle'), `<p>${escapeHtml(translate(locale, 'page.invalid'))}</p>`), 400);
  }

  function noStore(c: Context) {
    c.header('Cache-Control', 'no-store');
    // The token is in the URL: never hand it to another site.
    c.header('Referrer-Policy', 'no-referrer');
  }

  app.get('/unsubscribe', async (c) => {
    noStore(c);
    const token = c.req.query('token') ?? '';
    const claims = s.verify(token);
    if (!claims) return invalid(c);
    const { locale, spaceName } = await context(claims);
    const body =
      `<p>${escapeHtml(translate(locale, 'page.confirm', { what: what(locale, claims, spaceName) }))}</p>` +
      `<form method="post" action="/unsubscribe"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
      `<button type="submit">${escapeHtml(translate(locale, 'page.button'))}</button></form>` +
      `<p><a href="/settings/notifications">${escapeHtml(translate(locale, 'page.settings'))}</a></p>`;
    return c.html(page(locale, translate(locale, 'page.title'), body), 200);
  });

  app.post('/unsubscribe', async (c) => {
    noStore(c);
    if (Number(c.req.header('Content-Length') ?? 0) > MAX_FORM_BYTES) return invalid(c);
    let token = c.req.query('token') ?? '';
    try {
      const form = await c.req.parseBody();
      if (typeof form.token === 'string') token = form.token;
    } catch {
      return invalid(c);
    }
    if (!s.verify(token)) return invalid(c);
    const claims = await s.unsubscribe(token);
    const { locale, spaceName } = await context(claims);
    const body =
      `<p>${escapeHtml(translate(locale, 'page.done', { what: what(locale, claims, spaceName) }))}</p>` +
      `<p><a href="/settings/notifications">${escapeHtml(translate(locale, 'page.settings'))}</a></p>`;
    return c.html(page(locale, translate(locale, 'page.doneTitle'), body), 200);
  });
}
