import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../../web/api.ts';
import { errorMessage } from '../../../../../web/errors.ts';
import { Alert, Button } from '../../../../../web/ui/index.ts';
import { type Price, type Product, type Tier } from '../../../schema.ts';
import { formatMoney } from '../../../money.ts';
import { refresh, setupKeys } from './data.ts';
import { dayOfUntil, formats } from './format.ts';
import { PriceForm } from './PriceForm.tsx';
import { useFocusBack } from './ui.tsx';

const k = 'memberships.setup.prices';

/** "5,00 € / Monat" in the reader's language. */
export function priceText(
  p: Pick<Price, 'amount' | 'currency' | 'interval'>,
  t: (k: string) => string,
  locale?: string,
) {
  return `${formatMoney(p.amount, p.currency, locale)} ${t(`memberships.common.per.${p.interval}`)}`;
}

/** A tier's prices: each can be retired or offered again, never changed; new ones are added below. */
export function PriceList({
  tier,
  products,
  smallBusiness,
  level,
  onStatus,
}: {
  tier: Tier;
  products: Product[];
  smallBusiness: boolean;
  level: 2 | 3;
  onStatus: (s: string) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [addRef, focusAdd] = useFocusBack();
  const H = level === 2 ? 'h3' : 'h4';
  const offered = tier.prices.filter((p) => p.active);
  return (
    <div className="su-block">
      <H className="su-subheading">{t(`${k}.heading`)}</H>
      {tier.free ? (
        <p className="muted">{t(`${k}.freeTier`)}</p>
      ) : (
        <>
          <p className="field-hint">{t(`${k}.neverEdited`)}</p>
          {offered.length === 0 && !tier.archived && (
            <Alert tone="info" announce={false}>
              {t(`${k}.noneOffered`)}
            </Alert>
          )}
          {tier.prices.length > 0 && (
            <ul className="list" data-testid="price-list">
              {tier.prices.map((p) => (
                <PriceRow key={p.id} price={p} products={products} onStatus={onStatus} />
              ))}
            </ul>
          )}
          {adding ? (
            <PriceForm
              tier={tier}
              products={products}
              smallBusiness={smallBusiness}
              onDone={(saved) => {
                setAdding(false);
                focusAdd();
                if (saved) onStatus(t(`${k}.added`, { name: tier.name }));
              }}
            />
          ) : (
            <div className="form-actions">
              <Button
                ref={addRef}
                variant="secondary"
                size="sm"
                onClick={() => setAdding(true)}
                data-testid="add-price"
              >
                {t(`${k}.add`)}
                <span className="sr-only">: {tier.name}</span>
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function PriceRow({
  price: p,
  products,
  onStatus,
}: {
  price: Price;
  products: Product[];
  onStatus: (s: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const text = priceText(p, t, i18n.resolvedLanguage);
  const toggle = useMutation({
    mutationFn: (active: boolean) =>
      api.patch<Price>(`/api/memberships/prices/${encodeURIComponent(p.id)}`, { active }),
    onSuccess: async (_, active) => {
      await refresh(setupKeys.tiers);
      onStatus(t(active ? `${k}.reoffered` : `${k}.retired`, { price: text }));
    },
  });
  const ended = p.availableUntil !== null && Date.parse(p.availableUntil) <= Date.now();
  const soldOut = p.maxUses !== null && p.uses >= p.maxUses;
  const names = p.productIds.map((pid) => products.find((x) => x.id === pid)?.name).filter(Boolean);
  return (
    <li data-testid="price-row">
      <div className="list-main">
        <p className="list-title">
          {text}
          {p.label && (
            <>
              {' '}
              <span className="badge badge-info">{p.label}</span>
            </>
          )}
        </p>
        <p className="list-meta">
          {[
            t(p.taxIncluded ? `${k}.taxIncluded` : `${k}.taxAdded`),
            p.maxUses !== null
              ? t(`${k}.places`, { uses: p.uses, max: p.maxUses })
              : p.uses > 0
                ? t(`${k}.sold`, { count: p.uses })
                : null,
            p.availableUntil ? t(`${k}.until`, { date: f.date(dayOfUntil(p.availableUntil)) }) : null,
            names.length ? t(`${k}.bundle`, { products: names.join(', ') }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      {!p.active ? (
        <span className="badge">{t(`${k}.state.retired`)}</span>
      ) : ended ? (
        <span className="badge">{t(`${k}.state.ended`)}</span>
      ) : soldOut ? (
        <span className="badge badge-warning">{t(`${k}.state.soldOut`)}</span>
      ) : (
        <span className="badge badge-success">{t(`${k}.state.offered`)}</span>
      )}
      <Button variant="ghost" size="sm" loading={toggle.isPending} onClick={() => toggle.mutate(!p.active)}>
        {t(p.active ? `${k}.retire` : `${k}.reoffer`)}
        <span className="sr-only">: {text}</span>
      </Button>
      {toggle.isError && (
        <p className="field-error" role="alert">
          {errorMessage(toggle.error, t)}
        </p>
      )}
    </li>
  );
}
