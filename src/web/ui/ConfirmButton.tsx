import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

/**
 * A destructive action that asks once, inline: the first click shows the question with
 * "confirm" and "cancel" (focus moves to cancel, the safe choice).
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  loading,
  size = 'sm',
}: {
  label: ReactNode;
  question: ReactNode;
  confirmLabel: ReactNode;
  onConfirm: () => void;
  loading?: boolean;
  size?: 'sm' | 'md';
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <Button ref={openRef} variant="ghost" size={size} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="confirm">
      <span className="confirm-question">{question}</span>
      <Button variant="danger" size={size} loading={loading} onClick={onConfirm}>
        {confirmLabel}
      </Button>
      <Button ref={cancelRef} variant="secondary" size={size} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </Button>
    </span>
  );
}
