import { useEffect, useState } from 'react';

/**
 * Moves focus to an element by id once React has drawn the change that brings it back (a closed form's
 * "Edit" button). A frame callback can run before that render; an effect cannot.
 */
export function useFocusLater(): (id: string) => void {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return setTarget;
}
