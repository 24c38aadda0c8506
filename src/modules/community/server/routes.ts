import { z } from '@hono/zod-openapi';
import type { Api } from '../../../platform/http/app.ts';
import { defineRoute } from '../../../platform/http/access.ts';
import { errorResponses, fileBody, json, jsonBody, readUpload } from '../../../platform/http/openapi.ts';
import { brandCss } from '../brand.ts';
import { Community, SetupInput, UpdateCommunity } from '../schema.ts';
import type { CommunityService } from './service.ts';

const tags = ['community'];

/** Community identity routes, first-run setup and the brand stylesheet. */
export function communityRoutes(app: Api, service: CommunityService): void {
  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/community',
      tags,
      summary: "The community's name, colour, logo and whether setup is needed",
      responses: { 200: json(Community) },
    }),
    async (c) => c.json(await service.get(), 200),
  );

  app.openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/setup',
      tags,
      summary: 'Whether first-run setup is needed',
      responses: { 200: json(z.object({ needed: z.boolean() })) },
    }),
    async (c) => c.json({ needed: !(await service.isSetUp()) }, 200),
  );

  app.openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/setup',
      tags,
      summary: 'First run: create the owner account and name the community (only while no owner exists)',
      request: jsonBody(SetupInput),
      responses: {
        201: json(z.object({ community: Community })),
        400: errorResponses[400],
        409: json(z.any(), 'Already set up'),
      },
    }),
    async (c) => {
      const headers = await service.setup(c.req.valid('json'));
      for (const cookie of headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
      return c.json({ community: await service.get() }, 201);
    },
  );

  app.openapi(
    defineRoute('admin', {
      method: 'patch',
      path: '/api/community',
      tags,
      summary: 'Change name, brand colour or default language',
      request: jsonBody(UpdateCommunity),
      responses: { 200: json(Community), ...errorResponses },
    }),
    async (c) => c.json(await service.update(c.get('actor')!, c.req.valid('json')), 200),
  );

  app.openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/api/community/logo',
      tags,
      summary: 'Upload the logo',
      request: fileBody('The logo image'),
      responses: { 200: json(Community), ...errorResponses },
    }),
    async (c) => c.json(await service.setLogo(c.get('actor')!, await readUpload(c.req)), 200),
  );

  app.openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/api/community/logo',
      tags,
      summary: 'Remove the logo',
      responses: { 200: json(Community), ...errorResponses },
    }),
    async (c) => c.json(await service.removeLogo(c.get('actor')!), 200),
  );

  app.get('/brand.css', async (c) => {
    const community = await service.get();
    return c.body(brandCss(community.brandColor), 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
  });
}
