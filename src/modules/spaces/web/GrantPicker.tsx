import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { Checkbox } from '../../../web/ui/index.ts';
import type { Product, Tier } from '../../memberships/schema.ts';

const ROLES = ['moderator', 'admin'] as const;

/**
 * Who may see a restricted space: roles, membership tiers and products as checkboxes (hosts only;
 * the memberships module defines what `tier:<id>` and `product:<id>` mean). Unknown grants are kept.
 */
export function GrantPicker({ value, onChange, error, id }: { value: string[]; onChange: (v: string[]) => void; error?: string; id: string }) {
  const { t } = useTranslation();
  const tiers = useQuery({ queryKey: ['memberships', 'tiers'], queryFn: () => api.get<{ items: Tier[] }>('/api/memberships/tiers') });
  const products = useQuery({ queryKey: ['memberships', 'products'], queryFn: () => api.get<{ items: Product[] }>('/api/memberships/products') });
  const has = new Set(value);
  const toggle = (grant: string, on: boolean) => onChange(on ? [...value.filter((g) => g !== grant), grant] : value.filter((g) => g !== grant));
  const known = new Set<string>([
    ...ROLES.map((r) => `role:${r}`),
    ...(tiers.data?.items ?? []).map((x) => `tier:${x.id}`),
    ...(products.data?.items ?? []).map((x) => `product:${x.id}`),
  ]);
  const other = tiers.isSuccess && products.isSuccess ? value.filter((g) => !known.has(g)) : [];
  const liveTiers = (tiers.data?.items ?? []).filter((x) => !x.archived || has.has(`tier:${x.id}`));
  const liveProducts = (products.data?.items ?? []).filter((x) => !x.archived || has.has(`product:${x.id}`));
  return (
    <fieldset className="field grant-picker" id={id} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} aria-invalid={error ? true : undefined}>
      <legend>{t('spaces.admin.grants')}</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {t('spaces.admin.grantsHint')}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <p className="grant-group">{t('spaces.admin.grantsTiers')}</p>
      {liveTiers.length === 0 ? (
        <p className="muted">
          {t('spaces.admin.grantsNoTiers')} <Link to="/admin/memberships/tiers">{t('spaces.admin.grantsSetUpTiers')}</Link>
        </p>
      ) : (
        liveTiers.map((x) => <Checkbox key={x.id} label={x.name} checked={has.has(`tier:${x.id}`)} onChange={(e) => toggle(`tier:${x.id}`, e.target.checked)} />)
      )}
      {liveProducts.length > 0 && <p className="grant-group">{t('spaces.admin.grantsProducts')}</p>}
      {liveProducts.map((x) => (
        <Checkbox key={x.id} label={x.name} checked={has.has(`product:${x.id}`)} onChange={(e) => toggle(`product:${x.id}`, e.target.checked)} />
      ))}
      <p className="grant-group">{t('spaces.admin.grantsRoles')}</p>
      {ROLES.map((r) => (
        <Checkbox key={r} label={t(`spaces.admin.grantRole.${r}`)} checked={has.has(`role:${r}`)} onChange={(e) => toggle(`role:${r}`, e.target.checked)} />
      ))}
      {other.map((g) => (
        <Checkbox key={g} label={t('spaces.admin.grantsOther', { grant: g })} checked onChange={(e) => toggle(g, e.target.checked)} />
      ))}
    </fieldset>
  );
}

/** Readable names for grants ("Stufe 2" instead of `tier:<id>`), for lists. */
export function useGrantLabel(): (grant: string) => string {
  const { t } = useTranslation();
  const tiers = useQuery({ queryKey: ['memberships', 'tiers'], queryFn: () => api.get<{ items: Tier[] }>('/api/memberships/tiers') });
  const products = useQuery({ queryKey: ['memberships', 'products'], queryFn: () => api.get<{ items: Product[] }>('/api/memberships/products') });
  return (grant) => {
    const [kind, id] = grant.split(':');
    if (kind === 'tier') return tiers.data?.items.find((x) => x.id === id)?.name ?? grant;
    if (kind === 'product') return products.data?.items.find((x) => x.id === id)?.name ?? grant;
    if (kind === 'role' && (id === 'moderator' || id === 'admin')) return t(`spaces.admin.grantRole.${id}`);
    return grant;
  };
}
