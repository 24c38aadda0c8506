import { AppError } from './http/errors.ts';

/** Opaque keyset cursor over (timestamp, id): stable under inserts, no OFFSET. */
export function encodeCursor(ts: Date, id: string): string {
  return Buffer.from(JSON.stringify([ts.toISOString(), id])).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a tampered one is a 400, not a 500. */
export function decodeCursor(cursor: string): [Date, string] {
  try {
    const [ts, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(ts);
    if (Number.isNaN(d.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return [d, id];
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor.', [{ path: 'cursor', message: 'invalid', code: 'custom' }]);
  }
}
