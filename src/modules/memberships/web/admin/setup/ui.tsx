import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../../web/api.ts';
import { type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { Alert, Button, FormError } from '../../../../../web/ui/index.ts';

/**
 * The summary above a set-up form. Field problems win (they name what to fix); a conflict gets the
 * form's own sentence instead of the generic "reload the page".
 */
export function SetupFormError({
  error,
  fields = {},
  labels,
  ids,
  conflict,
}: {
  error: unknown;
  fields?: FieldErrors;
  labels?: Record<string, string>;
  ids?: Record<string, string>;
  conflict?: string;
}) {
  if (hasErrors(fields)) return <FormError fields={fields} labels={labels} ids={ids} />;
  if (!error) return null;
  if (conflict && isApiError(error) && error.status === 409) {
    return (
      <Alert tone="error" testId="form-error">
        {conflict}
      </Alert>
    );
  }
  return <FormError error={error} />;
}

/** "Saved", announced once, that goes away when the form changes again. */
export function Saved({ show, children }: { show: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div aria-live="polite">
      {show && (
        <Alert tone="success" announce={false}>
          {children ?? t('memberships.setup.saved')}
        </Alert>
      )}
    </div>
  );
}

/** A read-only value (a link, a key) with a button that copies it. */
export function CopyField({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const input = document.getElementById(id) as HTMLInputElement | null;
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Plain http or no permission: select the text and use the old command.
      input?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), 4000);
  };
  return (
    <div className="field" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <div className="su-copy">
        <input
          id={id}
          readOnly
          value={value}
          className="mono"
          onFocus={(e) => e.target.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <Button variant="secondary" size="sm" onClick={copy}>
          {t('memberships.setup.copy')}
          <span className="sr-only">: {label}</span>
        </Button>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <p className="field-hint" role="status">
        {copied ? t('memberships.setup.copied') : ''}
      </p>
    </div>
  );
}

/** A button that opens a form, and a way to give it focus back once the form has gone. */
export function useFocusBack() {
  const ref = useRef<HTMLButtonElement>(null);
  const focusBack = () => requestAnimationFrame(() => ref.current?.focus());
  return [ref, focusBack] as const;
}
