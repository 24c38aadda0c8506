import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/db.ts';
import { migrateToLatest } from './migrate.ts';

let t: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));

beforeAll(async () => {
  t = await createTestDatabase();
  // A separate migration table so the foundation's history does not interfere.
  await sql`create schema scratch`.execute(t.db);
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tables(): Promise<string[]> {
  const r = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'scratch' order by 1`.execute(t.db);
  return r.rows.map((x) => x.t);
}

describe('migrations', () => {

  it('applies timestamped files in order and only once', async () => {
    fs.writeFileSync(path.join(dir, '20260101000000_one.sql'), 'create table scratch.one (id int);');
    fs.writeFileSync(path.join(dir, '20260102000000_two.sql'), 'create table scratch.two (id int);');
    expect((await migrateToLatest(t.db, dir, { tableSchema: 'scratch' })).applied).toEqual(['20260101000000_one', '20260102000000_two']);
    expect((await migrateToLatest(t.db, dir, { tableSchema: 'scratch' })).applied).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(['one', 'two']));
  });

  it('leaves the database as it was when a migration fails', async () => {
    fs.writeFileSync(path.join(dir, '20260103000000_three.sql'), 'create table scratch.three (id int);');
    fs.writeFileSync(path.join(dir, '20260104000000_broken.sql'), 'create table scratch.four (id int); select * from nowhere;');
    await expect(migrateToLatest(t.db, dir, { tableSchema: 'scratch' })).rejects.toThrow(/20260104000000_broken.*nothing was changed/);
    const now = await tables();
    expect(now).not.toContain('three');
    expect(now).not.toContain('four');
  });

  it('refuses a badly named file', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-bad-'));
    fs.writeFileSync(path.join(bad, 'init.sql'), 'select 1;');
    await expect(migrateToLatest(t.db, bad, { tableSchema: 'scratch' })).rejects.toThrow(/must look like/);
    fs.rmSync(bad, { recursive: true, force: true });
  });
});
