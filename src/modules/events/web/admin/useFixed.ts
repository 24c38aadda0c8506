import { useState } from 'react';
import type { FieldErrors } from '../../../../web/errors.ts';

/**
 * Fields edited since the last submit: their old messages (from the browser's check or the server)
 * go away as soon as someone starts fixing them, and come back only if the next submit still fails.
 */
export function useFixed() {
  const [fixed, setFixed] = useState<ReadonlySet<string>>(() => new Set());
  return {
    touch: (...names: string[]) =>
      setFixed((f) => (names.every((n) => f.has(n)) ? f : new Set([...f, ...names]))),
    reset: () => setFixed(new Set()),
    hide: (errors: FieldErrors): FieldErrors =>
      Object.fromEntries(Object.entries(errors).filter(([name, msg]) => msg && !fixed.has(name))),
    /** The failed request for the summary, unless it only named fields that are being fixed. */
    error: (err: unknown, serverFields: FieldErrors): unknown => {
      const names = Object.keys(serverFields);
      return names.length > 0 && names.every((n) => fixed.has(n)) ? null : err;
    },
  };
}
