import type { ReactNode } from 'react';
import '../strings.ts';

/**
 * A group of fields with a legend (a fieldset without the browser's frame). `separated` draws a line
 * above it, for sub-sections inside a card.
 */
export function Group({
  legend,
  hint,
  error,
  id,
  separated = false,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  id?: string;
  separated?: boolean;
  children: ReactNode;
}) {
  const hintId = id && hint ? `${id}-hint` : undefined;
  const errorId = id && error ? `${id}-error` : undefined;
  const set = (
    <fieldset
      id={id}
      className="radio-stack"
      style={{ display: 'grid', gap: '0.75rem' }}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend style={{ fontSize: '1.05rem', marginBottom: hint ? '0.2rem' : '0.5rem' }}>{legend}</legend>
      {hint && (
        <p className="field-hint" id={hintId} style={{ margin: 0 }}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
  // A fieldset draws its legend into its own top border, so the line belongs to a wrapper.
  return separated ? <div className="su-block">{set}</div> : set;
}
