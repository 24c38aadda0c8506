import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors, hasErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Button, Card, ConfirmButton, Loading, TextArea, TextField } from '../../../../web/ui/index.ts';
import { type Coupon, type Product, type Tier } from '../../schema.ts';
import { formatMoney } from '../../money.ts';
import '../strings.ts';
import { CouponForm } from './setup/CouponForm.tsx';
import { refresh, setupKeys, useCoupons, useProducts, useTiers } from './setup/data.ts';
import { dayOfUntil, defined, formats, serverFieldErrors } from './setup/format.ts';
import { SetupFormError, useFocusBack } from './setup/ui.tsx';

const k = 'memberships.setup.offers';

/** `/admin/memberships/offers`: coupons, and the products that tiers can be sold together with. */
export default function OffersPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.common.tabs.offers'));
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="stack">
      <p className="sr-only" role="status">
        {status}
      </p>
      <CouponsCard onStatus={setStatus} />
      <ProductsCard onStatus={setStatus} />
    </div>
  );
}

function CouponsCard({ onStatus }: { onStatus: (s: string) => void }) {
  const { t } = useTranslation();
  const coupons = useCoupons();
  const tiers = useTiers();
  const [creating, setCreating] = useState(false);
  const [newRef, focusNew] = useFocusBack();
  const list = coupons.data ?? [];
  const current = list.filter((c) => !c.archived);
  const archived = list.filter((c) => c.archived);
  return (
    <Card title={t(`${k}.coupons.title`)} description={t(`${k}.coupons.lead`)}>
      {creating ? (
        <CouponForm
          tiers={(tiers.data ?? []).filter((x) => !x.archived)}
          onDone={(created) => {
            setCreating(false);
            focusNew();
            if (created) onStatus(t(`${k}.coupons.created`, { code: created.code }));
          }}
        />
      ) : (
        <div className="form-actions">
          <Button ref={newRef} onClick={() => setCreating(true)} data-testid="new-coupon">
            {t(`${k}.coupons.create`)}
          </Button>
        </div>
      )}
      {coupons.isPending ? (
        <Loading />
      ) : coupons.isError ? (
        <QueryError error={coupons.error} />
      ) : list.length === 0 ? (
        <p className="muted">{t(`${k}.coupons.empty`)}</p>
      ) : (
        <>
          <ul className="list" data-testid="coupon-list">
            {current.map((c) => (
              <CouponRow key={c.id} coupon={c} tiers={tiers.data ?? []} onStatus={onStatus} />
            ))}
          </ul>
          {archived.length > 0 && (
            <details className="su-block">
              <summary>{t(`${k}.coupons.archivedHeading`, { count: archived.length })}</summary>
              <ul className="list">
                {archived.map((c) => (
                  <CouponRow key={c.id} coupon={c} tiers={tiers.data ?? []} onStatus={onStatus} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </Card>
  );
}

function CouponRow({
  coupon: c,
  tiers,
  onStatus,
}: {
  coupon: Coupon;
  tiers: Tier[];
  onStatus: (s: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const archive = useMutation({
    mutationFn: () => api.delete(`/api/memberships/coupons/${encodeURIComponent(c.id)}`),
    onSuccess: async () => {
      await refresh(setupKeys.coupons);
      onStatus(t(`${k}.coupons.archived`, { code: c.code }));
    },
  });
  const discount =
    c.percentOff !== null
      ? t(`${k}.coupons.percentOff`, { percent: c.percentOff })
      : t(`${k}.coupons.amountOff`, {
          amount: formatMoney(c.amountOff ?? 0, c.currency ?? 'EUR', i18n.resolvedLanguage),
        });
  const duration =
    c.duration === 'repeating'
      ? t(`${k}.coupons.duration.repeating`, { count: c.durationMonths ?? 1 })
      : t(`${k}.coupons.duration.${c.duration}`);
  const expired = c.expiresAt !== null && Date.parse(c.expiresAt) <= Date.now();
  const usedUp = c.maxRedemptions !== null && c.redemptions >= c.maxRedemptions;
  const tierNames = c.tierIds.map((id) => tiers.find((x) => x.id === id)?.name).filter(Boolean);
  return (
    <li data-testid="coupon-row">
      <div className="list-main">
        <p className="list-title">
          <span className="mono">{c.code}</span> · {discount}, {duration}
        </p>
        <p className="list-meta">
          {[
            t(`${k}.coupons.redemptions`, {
              used: c.redemptions,
              max: c.maxRedemptions ?? t(`${k}.coupons.unlimited`),
            }),
            c.expiresAt ? t(`${k}.coupons.expires`, { date: f.date(dayOfUntil(c.expiresAt)) }) : null,
            tierNames.length
              ? t(`${k}.coupons.onlyTiers`, { tiers: tierNames.join(', ') })
              : t(`${k}.coupons.allTiers`),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      {c.archived ? (
        <span className="badge">{t(`${k}.coupons.state.archived`)}</span>
      ) : expired ? (
        <span className="badge">{t(`${k}.coupons.state.expired`)}</span>
      ) : usedUp ? (
        <span className="badge badge-warning">{t(`${k}.coupons.state.usedUp`)}</span>
      ) : (
        <span className="badge badge-success">{t(`${k}.coupons.state.valid`)}</span>
      )}
      {!c.archived && (
        <ConfirmButton
          label={
            <>
              {t(`${k}.coupons.archive`)}
              <span className="sr-only">: {c.code}</span>
            </>
          }
          question={t(`${k}.coupons.archiveQuestion`, { code: c.code })}
          confirmLabel={t(`${k}.coupons.archiveConfirm`)}
          loading={archive.isPending}
          onConfirm={() => archive.mutate()}
        />
      )}
      {archive.isError && (
        <p className="field-error" role="alert">
          {errorMessage(archive.error, t)}
        </p>
      )}
    </li>
  );
}

function ProductsCard({ onStatus }: { onStatus: (s: string) => void }) {
  const { t } = useTranslation();
  const products = useProducts();
  const [creating, setCreating] = useState(false);
  const [newRef, focusNew] = useFocusBack();
  const list = products.data ?? [];
  const current = list.filter((p) => !p.archived);
  return (
    <Card title={t(`${k}.products.title`)} description={t(`${k}.products.lead`)}>
      <p className="muted">{t(`${k}.products.bundle`)}</p>
      {creating ? (
        <ProductForm
          onDone={(created) => {
            setCreating(false);
            focusNew();
            if (created) onStatus(t(`${k}.products.created`, { name: created.name }));
          }}
        />
      ) : (
        <div className="form-actions">
          <Button ref={newRef} onClick={() => setCreating(true)} data-testid="new-product">
            {t(`${k}.products.create`)}
          </Button>
        </div>
      )}
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <QueryError error={products.error} />
      ) : current.length === 0 ? (
        <p className="muted">{t(`${k}.products.empty`)}</p>
      ) : (
        <ul className="list" data-testid="product-list">
          {current.map((p) => (
            <ProductRow key={p.id} product={p} onStatus={onStatus} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function ProductRow({ product: p, onStatus }: { product: Product; onStatus: (s: string) => void }) {
  const { t } = useTranslation();
  const archive = useMutation({
    mutationFn: () => api.delete(`/api/memberships/products/${encodeURIComponent(p.id)}`),
    onSuccess: async () => {
      await refresh(setupKeys.products);
      onStatus(t(`${k}.products.archived`, { name: p.name }));
    },
  });
  return (
    <li data-testid="product-row">
      <div className="list-main">
        <p className="list-title">{p.name}</p>
        {p.description && <p className="list-meta su-preline">{p.description}</p>}
      </div>
      <ConfirmButton
        label={
          <>
            {t(`${k}.products.archive`)}
            <span className="sr-only">: {p.name}</span>
          </>
        }
        question={t(`${k}.products.archiveQuestion`, { name: p.name })}
        confirmLabel={t(`${k}.products.archiveConfirm`)}
        loading={archive.isPending}
        onConfirm={() => archive.mutate()}
      />
      {archive.isError && (
        <p className="field-error" role="alert">
          {errorMessage(archive.error, t)}
        </p>
      )}
    </li>
  );
}

function ProductForm({ onDone }: { onDone: (saved: Product | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = useMutation({
    mutationFn: () =>
      api.post<Product>('/api/memberships/products', { name: name.trim(), description: description.trim() }),
    onSuccess: async (saved) => {
      await refresh(setupKeys.products);
      onDone(saved);
    },
  });
  const labels = { name: t(`${k}.products.name`), description: t(`${k}.products.description`) };
  const ids = { name: `${id}-name`, description: `${id}-desc` };
  const fields = { ...serverFieldErrors(save.error, t), ...defined(errors) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = { name: name.trim() ? undefined : t('validation.required') };
    setErrors(found);
    if (!hasErrors(found)) save.mutate();
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="stack space-form"
      aria-labelledby={`${id}-h`}
      data-testid="product-form"
    >
      <h3 id={`${id}-h`}>{t(`${k}.products.createHeading`)}</h3>
      <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
      <TextField
        ref={first}
        id={ids.name}
        label={labels.name}
        placeholder={t(`${k}.products.namePlaceholder`)}
        required
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <TextArea
        id={ids.description}
        label={labels.description}
        hint={t(`${k}.products.descriptionHint`)}
        placeholder={t(`${k}.products.descriptionPlaceholder`)}
        rows={2}
        maxLength={2000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fields.description}
      />
      <div className="form-actions">
        <Button type="submit" loading={save.isPending}>
          {t(`${k}.products.submit`)}
        </Button>
        <Button variant="ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
