import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Alert, Button, Card, ConfirmButton, Loading } from '../../../../web/ui/index.ts';
import type { Product, Tier } from '../../schema.ts';
import '../strings.ts';
import { refresh, setupKeys, useProducts, useSettings, useTiers } from './setup/data.ts';
import { PriceList } from './setup/PriceList.tsx';
import { inputOf, TierForm } from './setup/TierForm.tsx';
import { ActionError, CopyField, useFocusBack } from './setup/ui.tsx';

const k = 'memberships.setup.tiers';

/** `/admin/memberships/tiers`: the tiers in their order, each with what it includes and its prices. */
export default function TiersPage() {
  const { t } = useTranslation();
  useTitle(t(`${k}.title`));
  const tiers = useTiers();
  const products = useProducts();
  const settings = useSettings();
  const [creating, setCreating] = useState(false);
  const [newRef, focusNew] = useFocusBack();
  const [status, setStatus] = useState<string | null>(null);

  const move = useMutation({
    mutationFn: async ({ list, from, to }: { list: Tier[]; from: number; to: number }) => {
      const order = [...list];
      const [item] = order.splice(from, 1);
      order.splice(to, 0, item!);
      // Positions become 0..n-1 in the new order; only changed ones are written.
      await Promise.all(
        order.map((tier, i) =>
          tier.position === i
            ? null
            : api.put(`/api/memberships/tiers/${encodeURIComponent(tier.id)}`, {
                ...inputOf(tier),
                position: i,
              }),
        ),
      );
      return item!;
    },
    onSuccess: async (item, v) => {
      await refresh(setupKeys.tiers);
      setStatus(t(`${k}.moved`, { name: item.name, position: v.to + 1 }));
      // Keep focus on the moved tier: the same arrow, or the other one when it reached an end.
      requestAnimationFrame(() => {
        const [same, other] = v.to < v.from ? ['up', 'down'] : ['down', 'up'];
        const el = document.getElementById(`move-${item.id}-${same}`) as HTMLButtonElement | null;
        (el && !el.disabled ? el : document.getElementById(`move-${item.id}-${other}`))?.focus();
      });
    },
  });

  const all = tiers.data ?? [];
  const selling = all.filter((x) => !x.archived);
  const archived = all.filter((x) => x.archived);
  // Archived tiers keep their place after the ones on sale, so moving never mixes the two.
  const ordered = [...selling, ...archived];

  return (
    <div className="stack">
      <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
        <p className="sr-only" role="status">
          {status}
        </p>
        {creating ? (
          <TierForm
            onDone={(created) => {
              setCreating(false);
              focusNew();
              if (created) setStatus(t(`${k}.created`, { name: created.name }));
            }}
          />
        ) : (
          <div className="form-actions">
            <Button ref={newRef} onClick={() => setCreating(true)} data-testid="new-tier">
              {t(`${k}.create`)}
            </Button>
          </div>
        )}
        {tiers.isSuccess && all.length === 0 && !creating && <p className="muted">{t(`${k}.empty`)}</p>}
        {move.isError && <Alert tone="error">{errorMessage(move.error, t)}</Alert>}
      </Card>
      {tiers.isPending ? (
        <Loading />
      ) : tiers.isError ? (
        <QueryError error={tiers.error} />
      ) : (
        <>
          {selling.map((tier, i) => (
            <TierCard
              key={tier.id}
              tier={tier}
              first={i === 0}
              products={products.data ?? []}
              smallBusiness={settings.data?.smallBusiness ?? false}
              onStatus={setStatus}
              move={{
                up: i > 0 ? () => move.mutate({ list: ordered, from: i, to: i - 1 }) : null,
                down:
                  i < selling.length - 1 ? () => move.mutate({ list: ordered, from: i, to: i + 1 }) : null,
                busy: move.isPending,
              }}
            />
          ))}
          {archived.length > 0 && (
            <section className="stack" aria-labelledby="archived-tiers">
              <h2 id="archived-tiers" className="card-title">
                {t(`${k}.archivedHeading`)}
              </h2>
              {archived.map((tier) => (
                <TierCard
                  key={tier.id}
                  tier={tier}
                  level={3}
                  products={products.data ?? []}
                  smallBusiness={settings.data?.smallBusiness ?? false}
                  onStatus={setStatus}
                />
              ))}
            </section>
          )}
        </>
      )}
    </div>
  );
}

function TierCard({
  tier,
  products,
  smallBusiness,
  onStatus,
  move,
  level = 2,
  first = false,
}: {
  tier: Tier;
  products: Product[];
  smallBusiness: boolean;
  onStatus: (s: string) => void;
  move?: { up: (() => void) | null; down: (() => void) | null; busy: boolean };
  level?: 2 | 3;
  /** The top tier: there is nothing above it to include. */
  first?: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [editRef, focusEdit] = useFocusBack();
  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      api.post(`/api/memberships/tiers/${encodeURIComponent(tier.id)}/archive`, { archived }),
    onSuccess: async (_, archived) => {
      await refresh(setupKeys.tiers);
      onStatus(t(archived ? `${k}.archived` : `${k}.unarchived`, { name: tier.name }));
    },
  });
  const newLink = useMutation({
    mutationFn: () => api.post<Tier>(`/api/memberships/tiers/${encodeURIComponent(tier.id)}/invite-code`),
    onSuccess: async () => {
      await refresh(setupKeys.tiers);
      onStatus(t(`${k}.newLinkDone`, { name: tier.name }));
    },
  });
  const members =
    tier.memberLimit === null
      ? t(`${k}.members`, { count: tier.members })
      : t(`${k}.membersOfLimit`, { count: tier.members, limit: tier.memberLimit });
  const inviteUrl = tier.inviteCode
    ? `${location.origin}/checkout?tier=${encodeURIComponent(tier.id)}&invite=${encodeURIComponent(tier.inviteCode)}`
    : '';

  return (
    <Card as="article" level={level} title={tier.name} data-testid="tier-card">
      <p className="su-meta">
        <span>{members}</span>
        {tier.archived && <span className="badge">{t(`${k}.badge.archived`)}</span>}
        {tier.free && <span className="badge badge-info">{t('memberships.common.free')}</span>}
        {tier.inviteOnly && <span className="badge badge-info">{t(`${k}.badge.inviteOnly`)}</span>}
        {tier.trialDays > 0 && (
          <span className="badge">{t(`${k}.badge.trial`, { count: tier.trialDays })}</span>
        )}
        {tier.includesLower && !first && <span className="badge">{t(`${k}.badge.includesLower`)}</span>}
        {tier.memberLimit !== null && tier.members >= tier.memberLimit && (
          <span className="badge badge-warning">{t(`${k}.badge.full`)}</span>
        )}
      </p>
      {tier.description && <p className="su-preline">{tier.description}</p>}
      {tier.includes.length > 0 && (
        <>
          <p className="su-subheading">{t(`${k}.includes`)}</p>
          <ul className="su-includes">
            {tier.includes.map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same line may appear twice
              <li key={i}>{item}</li>
            ))}
          </ul>
        </>
      )}
      <div className="row-actions">
        <Button
          ref={editRef}
          variant="secondary"
          size="sm"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          {t(`${k}.edit`)}
          <span className="sr-only">: {tier.name}</span>
        </Button>
        {move && (
          <>
            <Button
              id={`move-${tier.id}-up`}
              variant="ghost"
              size="sm"
              disabled={!move.up || move.busy}
              onClick={() => move.up?.()}
            >
              <span aria-hidden="true">↑</span>
              <span className="sr-only">{t(`${k}.moveUp`, { name: tier.name })}</span>
            </Button>
            <Button
              id={`move-${tier.id}-down`}
              variant="ghost"
              size="sm"
              disabled={!move.down || move.busy}
              onClick={() => move.down?.()}
            >
              <span aria-hidden="true">↓</span>
              <span className="sr-only">{t(`${k}.moveDown`, { name: tier.name })}</span>
            </Button>
          </>
        )}
        {tier.archived ? (
          <Button variant="ghost" size="sm" loading={archive.isPending} onClick={() => archive.mutate(false)}>
            {t(`${k}.unarchive`)}
            <span className="sr-only">: {tier.name}</span>
          </Button>
        ) : (
          <ConfirmButton
            label={
              <>
                {t(`${k}.archive`)}
                <span className="sr-only">: {tier.name}</span>
              </>
            }
            question={t(`${k}.archiveQuestion`, { name: tier.name })}
            confirmLabel={t(`${k}.archiveConfirm`)}
            loading={archive.isPending}
            onConfirm={() => archive.mutate(true)}
          />
        )}
      </div>
      <ActionError action={archive} />
      {editing && (
        <div className="su-block">
          <TierForm
            tier={tier}
            onDone={(saved) => {
              setEditing(false);
              focusEdit();
              if (saved) onStatus(t(`${k}.saved`, { name: saved.name }));
            }}
          />
        </div>
      )}
      {tier.inviteOnly && tier.inviteCode && (
        <div className="su-block">
          <CopyField
            label={t(`${k}.inviteLink`)}
            value={inviteUrl}
            hint={t(`${k}.inviteLinkHint`)}
            testId="invite-link"
          />
          <ConfirmButton
            label={t(`${k}.newLink`)}
            question={t(`${k}.newLinkQuestion`)}
            confirmLabel={t(`${k}.newLinkConfirm`)}
            loading={newLink.isPending}
            onConfirm={() => newLink.mutate()}
          />
          <ActionError action={newLink} />
        </div>
      )}
      <PriceList
        tier={tier}
        products={products}
        smallBusiness={smallBusiness}
        level={level}
        onStatus={onStatus}
      />
      <p className="su-block field-hint">
        {t(`${k}.spacesHint`)} <Link to="/admin/spaces">{t(`${k}.toSpaces`)}</Link>
      </p>
    </Card>
  );
}
