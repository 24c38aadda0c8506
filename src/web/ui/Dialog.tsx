import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus stays
 * inside), Escape closes it, and focus goes back to whatever opened it.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement as HTMLElement | null;
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onNativeClose = () => {
      const back = opener.current;
      opener.current = null;
      if (back?.isConnected) requestAnimationFrame(() => back.focus());
      closeRef.current();
    };
    // Escape fires `cancel`; both end in `close`, where React state catches up.
    el.addEventListener('close', onNativeClose);
    return () => el.removeEventListener('close', onNativeClose);
  }, []);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} data-testid={testId}>
      {open && (
        <>
          <div className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="dialog-close" onClick={() => ref.current?.close()}>
              <span aria-hidden="true">×</span>
              <span className="sr-only">{t('common.close')}</span>
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}
