import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../../web/api.ts';
import { errorMessage, type FieldErrors, hasErrors } from '../../../../../web/errors.ts';
import { QueryError } from '../../../../../web/guards.tsx';
import { Alert, Button, Card, Checkbox, FormError, Loading, TextField } from '../../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../../schema.ts';
import { useSettings } from './data.ts';
import { localDate } from './format.ts';

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

/** A settings page: its cards once the settings have loaded. */
export function WithSettings({ children }: { children: (settings: MembershipSettings) => ReactNode }) {
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <QueryError error={settings.error} />;
  return <div className="stack">{children(settings.data)}</div>;
}

/** What a settings card needs of its form (see `useSetupForm`). */
interface CardForm {
  summary: {
    error: unknown;
    fields: FieldErrors;
    labels: Record<string, string>;
    ids: Record<string, string>;
  };
  save: { isPending: boolean; isSuccess: boolean };
  dirty: boolean;
}

/**
 * A settings card: what it shows above its form (`intro`), the summary of problems, the fields,
 * "Saved" after a save (until the form changes again), and the save button with any `actions`.
 */
export function SettingsCard({
  title,
  lead,
  testId,
  form,
  onSubmit,
  intro,
  saved,
  submitLabel,
  actions,
  children,
}: {
  title: string;
  lead: string;
  testId: string;
  form: CardForm;
  onSubmit: () => void;
  intro?: ReactNode;
  saved?: ReactNode;
  submitLabel?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Card title={title} description={lead}>
      {intro}
      <form onSubmit={submit} noValidate data-testid={testId}>
        <SetupFormError {...form.summary} />
        {children}
        <Saved show={form.save.isSuccess && !form.dirty}>{saved}</Saved>
        <div className="form-actions">
          <Button type="submit" loading={form.save.isPending}>
            {submitLabel ?? t('common.save')}
          </Button>
          {actions}
        </div>
      </form>
    </Card>
  );
}

/** A set of checkboxes picking ids (tiers, products); its id takes the focus and the summary's link. */
export function CheckList({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
  children,
}: {
  id: string;
  legend: string;
  hint: string;
  options: { id: string; name: string }[];
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  /** Shown instead of the boxes when there are no options. */
  children?: ReactNode;
}) {
  return (
    <fieldset className="radio-stack" id={id} tabIndex={-1}>
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      {options.length === 0
        ? children
        : options.map((o) => (
            <Checkbox
              key={o.id}
              label={o.name}
              checked={value.includes(o.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))
              }
            />
          ))}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

/** Why a row's action (archive, delete, a new link) failed, announced. */
export function ActionError({ action }: { action: { isError: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (!action.isError) return null;
  return (
    <p className="field-error" role="alert">
      {errorMessage(action.error, t)}
    </p>
  );
}

/** A "new …" button that opens its form in its place; focus goes back to the button once the form closes. */
export function NewItem({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [ref, focusBack] = useFocusBack();
  if (open) {
    return children(() => {
      setOpen(false);
      focusBack();
    });
  }
  return (
    <div className="form-actions">
      <Button ref={ref} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
    </div>
  );
}

/** A text field bound to a draft (`form.text(…)`) with its hint. */
type Bound = {
  id: string | undefined;
  label: string | undefined;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error: string | undefined;
  hint: string;
};

/** How often an offer can be used and until which day (a coupon's, a price's): both optional. */
export function LimitFields({ uses, until }: { uses: Bound; until: Bound }) {
  return (
    <div className="grid-2 tight su-row">
      <TextField {...uses} type="number" inputMode="numeric" min={1} placeholder="20" />
      <TextField {...until} type="date" min={localDate(new Date())} />
    </div>
  );
}

/**
 * The frame of a create/edit form in a card: heading, an optional lead, the summary of problems, the
 * fields, and the submit and cancel buttons.
 */
export function FormFrame({
  form,
  heading,
  level = 3,
  lead,
  conflict,
  testId,
  onSubmit,
  submitLabel,
  onCancel,
  children,
}: {
  form: { uid: string; summary: CardForm['summary']; save: { isPending: boolean } };
  heading: string;
  level?: 3 | 4;
  lead?: string;
  /** The summary's sentence for a 409 (see `SetupFormError`). */
  conflict?: string;
  testId: string;
  onSubmit: () => void;
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const H = level === 3 ? 'h3' : 'h4';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${form.uid}-h`}
      data-testid={testId}
    >
      <H id={`${form.uid}-h`}>{heading}</H>
      {lead && <p className="field-hint">{lead}</p>}
      <SetupFormError {...form.summary} conflict={conflict} />
      {children}
      <div className="form-actions">
        <Button type="submit" loading={form.save.isPending}>
          {submitLabel}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** One choice of a few as radio buttons; `children` stand between the legend and the buttons. */
export function Radios<V extends string | boolean>({
  legend,
  name,
  options,
  value,
  onChange,
  label,
  children,
}: {
  legend: string;
  name: string;
  options: readonly V[];
  value: V;
  onChange: (v: V) => void;
  label: (v: V) => string;
  children?: ReactNode;
}) {
  return (
    <fieldset className="radio-stack">
      <legend>{legend}</legend>
      {children}
      {options.map((v) => (
        <label key={String(v)} className="radio-label">
          <input
            type="radio"
            name={name}
            value={String(v)}
            checked={value === v}
            onChange={() => onChange(v)}
          />
          {label(v)}
        </label>
      ))}
    </fieldset>
  );
}
