import { useTranslation } from 'react-i18next';
import { errorMessage, type FieldErrors, hasErrors } from '../errors.ts';
import { Alert } from './Alert.tsx';

export interface FormErrorProps {
  /** The failed request, if any. */
  error?: unknown;
  /** Messages per field (client checks and server validation), shown as a list. */
  fields?: FieldErrors;
  /** Visible labels per field name, so the list reads "E-Mail: …". */
  labels?: Record<string, string>;
  /** Field ids per field name, so each entry links to its input. */
  ids?: Record<string, string>;
}

/** The summary above a form: one announced sentence and the list of fields to fix. */
export function FormError({ error, fields = {}, labels = {}, ids = {} }: FormErrorProps) {
  const { t } = useTranslation();
  if (!error && !hasErrors(fields)) return null;
  const entries = Object.entries(fields).filter((e): e is [string, string] => Boolean(e[1]));
  const title = error && !(entries.length && isValidation(error)) ? errorMessage(error, t) : t('errors.checkFields');
  return (
    <Alert tone="error" title={title} testId="form-error">
      {entries.length > 0 && (
        <ul className="form-error-list">
          {entries.map(([name, msg]) => {
            const text = labels[name] ? `${labels[name]}: ${msg}` : msg;
            return <li key={name}>{ids[name] ? <a href={`#${ids[name]}`}>{text}</a> : text}</li>;
          })}
        </ul>
      )}
    </Alert>
  );
}

function isValidation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  const status = (err as { status?: unknown })?.status;
  return code === 'validation_failed' || status === 400 || status === 422;
}
