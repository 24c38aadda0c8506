import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../../web/ui/index.ts';
import type { Format, Subscription } from './peopleData.ts';

const P = 'memberships.people.members';

const isPausedNow = (s: Subscription, now: number) =>
  Boolean(s.pauseFrom && Date.parse(s.pauseFrom) <= now && (!s.pauseUntil || Date.parse(s.pauseUntil) > now));

/** One membership as badges: tier, status, how it is paid, founding, pause and end dates. */
export function MembershipLine({
  sub: s,
  memberName,
  f,
  onRevoke,
}: {
  sub: Subscription;
  memberName: string;
  f: Format;
  onRevoke: () => void;
}) {
  const { t } = useTranslation();
  const now = Date.now();
  const paused = isPausedNow(s, now);
  const ended = s.status === 'expired' || s.status === 'void';
  const tone = paused
    ? 'badge-info'
    : s.status === 'active' || s.status === 'trialing'
      ? 'badge-success'
      : s.status === 'pending' || s.status === 'past_due'
        ? 'badge-warning'
        : '';
  const end = s.currentPeriodEnd ? f.date(s.currentPeriodEnd) : null;
  let when: string | null = null;
  if (paused)
    when = s.pauseUntil ? t(`${P}.pausedUntil`, { date: f.date(s.pauseUntil) }) : t(`${P}.pausedOpen`);
  else if (s.pauseFrom && Date.parse(s.pauseFrom) > now)
    when = t(`${P}.pauseFrom`, {
      from: f.date(s.pauseFrom),
      until: s.pauseUntil ? f.date(s.pauseUntil) : '…',
    });
  else if (ended && end) when = t(`${P}.endedAt`, { date: end });
  else if (
    end &&
    (s.cancelAtPeriodEnd ||
      s.status === 'canceled' ||
      s.provider === 'grant' ||
      s.provider === 'free' ||
      s.interval === 'once')
  )
    when = t(`${P}.endsAt`, { date: end });
  else if (end && s.status !== 'pending') when = t(`${P}.paidUntil`, { date: end });
  else if (!end && s.active) when = t(`${P}.noEnd`);
  return (
    <li className={ended ? 'is-ended' : undefined} data-testid="ms-sub">
      <span className="badge ms-tier-badge">{s.tierName}</span>{' '}
      <span className={`badge ${tone}`}>
        {paused ? t('memberships.common.paused') : t(`memberships.common.status.${s.status}`)}
      </span>{' '}
      {s.founding && (
        <>
          <span className="badge badge-info">{t('memberships.common.founding')}</span>{' '}
        </>
      )}
      <span className="ms-sub-meta">
        {t(`memberships.common.provider.${s.provider}`)}
        {s.amount !== null && s.currency && s.interval && (
          <>
            {' · '}
            {f.money(s.amount, s.currency)} {t(`memberships.common.per.${s.interval}`)}
          </>
        )}
        {when && <> · {when}</>}
      </span>
      {s.status === 'pending' && s.provider === 'manual' && (
        <Link className="ms-sub-link" to="/admin/memberships/payments">
          {t(`${P}.toPayment`)}
        </Link>
      )}
      {!ended && (
        <Button variant="ghost" size="sm" className="ms-sub-end" onClick={onRevoke}>
          {t(`${P}.revoke`)}
          <span className="sr-only">: {t(`${P}.revokeWhat`, { tier: s.tierName, name: memberName })}</span>
        </Button>
      )}
    </li>
  );
}
