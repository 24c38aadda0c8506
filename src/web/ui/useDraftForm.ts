import { type UseMutationOptions, useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { type FieldErrors, hasErrors } from '../errors.ts';

/** The draft's keys whose values are text (inputs, text areas and selects bind to them). */
type TextKey<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D] & string;

export interface DraftFormOptions<D, R, V> {
  initial: D | (() => D);
  /** The fields in form order: their ids, and where focus goes for the first problem. */
  order: readonly string[];
  labels: Record<string, string>;
  /** The messages an edit answers (default: the field's own; a new start can fix "ends before it starts"). */
  touches?: (key: keyof D & string) => string[];
  /** The server's field issues under the form's field names. */
  serverErrors: (err: unknown) => FieldErrors;
  save: Omit<UseMutationOptions<R, Error, V>, 'onError'>;
  /** Keep every message until the next submit, instead of hiding a field's as soon as it is edited. */
  keepMessages?: boolean;
}

/**
 * A form of the hosts' pages: the draft, its field ids and labels, the browser's check and the server's
 * answer at the fields (a message goes away once someone edits its field and comes back only if the
 * next submit still fails), focus on the first problem, and the save request.
 */
export function useDraftForm<D extends object, R, V>(o: DraftFormOptions<D, R, V>) {
  const uid = useId();
  const [d, setD] = useState<D>(o.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [dirty, setDirty] = useState(false);
  const ids: Record<string, string> = Object.fromEntries(
    o.order.map((f) => [f, `${uid}-${f.replaceAll('.', '-')}`]),
  );
  const save = useMutation<R, Error, V>({
    ...o.save,
    onSuccess: (...args) => {
      setDirty(false);
      return o.save.onSuccess?.(...args);
    },
    onError: (err) => focusFirstError(o.order, o.serverErrors(err), ids),
  });
  const fromServer = o.serverErrors(save.error);
  // The browser's own check wins over an older answer from the server.
  const all: FieldErrors = { ...fromServer };
  for (const [name, msg] of Object.entries(errors)) if (msg) all[name] = msg;
  const hidden = o.keepMessages ? new Set<string>() : edited;
  const fields: FieldErrors = Object.fromEntries(
    Object.entries(all).filter(([name, msg]) => msg && !hidden.has(name)),
  );
  // Issues the fields show (a 409 "overlaps" too) read "check your entries" above them, and none at
  // all once every field they named is being fixed; any other failure names itself.
  const summaryError = hasErrors(fromServer) ? null : save.error;

  const set = <K extends keyof D & string>(key: K, v: D[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    setDirty(true);
    const names = o.touches?.(key) ?? [key];
    setEdited((f) => (names.every((n) => f.has(n)) ? f : new Set([...f, ...names])));
  };

  return {
    uid,
    d,
    setD,
    set,
    ids,
    labels: o.labels,
    save,
    /** The messages to show at the fields now. */
    fields,
    /** Props for `FormError` above the fields. */
    summary: { error: summaryError, fields, labels: o.labels, ids },
    /** Edited since the last successful save (a "saved" note hides then). */
    dirty,
    /** Shows the browser's check; true when it found nothing (else focus moves to the first problem). */
    check(found: FieldErrors): boolean {
      setErrors(found);
      setEdited(new Set());
      if (!hasErrors(found)) return true;
      focusFirstError(o.order, found, ids);
      return false;
    },
    /** Id, label, value, change handler and message of a text field (`as`: its name when it differs). */
    text<K extends TextKey<D>>(key: K, as: string = key) {
      return {
        id: ids[as],
        label: o.labels[as],
        value: d[key] as string,
        onChange: (e: { target: { value: string } }) => set(key, e.target.value as D[K]),
        error: fields[as],
      };
    },
  };
}

/** What the parts of a form get (the save request stays with the form itself). */
export type DraftForm<D extends object> = Omit<ReturnType<typeof useDraftForm<D, unknown, unknown>>, 'save'>;

/** Moves focus to the first field (in form order) that has a message, after React has drawn it. */
function focusFirstError(order: readonly string[], errors: FieldErrors, ids: Record<string, string>): void {
  const name = order.find((n) => errors[n]) ?? Object.keys(errors).find((n) => errors[n] && ids[n]);
  const id = name ? ids[name] : undefined;
  if (!id) return;
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (!el) return;
    // A fieldset is not focusable: its first control is.
    const target =
      el instanceof HTMLFieldSetElement || el.tagName === 'DIV'
        ? el.querySelector<HTMLElement>('input, select, textarea, button')
        : el;
    target?.focus();
  });
}
