import type pg from 'pg';

/** Tables we never copy: Kysely's migration lock is per-database bookkeeping, not data. */
const SKIP = new Set(['kysely_migration_lock']);

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Ordinary tables in schema public that hold our data, by name. */
export async function listTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not c.relispartition order by c.relname`,
  );
  return rows.map((r) => r.name).filter((n) => !SKIP.has(n));
}

/** Columns COPY can write, in table order (generated columns are computed, not stored by us). */
export async function listColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname as name from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attnum`,
    [`public.${ident(table)}`],
  );
  return rows.map((r) => r.name);
}

/** Sequences in schema public with their current position (null when never used). */
export async function listSequences(
  client: pg.ClientBase,
): Promise<{ name: string; lastValue: string | null }[]> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `select sequencename as name, last_value::text from pg_sequences where schemaname = 'public' order by 1`,
  );
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
}

/**
 * The tables ordered so every table comes after the tables its foreign keys point to, which lets COPY
 * load them with all constraints checked, for any database role. Deferrable foreign keys are left out:
 * restore defers them to commit, which is how a migration breaks a cycle between tables. A cycle of
 * non-deferrable keys is reported.
 */
export async function foreignKeyOrder(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and not k.condeferrable and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const wanted = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const r of rows) if (wanted.has(r.child) && wanted.has(r.parent)) parents.get(r.child)!.add(r.parent);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting')
      throw new Error(`Foreign keys form a cycle: ${[...path, t].join(' → ')}`);
    state.set(t, 'visiting');
    for (const p of [...parents.get(t)!].sort()) visit(p, [...path, t]);
    state.set(t, 'done');
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return order;
}
