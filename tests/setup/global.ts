import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/index.ts';
import { type EmbeddedPostgres, ensureDatabase, startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { prepareTemplate } from '../helpers/template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
  }
}

export const TEMPLATE_DB = 'treffpunkt_template';

/**
 * One PostgreSQL for the whole run: the embedded server in a temporary directory, or the server in
 * TEST_DATABASE_URL. Migrations run once into a template database; every test file clones it.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger('warn');
  let server: EmbeddedPostgres | null = null;
  let tmp: string | null = null;
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-test-'));
    server = await startEmbeddedPostgres({ baseDir: tmp, logger, dbName: 'postgres' });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.end();
  await ensureDatabase(adminUrl, TEMPLATE_DB);
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const database = openDatabase(url.toString(), { max: 2 });
  try {
    await migrateToLatest(database.db);
    await prepareTemplate(url.toString());
  } finally {
    await database.close();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', TEMPLATE_DB);
  return async () => {
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
