import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { errorMessage, fieldErrorsOf } from '../../../web/errors.ts';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import { Alert, Button, Card, Checkbox, ConfirmButton, FormError, Loading, Select, TextArea, TextField } from '../../../web/ui/index.ts';
import { type Space, spaceKeys, useSpaces } from './data.ts';
import { GrantPicker, useGrantLabel } from './GrantPicker.tsx';

type Draft = {
  name: string;
  description: string;
  icon: string;
  kind: Space['kind'];
  visibility: Space['visibility'];
  optional: boolean;
  grants: string[];
};

const blank: Draft = { name: '', description: '', icon: '💬', kind: 'discussion', visibility: 'members', optional: false, grants: [] };
const draftOf = (s: Space): Draft => ({
  name: s.name,
  description: s.description,
  icon: s.icon,
  kind: s.kind,
  visibility: s.visibility,
  optional: s.optional,
  grants: s.grants,
});
const bodyOf = (d: Draft) => ({
  name: d.name.trim(),
  description: d.description.trim(),
  icon: d.icon.trim(),
  kind: d.kind,
  visibility: d.visibility,
  optional: d.optional,
  grants: d.visibility === 'restricted' ? d.grants : [],
});

const refresh = () => queryClient.invalidateQueries({ queryKey: spaceKeys.all });

/** `/admin/spaces`: create, edit, reorder and archive spaces. */
export default function AdminSpacesPage() {
  const { t } = useTranslation();
  useTitle(t('spaces.admin.title'));
  const spaces = useSpaces();
  const grantLabel = useGrantLabel();
  const [params, setParams] = useSearchParams();
  const creating = params.get('new') === '1';
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const move = useMutation({
    mutationFn: async ({ list, from, to }: { list: Space[]; from: number; to: number }) => {
      const order = [...list];
      const [item] = order.splice(from, 1);
      order.splice(to, 0, item!);
      // Positions become 0..n-1 in the new order; only changed ones are written.
      await Promise.all(
        order.map((s, i) =>
          s.position === i ? null : api.patch(`/api/spaces/${encodeURIComponent(s.id)}`, { position: i }),
        ),
      );
      return item!;
    },
    onSuccess: async (item, v) => {
      await refresh();
      setStatus(t('spaces.admin.moved', { name: item.name, position: v.to + 1 }));
      document.getElementById(`move-${item.id}-${v.to < v.from ? 'up' : 'down'}`)?.focus();
    },
  });

  return (
    <Card title={t('spaces.admin.title')} description={t('spaces.admin.lead')}>
      <p className="sr-only" role="status">
        {status}
      </p>
      {creating ? (
        <SpaceForm
          onDone={(created) => {
            setParams({}, { replace: true });
            if (created) setStatus(t('spaces.admin.created', { name: created.name }));
          }}
        />
      ) : (
        <div className="form-actions" style={{ marginBottom: '1rem' }}>
          <Button onClick={() => setParams({ new: '1' })}>{t('spaces.create')}</Button>
        </div>
      )}
      {spaces.isPending ? (
        <Loading />
      ) : spaces.isError ? (
        <QueryError error={spaces.error} />
      ) : spaces.data.length === 0 ? (
        <p className="muted">{t('spaces.admin.empty')}</p>
      ) : (
        <ol className="list admin-spaces" data-testid="admin-space-list">
          {spaces.data.map((s, i, list) => (
            <li key={s.id} data-testid="admin-space">
              <span className="space-icon" aria-hidden="true">
                {s.icon}
              </span>
              <div className="list-main">
                <p className="list-title">
                  <Link to={`/spaces/${s.slug}`}>{s.name}</Link>{' '}
                  {s.kind === 'announcement' && <span className="badge badge-info">{t('spaces.announcement')}</span>}{' '}
                  <span className="badge">{t(`spaces.visibility.${s.visibility}`)}</span>{' '}
                  {s.optional && <span className="badge">{t('spaces.admin.optionalBadge')}</span>}
                </p>
                <p className="list-meta">/{s.slug}{s.grants.length > 0 && ` · ${s.grants.map(grantLabel).join(', ')}`}</p>
              </div>
              <div className="row-actions">
                <Button
                  id={`move-${s.id}-up`}
                  variant="ghost"
                  size="sm"
                  disabled={i === 0 || move.isPending}
                  onClick={() => move.mutate({ list, from: i, to: i - 1 })}
                >
                  <span aria-hidden="true">↑</span>
                  <span className="sr-only">{t('spaces.admin.moveUp', { name: s.name })}</span>
                </Button>
                <Button
                  id={`move-${s.id}-down`}
                  variant="ghost"
                  size="sm"
                  disabled={i === list.length - 1 || move.isPending}
                  onClick={() => move.mutate({ list, from: i, to: i + 1 })}
                >
                  <span aria-hidden="true">↓</span>
                  <span className="sr-only">{t('spaces.admin.moveDown', { name: s.name })}</span>
                </Button>
                <Button variant="secondary" size="sm" aria-expanded={editing === s.id} onClick={() => setEditing(editing === s.id ? null : s.id)}>
                  {t('spaces.admin.edit')}
                  <span className="sr-only">: {s.name}</span>
                </Button>
                <ArchiveButton space={s} onArchived={() => setStatus(t('spaces.admin.archived', { name: s.name }))} />
              </div>
              {editing === s.id && (
                <div className="admin-space-edit">
                  <SpaceForm
                    space={s}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) setStatus(t('spaces.admin.saved', { name: saved.name }));
                    }}
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {move.isError && <Alert tone="error">{errorMessage(move.error, t)}</Alert>}
    </Card>
  );
}

function ArchiveButton({ space, onArchived }: { space: Space; onArchived: () => void }) {
  const { t } = useTranslation();
  const archive = useMutation({
    mutationFn: () => api.delete(`/api/spaces/${encodeURIComponent(space.id)}`),
    onSuccess: async () => {
      await refresh();
      onArchived();
    },
  });
  return (
    <>
      <ConfirmButton
        label={
          <>
            {t('spaces.admin.archive')}
            <span className="sr-only">: {space.name}</span>
          </>
        }
        question={t('spaces.admin.archiveQuestion', { name: space.name })}
        confirmLabel={t('spaces.admin.archiveConfirm')}
        loading={archive.isPending}
        onConfirm={() => archive.mutate()}
      />
      {archive.isError && (
        <span className="field-error" role="alert">
          {errorMessage(archive.error, t)}
        </span>
      )}
    </>
  );
}

function SpaceForm({ space, onDone }: { space?: Space; onDone: (saved: Space | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [d, setD] = useState<Draft>(space ? draftOf(space) : blank);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation({
    mutationFn: () =>
      space
        ? api.patch<Space>(`/api/spaces/${encodeURIComponent(space.id)}`, bodyOf(d))
        : api.post<Space>('/api/spaces', bodyOf(d)),
    onSuccess: async (saved) => {
      await refresh();
      onDone(saved);
    },
  });
  // `grants.3` and friends are one field here: shown once, at the grants input.
  const raw = fieldErrorsOf(save.error, t);
  const grantsError = Object.entries(raw).find(([k]) => k.startsWith('grants'))?.[1];
  const fields = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('grants')));
  const labels = {
    name: t('spaces.admin.name'),
    description: t('spaces.admin.description'),
    icon: t('spaces.admin.icon'),
    grants: t('spaces.admin.grants'),
  };
  const ids = { name: `${id}-name`, description: `${id}-desc`, icon: `${id}-icon`, grants: `${id}-grants` };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="stack space-form" data-testid="space-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{space ? t('spaces.admin.editHeading', { name: space.name }) : t('spaces.create')}</h3>
      <FormError error={save.error} fields={{ ...fields, grants: grantsError }} labels={labels} ids={ids} />
      <div className="grid-2 tight">
        <TextField ref={first} id={ids.name} label={labels.name} value={d.name} required maxLength={80} onChange={(e) => set('name', e.target.value)} error={fields.name} />
        <TextField
          id={ids.icon}
          label={labels.icon}
          hint={t('spaces.admin.iconHint')}
          value={d.icon}
          maxLength={16}
          onChange={(e) => set('icon', e.target.value)}
          error={fields.icon}
        />
      </div>
      <TextArea id={ids.description} label={labels.description} rows={2} value={d.description} maxLength={1000} onChange={(e) => set('description', e.target.value)} error={fields.description} />
      <div className="grid-2 tight">
        <Select label={t('spaces.admin.kind')} value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])} hint={t(`spaces.admin.kindHint.${d.kind}`)}>
          <option value="discussion">{t('spaces.admin.kinds.discussion')}</option>
          <option value="announcement">{t('spaces.admin.kinds.announcement')}</option>
        </Select>
        <Select
          label={t('spaces.admin.visibility')}
          value={d.visibility}
          onChange={(e) => set('visibility', e.target.value as Draft['visibility'])}
          hint={t(`spaces.admin.visibilityHint.${d.visibility}`)}
        >
          {(['public', 'members', 'restricted'] as const).map((v) => (
            <option key={v} value={v}>
              {t(`spaces.visibility.${v}`)}
            </option>
          ))}
        </Select>
      </div>
      {d.visibility === 'restricted' && (
        <GrantPicker id={ids.grants} value={d.grants} onChange={(v) => set('grants', v)} error={grantsError} />
      )}
      <Checkbox label={t('spaces.admin.optional')} hint={t('spaces.admin.optionalHint')} checked={d.optional} onChange={(e) => set('optional', e.target.checked)} />
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {space ? t('common.save') : t('spaces.admin.createSubmit')}
        </Button>
        <Button variant="ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
