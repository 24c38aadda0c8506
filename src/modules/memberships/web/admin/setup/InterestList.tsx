import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../../../web/guards.tsx';
import { Button, Card, Loading } from '../../../../../web/ui/index.ts';
import { type InterestStatus, useInterestList } from './data.ts';
import { formats } from './format.ts';

const k = 'memberships.setup.interest';
const STATUSES: InterestStatus[] = ['confirmed', 'pending', 'withdrawn'];
const TONE: Record<InterestStatus, string> = {
  confirmed: 'badge-success',
  pending: 'badge-info',
  withdrawn: '',
};

/** Who asked to hear about enrolment, with the record of their consent (version, time, address). */
export function InterestList() {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const [filter, setFilter] = useState<InterestStatus | 'all'>('all');
  const list = useInterestList(filter);
  const counts = list.data?.counts ?? {};
  const total = STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const stamp = (at: string | null, ip: string | null) =>
    at ? (
      <>
        {f.dateTime(at)}
        {ip && (
          <>
            <br />
            <span className="muted mono">{ip}</span>
          </>
        )}
      </>
    ) : (
      <span className="muted">–</span>
    );
  return (
    <Card title={t(`${k}.title`)} description={t(`${k}.lead`)}>
      {list.isPending && !list.data ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} />
      ) : (
        <div className="su-stack">
          <dl className="su-counts" data-testid="interest-counts">
            {STATUSES.map((s) => (
              <div key={s}>
                <dt>{t(`${k}.status.${s}`)}</dt>
                <dd>{counts[s] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <fieldset className="segmented su-filter">
            <legend className="sr-only">{t(`${k}.filter`)}</legend>
            {(['all', ...STATUSES] as const).map((s) => (
              <button key={s} type="button" aria-pressed={filter === s} onClick={() => setFilter(s)}>
                {s === 'all' ? t(`${k}.all`) : t(`${k}.status.${s}`)}
              </button>
            ))}
          </fieldset>
          {list.data.items.length === 0 ? (
            <p className="muted">{total === 0 ? t(`${k}.empty`) : t(`${k}.emptyFilter`)}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
            <section className="table-wrap" aria-label={t(`${k}.caption`)} tabIndex={0}>
              <table className="table" data-testid="interest-table">
                <caption className="sr-only">{t(`${k}.caption`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`${k}.col.email`)}</th>
                    <th scope="col">{t(`${k}.col.name`)}</th>
                    <th scope="col">{t(`${k}.col.status`)}</th>
                    <th scope="col">{t(`${k}.col.consent`)}</th>
                    <th scope="col">{t(`${k}.col.requested`)}</th>
                    <th scope="col">{t(`${k}.col.confirmed`)}</th>
                    <th scope="col">{t(`${k}.col.withdrawn`)}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((r) => (
                    <tr key={r.id}>
                      <td>{r.email}</td>
                      <td>{r.name || <span className="muted">–</span>}</td>
                      <td>
                        <span className={`badge ${TONE[r.status]}`}>{t(`${k}.status.${r.status}`)}</span>
                      </td>
                      <td>{t(`${k}.version`, { version: r.consentVersion })}</td>
                      <td>{stamp(r.requestedAt, r.requestedIp)}</td>
                      <td>{stamp(r.confirmedAt, r.confirmedIp)}</td>
                      <td>{stamp(r.withdrawnAt, null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {list.data.items.length >= 1000 && <p className="field-hint">{t(`${k}.capped`)}</p>}
          <div>
            <Button variant="secondary" size="sm" loading={list.isRefetching} onClick={() => list.refetch()}>
              {t(`${k}.refresh`)}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
