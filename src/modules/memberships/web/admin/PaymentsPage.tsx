import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../../web/api.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Button, Card, Loading, Select, TextField } from '../../../../web/ui/index.ts';
import '../strings.ts';
import { TableWrap } from './charts.tsx';
import {
  INVOICE_STATUSES,
  type InvoiceStatus,
  type InvoiceSummary,
  peopleError,
  peopleKeys,
  refreshMemberships,
  useFormat,
} from './peopleData.ts';

const P = 'memberships.people.payments';
/** The server answers with at most this many invoices (newest first). */
const SERVER_LIMIT = 200;

const isStatus = (v: string | null): v is InvoiceStatus =>
  (INVOICE_STATUSES as readonly string[]).includes(v ?? '');

function useInvoices(status: InvoiceStatus | 'all') {
  return useQuery({
    queryKey: peopleKeys.invoices(status),
    queryFn: ({ signal }) =>
      api.get<{ items: InvoiceSummary[] }>(
        `/api/memberships/invoices${status === 'all' ? '' : `?status=${status}`}`,
        signal,
      ),
  });
}

const isOverdue = (i: InvoiceSummary) =>
  i.status === 'open' && i.dueAt !== null && Date.parse(i.dueAt) < Date.now();

/** `/admin/memberships/payments`: bank transfers to confirm first, then every invoice with its PDF. */
export default function PaymentsPage() {
  const { t } = useTranslation();
  useTitle(t(`${P}.title`));
  const [announce, setAnnounce] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const open = useInvoices('open');
  // Oldest due date first: overdue transfers are the ones to look for on the bank statement.
  const openItems = [...(open.data?.items ?? [])].sort((a, b) =>
    (a.dueAt ?? a.issuedAt).localeCompare(b.dueAt ?? b.issuedAt),
  );

  return (
    <div className="stack" data-testid="ms-payments">
      <p className="sr-only" role="status">
        {announce}
      </p>
      <Card as="section" aria-labelledby="ms-open-payments">
        <h2 id="ms-open-payments" className="card-title" ref={heading} tabIndex={-1}>
          {t(`${P}.openTitle`)}
        </h2>
        <p className="card-description">{t(`${P}.explain`)}</p>
        {open.isPending ? (
          <Loading />
        ) : open.isError ? (
          <QueryError error={open.error} />
        ) : openItems.length === 0 ? (
          <p className="muted">{t(`${P}.noOpen`)}</p>
        ) : (
          <ul className="list ms-invoices" data-testid="ms-open-invoices">
            {openItems.map((i) => (
              <OpenInvoice
                key={i.id}
                invoice={i}
                onConfirmed={(message) => {
                  setAnnounce(message);
                  heading.current?.focus();
                }}
              />
            ))}
          </ul>
        )}
      </Card>
      <AllInvoices />
    </div>
  );
}

function OpenInvoice({
  invoice: i,
  onConfirmed,
}: {
  invoice: InvoiceSummary;
  onConfirmed: (message: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const amount = f.money(i.grossTotal, i.currency);
  const overdue = isOverdue(i);
  return (
    <li className="ms-invoice" data-testid="ms-open-invoice">
      <div className="list-main">
        <p className="list-title">
          {i.member.name} <span className="ms-amount">{amount}</span>
        </p>
        <p className="list-meta">
          {t(`${P}.numberShort`, { number: i.number })} · {i.description}
        </p>
        <p className="list-meta">
          {i.member.email}
          {i.provider === 'stripe' && <> · {t('memberships.common.provider.stripe')}</>}
        </p>
        <p className="list-meta">
          {t(`${P}.issuedOn`, { date: f.date(i.issuedAt) })}
          {i.dueAt && (
            <>
              {' · '}
              <span className={overdue ? 'ms-overdue' : undefined}>
                {t(`${P}.dueOn`, { date: f.date(i.dueAt) })}
              </span>
            </>
          )}
          {overdue && (
            <>
              {' '}
              <span className="badge badge-error">{t(`${P}.overdue`)}</span>
            </>
          )}
        </p>
      </div>
      <div className="row-actions">
        {i.provider === 'manual' && <ConfirmPayment invoice={i} amount={amount} onConfirmed={onConfirmed} />}
        <VoidInvoice invoice={i} onVoided={onConfirmed} />
        <a className="btn btn-ghost btn-sm" href={i.pdfUrl} download>
          {t(`${P}.pdf`)}
          <span className="sr-only"> {t(`${P}.pdfOf`, { number: i.number })}</span>
        </a>
      </div>
    </li>
  );
}

/** "Zahlung eingegangen" asks once, naming the amount and the member, before it unlocks the membership. */
function ConfirmPayment({
  invoice: i,
  amount,
  onConfirmed,
}: {
  invoice: InvoiceSummary;
  amount: string;
  onConfirmed: (m: string) => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const confirm = useMutation({
    mutationFn: () =>
      api.post<InvoiceSummary>(`/api/memberships/invoices/${encodeURIComponent(i.id)}/confirm`),
    onSuccess: async () => {
      onConfirmed(t(`${P}.confirmed`, { name: i.member.name, amount }));
      await refreshMemberships();
    },
  });
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  return (
    <>
      {asking ? (
        <span className="confirm ms-confirm" data-testid="ms-confirm-step">
          <span className="confirm-question">
            {t(`${P}.confirmQuestion`, { amount, name: i.member.name, number: i.number })}
          </span>
          <Button size="sm" loading={confirm.isPending} onClick={() => confirm.mutate()}>
            {t(`${P}.confirmYes`)}
          </Button>
          <Button
            ref={cancelRef}
            variant="secondary"
            size="sm"
            disabled={confirm.isPending}
            onClick={() => setAsking(false)}
          >
            {t('common.cancel')}
          </Button>
        </span>
      ) : (
        <Button ref={openRef} size="sm" onClick={() => setAsking(true)}>
          {t(`${P}.confirm`)}
          <span className="sr-only">
            : {t(`${P}.confirmWhat`, { number: i.number, name: i.member.name })}
          </span>
        </Button>
      )}
      {confirm.isError && (
        <p className="field-error ms-row-error" role="alert">
          {peopleError(confirm.error, t, `${P}.confirmConflict`)}
        </p>
      )}
    </>
  );
}

/**
 * "Stornieren": a wrong or doubled invoice is cancelled with a reason (it keeps its number); an order
 * that was never paid is given up with it, so the member can order again.
 */
function VoidInvoice({ invoice: i, onVoided }: { invoice: InvoiceSummary; onVoided: (m: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);
  const cancel = useMutation({
    mutationFn: () => api.post<InvoiceSummary>(`/api/memberships/invoices/${encodeURIComponent(i.id)}/void`, { reason: reason.trim() }),
    onSuccess: async () => {
      onVoided(t(`${P}.voided`, { number: i.number }));
      await refreshMemberships();
    },
  });
  useEffect(() => {
    if (open) fieldRef.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        {t(`${P}.void`)}
        <span className="sr-only"> {t(`${P}.confirmWhat`, { number: i.number, name: i.member.name })}</span>
      </Button>
    );
  }
  return (
    <form
      className="ms-void"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const short = reason.trim().length < 3;
        setMissing(short);
        if (short) fieldRef.current?.focus();
        else cancel.mutate();
      }}
    >
      <TextField
        ref={fieldRef}
        label={t(`${P}.voidReason`, { number: i.number })}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        error={missing ? t(`${P}.voidReasonMissing`) : undefined}
      />
      <Button type="submit" variant="danger" size="sm" loading={cancel.isPending}>
        {t(`${P}.voidSubmit`)}
      </Button>
      <Button variant="secondary" size="sm" disabled={cancel.isPending} onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </Button>
      {cancel.isError && (
        <p className="field-error ms-row-error" role="alert">
          {peopleError(cancel.error, t, `${P}.confirmConflict`)}
        </p>
      )}
    </form>
  );
}

function AllInvoices() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : 'all';
  const invoices = useInvoices(status);
  const items = invoices.data?.items ?? [];
  return (
    <Card as="section" aria-labelledby="ms-all-invoices">
      <h2 id="ms-all-invoices" className="card-title">
        {t(`${P}.allTitle`)}
      </h2>
      <div className="ms-toolbar">
        <Select
          label={t(`${P}.statusFilter`)}
          inline
          value={status === 'all' ? '' : status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
        >
          <option value="">{t(`${P}.allStatuses`)}</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`memberships.common.invoiceStatus.${s}`)}
            </option>
          ))}
        </Select>
      </div>
      {invoices.isPending ? (
        <Loading />
      ) : invoices.isError ? (
        <QueryError error={invoices.error} />
      ) : items.length === 0 ? (
        <p className="muted" role="status">
          {t(`${P}.noInvoices`)}
        </p>
      ) : (
        <>
          <p className="list-meta" role="status">
            {items.length >= SERVER_LIMIT
              ? t(`${P}.limited`, { limit: SERVER_LIMIT })
              : t(`${P}.count`, { count: items.length })}
          </p>
          <TableWrap label={t(`${P}.table`)}>
            <table className="table ms-invoice-table" data-testid="ms-invoice-table">
              <thead>
                <tr>
                  <th scope="col">{t(`${P}.number`)}</th>
                  <th scope="col">{t(`${P}.member`)}</th>
                  <th scope="col">{t(`${P}.description`)}</th>
                  <th scope="col" className="ms-num">
                    {t(`${P}.amount`)}
                  </th>
                  <th scope="col">{t(`${P}.status`)}</th>
                  <th scope="col">{t(`${P}.issued`)}</th>
                  <th scope="col">{t(`${P}.due`)}</th>
                  <th scope="col">{t(`${P}.paid`)}</th>
                  <th scope="col">
                    <span className="sr-only">{t(`${P}.pdf`)}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.number}</td>
                    <td>
                      {i.member.name}
                      <br />
                      <span className="list-meta">{i.member.email}</span>
                    </td>
                    <td>{i.description}</td>
                    <td className="ms-num">{f.money(i.grossTotal, i.currency)}</td>
                    <td>
                      <span
                        className={`badge ${i.status === 'paid' ? 'badge-success' : i.status === 'open' ? (isOverdue(i) ? 'badge-error' : 'badge-warning') : ''}`}
                      >
                        {isOverdue(i) ? t(`${P}.overdue`) : t(`memberships.common.invoiceStatus.${i.status}`)}
                      </span>
                    </td>
                    <td>{f.date(i.issuedAt)}</td>
                    <td>{i.dueAt ? f.date(i.dueAt) : '–'}</td>
                    <td>{i.paidAt ? f.date(i.paidAt) : '–'}</td>
                    <td>
                      <a href={i.pdfUrl} download>
                        {t(`${P}.pdf`)}
                        <span className="sr-only"> {t(`${P}.pdfOf`, { number: i.number })}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </Card>
  );
}
