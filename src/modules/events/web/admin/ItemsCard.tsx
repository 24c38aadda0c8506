import { type UseQueryResult, useMutation } from '@tanstack/react-query';
import {
  type ComponentProps,
  type ComponentType,
  type FormEvent,
  type ReactNode,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { Button, Card, ConfirmButton, FormError, Loading } from '../../../../web/ui/index.ts';
import '../strings.ts';
import { type DraftFormOptions, useDraftForm } from '../../../../web/ui/useDraftForm.ts';
import { refreshEvents } from './data.ts';
import { ymd } from './format.ts';
import { useFocusLater } from './useFocusLater.ts';

/**
 * A kind of programme item (a break, a focus day). Its sentences sit under `k`: title, lead, empty,
 * create, edit, delete, deleteQuestion, deleteConfirm, deleted, createHeading, editHeading, add, saved,
 * created, and one per badge.
 */
export interface ItemKind<T> {
  k: string;
  /** The collection's API path; an item's own is `${base}/${id}`. */
  base: string;
  name: (item: T) => string;
  /** What the sentences call the name (`{{title}}`, `{{theme}}`). */
  nameVar: string;
  /** For ids and test ids: `${slug}-row`, `${slug}-form`, `edit-${slug}-${id}`; `addId` for the add button. */
  slug: string;
  addId: string;
}

export interface ItemFormProps<T> {
  item?: T;
  /** Closes the form, with the sentence to announce when something was saved. */
  onDone: (msg?: string) => void;
}

const enc = encodeURIComponent;

/**
 * A card with a list of items, each with "edit" (the form opens in its row) and "delete" (asked once),
 * and a button that opens the form for a new one. What happened is announced, and focus returns to the
 * button that opened the form (the add button after a delete).
 */
export function ItemsCard<T extends { id: string }>({
  kind,
  query,
  badge,
  meta,
  Form,
}: {
  kind: ItemKind<T>;
  query: UseQueryResult<T[]>;
  /** The key of the item's badge (`past`, or the state it is in today), if any. */
  badge: (item: T, today: string) => string | null;
  /** The lines under the name. */
  meta: (item: T) => ReactNode;
  Form: ComponentType<ItemFormProps<T>>;
}) {
  const { t } = useTranslation();
  const { k, slug } = kind;
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const focusLater = useFocusLater();
  const today = ymd(new Date());
  const close = (message?: string, focusId?: string) => {
    setEditing(null);
    if (message) setStatus(message);
    focusLater(focusId ?? kind.addId);
  };
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} />
      ) : (
        <>
          {query.data.length === 0 && editing !== 'new' && <p className="muted">{t(`${k}.empty`)}</p>}
          {query.data.length > 0 && (
            <ul className="list" aria-label={t(`${k}.title`)}>
              {query.data.map((item) => {
                const editId = `edit-${slug}-${item.id}`;
                const state = badge(item, today);
                return (
                  <li key={item.id} data-testid={`${slug}-row`}>
                    {editing === item.id ? (
                      <Form item={item} onDone={(msg) => close(msg, editId)} />
                    ) : (
                      <>
                        <div className="list-main">
                          <p className="list-title">
                            {kind.name(item)}{' '}
                            {state && (
                              <span className={state === 'past' ? 'badge' : 'badge badge-warning'}>
                                {t(`${k}.${state}`)}
                              </span>
                            )}
                          </p>
                          {meta(item)}
                        </div>
                        <div className="row-actions">
                          <Button
                            id={editId}
                            variant="secondary"
                            size="sm"
                            onClick={() => setEditing(item.id)}
                          >
                            {t(`${k}.edit`)}
                            <span className="sr-only">: {kind.name(item)}</span>
                          </Button>
                          <DeleteItem kind={kind} item={item} onDone={(msg) => close(msg)} />
                        </div>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {editing === 'new' ? (
            <div className={query.data.length > 0 ? 'su-block' : undefined}>
              <Form onDone={(msg) => close(msg)} />
            </div>
          ) : (
            <div className="form-actions" style={{ marginTop: '1rem' }}>
              <Button id={kind.addId} onClick={() => setEditing('new')} data-testid={kind.addId}>
                {t(`${k}.create`)}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function DeleteItem<T extends { id: string }>({
  kind,
  item,
  onDone,
}: {
  kind: ItemKind<T>;
  item: T;
  onDone: (msg: string) => void;
}) {
  const { t } = useTranslation();
  const { k } = kind;
  const vars = { [kind.nameVar]: kind.name(item) };
  const remove = useMutation({
    mutationFn: () => api.delete(`${kind.base}/${enc(item.id)}`),
    onSuccess: async () => {
      await refreshEvents();
      onDone(t(`${k}.deleted`, vars));
    },
  });
  return (
    <>
      <ConfirmButton
        label={
          <>
            {t(`${k}.delete`)}
            <span className="sr-only">: {kind.name(item)}</span>
          </>
        }
        question={t(`${k}.deleteQuestion`, vars)}
        confirmLabel={t(`${k}.deleteConfirm`)}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
      />
      {remove.isError && (
        <p className="field-error" role="alert">
          {errorMessage(remove.error, t)}
        </p>
      )}
    </>
  );
}

/** The draft form of a new item or of `item`: saving creates or changes it and closes with a sentence. */
export function useItemForm<T extends { id: string }, D extends object, V extends Record<string, unknown>>(
  kind: ItemKind<T>,
  { item, onDone }: ItemFormProps<T>,
  options: Omit<DraftFormOptions<D, T, V>, 'save'>,
) {
  const { t } = useTranslation();
  return useDraftForm<D, T, V>({
    ...options,
    save: {
      mutationFn: (body) =>
        item
          ? api.patch<T>(`${kind.base}/${enc(item.id)}`, { ...body })
          : api.post<T>(kind.base, { ...body }),
      onSuccess: async (saved) => {
        await refreshEvents();
        onDone(t(item ? `${kind.k}.saved` : `${kind.k}.created`, { [kind.nameVar]: kind.name(saved) }));
      },
    },
  });
}

/** The frame of an item's form: heading, the summary of problems, the fields, save and cancel. */
export function ItemForm<T>({
  kind,
  item,
  form,
  onSubmit,
  onCancel,
  footer,
  children,
}: {
  kind: ItemKind<T>;
  item?: T | undefined;
  form: { uid: string; summary: ComponentProps<typeof FormError>; save: { isPending: boolean } };
  onSubmit: () => void;
  onCancel: () => void;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { k } = kind;
  const ref = useRef<HTMLFormElement>(null);
  // The form opens where its button was: focus goes to its first field.
  useEffect(() => ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form
      ref={ref}
      onSubmit={submit}
      noValidate
      className="stack space-form"
      style={{ flex: '1 1 100%', gap: '1rem' }}
      aria-labelledby={`${form.uid}-h`}
      data-testid={`${kind.slug}-form`}
    >
      <h3 id={`${form.uid}-h`} style={{ margin: 0 }}>
        {item ? t(`${k}.editHeading`, { [kind.nameVar]: kind.name(item) }) : t(`${k}.createHeading`)}
      </h3>
      <FormError {...form.summary} />
      {children}
      <div className="form-actions">
        <Button type="submit" loading={form.save.isPending}>
          {item ? t('common.save') : t(`${k}.add`)}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
      {footer}
    </form>
  );
}
