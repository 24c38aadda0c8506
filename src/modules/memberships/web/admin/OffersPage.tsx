import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Card, ConfirmButton, Loading, TextArea, TextField } from '../../../../web/ui/index.ts';
import { formatMoney } from '../../money.ts';
import type { Coupon, Product, Tier } from '../../schema.ts';
import '../strings.ts';
import { CouponForm } from './setup/CouponForm.tsx';
import { refresh, refreshThen, setupKeys, useCoupons, useProducts, useTiers } from './setup/data.ts';
import { dayOfUntil, formats } from './setup/format.ts';
import { ActionError, FormFrame, NewItem } from './setup/ui.tsx';
import { useSetupForm } from './setup/useSetupForm.ts';

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
  const list = coupons.data ?? [];
  const current = list.filter((c) => !c.archived);
  const archived = list.filter((c) => c.archived);
  return (
    <Card title={t(`${k}.coupons.title`)} description={t(`${k}.coupons.lead`)}>
      <NewItem label={t(`${k}.coupons.create`)} testId="new-coupon">
        {(close) => (
          <CouponForm
            tiers={(tiers.data ?? []).filter((x) => !x.archived)}
            onDone={(created) => {
              close();
              if (created) onStatus(t(`${k}.coupons.created`, { code: created.code }));
            }}
          />
        )}
      </NewItem>
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
      <ActionError action={archive} />
    </li>
  );
}

function ProductsCard({ onStatus }: { onStatus: (s: string) => void }) {
  const { t } = useTranslation();
  const products = useProducts();
  const list = products.data ?? [];
  const current = list.filter((p) => !p.archived);
  return (
    <Card title={t(`${k}.products.title`)} description={t(`${k}.products.lead`)}>
      <p className="muted">{t(`${k}.products.bundle`)}</p>
      <NewItem label={t(`${k}.products.create`)} testId="new-product">
        {(close) => (
          <ProductForm
            onDone={(created) => {
              close();
              if (created) onStatus(t(`${k}.products.created`, { name: created.name }));
            }}
          />
        )}
      </NewItem>
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
      <ActionError action={archive} />
    </li>
  );
}

function ProductForm({ onDone }: { onDone: (saved: Product | null) => void }) {
  const { t } = useTranslation();
  const form = useSetupForm({
    initial: { name: '', description: '' },
    labels: { name: t(`${k}.products.name`), description: t(`${k}.products.description`) },
    save: {
      mutationFn: (body: { name: string; description: string }) =>
        api.post<Product>('/api/memberships/products', body),
      onSuccess: refreshThen(setupKeys.products, onDone),
    },
  });
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const { d } = form;
  const submit = () => {
    if (form.check({ name: d.name.trim() ? undefined : t('validation.required') })) {
      form.save.mutate({ name: d.name.trim(), description: d.description.trim() });
    }
  };
  return (
    <FormFrame
      form={form}
      heading={t(`${k}.products.createHeading`)}
      testId="product-form"
      onSubmit={submit}
      submitLabel={t(`${k}.products.submit`)}
      onCancel={() => onDone(null)}
    >
      <TextField
        {...form.text('name')}
        ref={first}
        placeholder={t(`${k}.products.namePlaceholder`)}
        required
        maxLength={120}
      />
      <TextArea
        {...form.text('description')}
        hint={t(`${k}.products.descriptionHint`)}
        placeholder={t(`${k}.products.descriptionPlaceholder`)}
        rows={2}
        maxLength={2000}
      />
    </FormFrame>
  );
}
