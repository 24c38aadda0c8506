import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: the module's tables are untyped for Kysely
type Db = Kysely<any>;

/**
 * The events data version: changes with every committed write to events, their grants, hosts, changed
 * dates, breaks and focus days (the `event_changes` log, filled by triggers; RSVPs count apart). It
 * comes from the database, so every node agrees. Read it *before* the data it keys: whatever is read
 * afterwards is at least as new as the version, so a cache entry is never older than its key says.
 */
export async function dataVersion(db: Db): Promise<DataVersion> {
  const { rows } = await sql<{ v: string; r: string; at: Date | null }>`
    select concat_ws('.', count(*) filter (where not rsvps), min(id) filter (where not rsvps), max(id) filter (where not rsvps)) as v,
      concat_ws('.', count(*) filter (where rsvps), min(id) filter (where rsvps), max(id) filter (where rsvps)) as r,
      max(at) filter (where not rsvps) as at
    from event_changes`.execute(db);
  const row = rows[0]!;
  return { key: row.v, rsvpKey: row.r, changedAt: row.at ? new Date(row.at) : null };
}

export interface DataVersion {
  /** Events, grants, hosts, changed dates, breaks, focus days. Opaque; equal keys mean equal data. */
  key: string;
  /** RSVPs (the calendar's counts). */
  rsvpKey: string;
  /** When the newest change (not RSVPs) was made; null on an empty log. */
  changedAt: Date | null;
}

/**
 * Keeps the change log short: what is older than ten minutes is dropped, except the newest such row.
 * Only a prefix of ids goes, so (count, min, max) never repeats for different data, as long as no
 * write transaction stays open ten minutes.
 */
export async function pruneChanges(db: Db): Promise<number> {
  const r = await sql`delete from event_changes
    where id < (select max(id) from event_changes where at < now() - interval '10 minutes')`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** A strong ETag (quoted) for a cache key: a hash, so the key's parts (ids, grants) stay private. */
export function etagOf(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
}

/** Whether an `If-None-Match` header matches an ETag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * A small in-process LRU of promises (one build per key, however many requests wait for it), bounded
 * by entries and by bytes; entries expire `maxAgeMs` after they were built. A failed build is
 * forgotten, so the next request tries again.
 */
export function createLru<V>(opts: {
  maxEntries: number;
  maxBytes?: number;
  maxAgeMs?: number;
  sizeOf?: (value: V) => number;
  now?: () => number;
}) {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: Promise<V>; size: number; at: number }>();
  let bytes = 0;

  function drop(key: string) {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.size;
  }

  function trim() {
    for (const key of entries.keys()) {
      if (entries.size <= opts.maxEntries && (opts.maxBytes === undefined || bytes <= opts.maxBytes)) break;
      drop(key);
    }
  }

  return {
    /** The cached value for `key`, or the one `build` makes (shared by concurrent callers). */
    get(key: string, build: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit && (opts.maxAgeMs === undefined || now() - hit.at < opts.maxAgeMs)) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      if (hit) drop(key);
      const entry = { value: build(), size: 0, at: now() };
      entries.set(key, entry);
      entry.value.then(
        (v) => {
          if (entries.get(key) !== entry) return;
          entry.size = opts.sizeOf?.(v) ?? 0;
          bytes += entry.size;
          trim();
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      trim();
      return entry.value;
    },
    has(key: string): boolean {
      return entries.has(key);
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

export type Lru<V> = ReturnType<typeof createLru<V>>;
