import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { HttpModule } from '../../../platform/http/app.ts';
import { clientIp } from '../../../platform/http/client-ip.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor, AppEnv, Role } from '../../../platform/http/types.ts';
import type { Logger } from '../../../platform/logger.ts';
import { type AuthDeps, CLIENT_IP_HEADER, createAuth, DISABLED_AUTH_PATHS, SESSION_AUTH_PATHS } from './auth.ts';
import { accountsRoutes } from './routes.ts';
import { createSessionReader } from './session.ts';
import { type AvatarStore, createAccountsService } from './service.ts';

export interface AccountsModuleDeps extends Omit<AuthDeps, 'db'> {
  db: Kysely<any>;
  logger: Logger;
  trustProxy: boolean;
  avatars: AvatarStore;
  /** False until first-run setup created the owner: sign-up waits for it. */
  isSetUp: () => Promise<boolean>;
}

const SESSION_COOKIE = 'treffpunkt.session_token';

/** better-auth's error bodies `{ code, message }` reshaped into ours; 429 gets a standard Retry-After. */
async function reshapeAuthResponse(res: Response, requestId: string): Promise<Response> {
  if (res.status < 400) return res;
  const text = await res.text();
  let body: { code?: string; message?: string } = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  const byStatus: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
  let code = body.code ?? byStatus[res.status] ?? (res.status >= 500 ? 'internal' : 'bad_request');
  let message = body.message ?? (res.status === 404 ? 'No such API route.' : 'Request failed.');
  headers.set('content-type', 'application/json');
  if (res.status === 429) {
    code = 'rate_limited';
    const retry = headers.get('x-retry-after') ?? '60';
    headers.set('Retry-After', retry);
    message = `Too many attempts. Try again in ${retry} seconds.`;
  }
  if (res.status === 400 && /VALIDATION|INVALID/.test(code) && !body.code) code = 'validation_failed';
  return new Response(JSON.stringify({ error: { code, message, details: null }, requestId }), {
    status: res.status,
    headers,
  });
}

/** Wires the accounts module: better-auth, the service, its routes and the session → actor lookup. */
export function createAccountsModule(deps: AccountsModuleDeps) {
  const auth = createAuth(deps);
  const service = createAccountsService({ db: deps.db, auth, avatars: deps.avatars });
  const secure = deps.publicUrl.startsWith('https:');
  const cookieName = secure ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
  const clearSessionCookie = () =>
    `${cookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

  const readSession = createSessionReader({ db: deps.db, secret: deps.secret, cookieName });

  /** The logged-in member behind a request, or null. */
  async function resolveActor(req: Request): Promise<Actor | null> {
    if (!req.headers.get('cookie')?.includes(SESSION_COOKIE)) return null;
    const fast = await readSession(req);
    if (fast !== 'ask-better-auth') return fast.actor;
    const session = await auth.api.getSession({ headers: req.headers }).catch(() => null);
    if (!session) return null;
    const u = session.user as typeof session.user & { role?: Role; locale?: string };
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role ?? 'member',
      locale: u.locale ?? 'de',
      sessionId: session.session.id,
    };
  }

  /** Creates the community's verified owner (first-run setup) and logs them in. */
  async function createOwner(input: { name: string; email: string; password: string; locale: string }): Promise<Headers> {
    const ctx = await auth.$context;
    let userId: string;
    try {
      const user = await ctx.internalAdapter.createUser({
        name: input.name,
        email: input.email,
        emailVerified: true,
        role: 'owner',
        locale: input.locale,
      }, { method: 'admin' });
      userId = user.id;
    } catch (err) {
      // The unique "one owner" index or the email's uniqueness: someone else finished setup first.
      deps.logger.warn({ err }, 'owner creation refused');
      throw new AppError('setup_done', 'This community is already set up.', null, { status: 409 });
    }
    await ctx.internalAdapter.linkAccount({
      userId,
      providerId: 'credential',
      accountId: userId,
      password: await ctx.password.hash(input.password),
    });
    const res = await auth.api.signInEmail({
      body: { email: input.email, password: input.password },
      returnHeaders: true,
    });
    return res.headers;
  }

  const http: HttpModule = {
    name: 'accounts',
    api: (app) => accountsRoutes(app, service, clearSessionCookie),
    raw: (app: Hono<AppEnv>) => {
      app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
        if (c.req.path.startsWith('/api/auth/sign-up') && !(await deps.isSetUp())) {
          throw new AppError('setup_required', 'This community is not set up yet.', null, { status: 409 });
        }
        const sub = c.req.path.slice('/api/auth'.length);
        if (SESSION_AUTH_PATHS.includes(sub) && !(await resolveActor(c.req.raw))) {
          throw new AppError('unauthenticated', 'Please log in first.');
        }
        const headers = new Headers(c.req.raw.headers);
        headers.set(CLIENT_IP_HEADER, clientIp(c, deps.trustProxy));
        const req = new Request(c.req.raw, { headers, duplex: 'half' } as RequestInit);
        return reshapeAuthResponse(await auth.handler(req), c.get('requestId'));
      });
    },
    openApiPaths: async () => {
      const schema = (await auth.api.generateOpenAPISchema()) as { paths?: Record<string, Record<string, any>> };
      const out: Record<string, unknown> = {};
      const disabled = new Set(DISABLED_AUTH_PATHS.map((p) => p.replace(/:(\w+)/g, '{$1}')));
      for (const [path, ops] of Object.entries(schema.paths ?? {})) {
        if (disabled.has(path) || path.startsWith('/open-api')) continue;
        for (const op of Object.values(ops)) {
          op.tags = ['auth'];
          op['x-access'] = SESSION_AUTH_PATHS.includes(path) ? 'member' : 'public';
          delete op.security;
        }
        out[`/api/auth${path}`] = ops;
      }
      return out;
    },
  };

  return { auth, service, http, resolveActor, createOwner };
}

export type AccountsModule = ReturnType<typeof createAccountsModule>;
