import {
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldBase {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

/** Ids and ARIA wiring shared by every field: the hint and the error describe the control. */
function useField(id: string | undefined, hint: ReactNode, error: string | undefined) {
  const auto = useId();
  const fieldId = id ?? auto;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { fieldId, hintId, errorId, describedBy };
}

function FieldMeta({ hint, hintId, error, errorId }: { hint?: ReactNode; hintId?: string; error?: string; errorId?: string }) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </>
  );
}

export type TextFieldProps = FieldBase & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> };

export function TextField({ label, hint, error, id, className, ...rest }: TextFieldProps) {
  const f = useField(id, hint, error);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={f.fieldId}>{label}</label>
      <input
        id={f.fieldId}
        type="text"
        {...rest}
        aria-invalid={error ? true : undefined}
        aria-describedby={f.describedBy}
      />
      <FieldMeta hint={hint} hintId={f.hintId} error={error} errorId={f.errorId} />
    </div>
  );
}

export type TextAreaProps = FieldBase &
  TextareaHTMLAttributes<HTMLTextAreaElement> & { counter?: boolean; ref?: Ref<HTMLTextAreaElement> };

export function TextArea({ label, hint, error, id, className, counter, ...rest }: TextAreaProps) {
  const f = useField(id, hint, error);
  const length = typeof rest.value === 'string' ? rest.value.length : 0;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={f.fieldId}>{label}</label>
      <textarea
        id={f.fieldId}
        rows={4}
        {...rest}
        aria-invalid={error ? true : undefined}
        aria-describedby={[f.describedBy, counter ? `${f.fieldId}-count` : ''].filter(Boolean).join(' ') || undefined}
      />
      {counter && rest.maxLength !== undefined && (
        <p className="field-counter" id={`${f.fieldId}-count`} aria-live="polite">
          {length} / {rest.maxLength}
        </p>
      )}
      <FieldMeta hint={hint} hintId={f.hintId} error={error} errorId={f.errorId} />
    </div>
  );
}

export type SelectProps = FieldBase & SelectHTMLAttributes<HTMLSelectElement> & { inline?: boolean };

export function Select({ label, hint, error, id, className, inline, children, ...rest }: SelectProps) {
  const f = useField(id, hint, error);
  return (
    <div className={`field ${inline ? 'field-inline' : ''} ${className ?? ''}`}>
      <label htmlFor={f.fieldId}>{label}</label>
      <select id={f.fieldId} {...rest} aria-invalid={error ? true : undefined} aria-describedby={f.describedBy}>
        {children}
      </select>
      <FieldMeta hint={hint} hintId={f.hintId} error={error} errorId={f.errorId} />
    </div>
  );
}

export type CheckboxProps = FieldBase & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>;

export function Checkbox({ label, hint, error, id, className, ...rest }: CheckboxProps) {
  const f = useField(id, hint, error);
  return (
    <div className={`field field-check ${className ?? ''}`}>
      <input
        id={f.fieldId}
        type="checkbox"
        {...rest}
        aria-invalid={error ? true : undefined}
        aria-describedby={f.describedBy}
      />
      <div>
        <label htmlFor={f.fieldId}>{label}</label>
        <FieldMeta hint={hint} hintId={f.hintId} error={error} errorId={f.errorId} />
      </div>
    </div>
  );
}
