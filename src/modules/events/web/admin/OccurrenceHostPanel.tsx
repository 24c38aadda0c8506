import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../../../../web/api.ts';
import { errorMessage } from '../../../../web/errors.ts';
import { isAdmin, queryClient, useMe } from '../../../../web/session.ts';
import { Alert, Avatar, Button, Checkbox, Loading, TextArea } from '../../../../web/ui/index.ts';
import type { OccurrenceDetail, Roster, RsvpRow } from '../../schema.ts';
import '../strings.ts';
import { hostKeys, refreshEvents, useRoster } from './data.ts';
import { Group } from './fields.tsx';
import { serverFieldErrors } from './format.ts';
import { OccurrenceChangeForm } from './OccurrenceChangeForm.tsx';
import { useFocusLater } from './useFocusLater.ts';

const k = 'events.host.occurrence';

interface ImportResult {
  marked: number;
  alreadyMarked: number;
  unknown: string[];
}

/**
 * What a host does with one date on the event page: change or cancel it (hosts of the community),
 * see who is coming and who waits, tick who attended, or import an attendee list from the video tool.
 */
export function OccurrenceHostPanel({ detail }: { detail: OccurrenceDetail }) {
  const { t } = useTranslation();
  const uid = useId();
  const me = useMe();
  const admin = isAdmin(me.data?.role);
  const { event: e, occurrence: o } = detail;
  const [changing, setChanging] = useState(false);
  const [status, setStatus] = useState('');
  const focusLater = useFocusLater();

  return (
    <section
      className="card stack"
      style={{ gap: '1.25rem' }}
      aria-labelledby={`${uid}-h`}
      data-testid="host-panel"
    >
      <div>
        <h2 id={`${uid}-h`} className="card-title">
          {t(`${k}.title`)}
        </h2>
        <p className="card-description" style={{ marginBottom: 0 }}>
          {t(`${k}.lead`)}
        </p>
      </div>
      {o.inBreak && (
        <Alert tone="info" announce={false}>
          {t(`${k}.inBreak`, { title: o.inBreak.title })}
        </Alert>
      )}
      {admin && (
        <section aria-labelledby={`${uid}-change`} className="stack" style={{ gap: '0.75rem' }}>
          <h3 id={`${uid}-change`} style={{ margin: 0 }}>
            {t(`${k}.changeHeading`)}
          </h3>
          {o.series ? (
            <>
              <p className="field-hint" style={{ margin: 0 }}>
                {o.cancelled ? t(`${k}.isCancelled`) : o.changed ? t(`${k}.isChanged`) : t(`${k}.isSeries`)}
              </p>
              {changing ? (
                <OccurrenceChangeForm
                  detail={detail}
                  onDone={(msg) => {
                    setChanging(false);
                    if (msg) setStatus(msg);
                    focusLater(`${uid}-toggle`);
                  }}
                />
              ) : (
                <div className="form-actions">
                  <Button
                    id={`${uid}-toggle`}
                    variant="secondary"
                    aria-expanded={false}
                    onClick={() => {
                      setStatus('');
                      setChanging(true);
                    }}
                    data-testid="change-occurrence"
                  >
                    {t(`${k}.change`)}
                  </Button>
                  <Link to={`/admin/events/${encodeURIComponent(e.id)}/edit`}>{t(`${k}.editSeries`)}</Link>
                </div>
              )}
            </>
          ) : (
            <p style={{ margin: 0 }}>
              <Link to={`/admin/events/${encodeURIComponent(e.id)}/edit`}>{t(`${k}.editEvent`)}</Link>
            </p>
          )}
          <div aria-live="polite">
            {status && (
              <Alert tone="success" announce={false}>
                {status}
              </Alert>
            )}
          </div>
        </section>
      )}
      <RosterSection eventId={e.id} occurrenceKey={o.key} maxGuests={e.maxGuests} capacity={o.capacity} />
    </section>
  );
}

function RosterSection({
  eventId,
  occurrenceKey,
  capacity,
  maxGuests,
}: {
  eventId: string;
  occurrenceKey: string;
  capacity: number | null;
  maxGuests: number;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const roster = useRoster(eventId, occurrenceKey);
  if (roster.isPending) return <Loading />;
  if (roster.isError) {
    // Not a host of this event: the panel shows only what this person may do.
    if (isApiError(roster.error) && roster.error.status === 403) return null;
    return <Alert tone="error">{errorMessage(roster.error, t)}</Alert>;
  }
  const r = roster.data;
  const people = r.going.length;
  const guests = r.going.reduce((n, x) => n + x.guests, 0);
  return (
    <>
      <section aria-labelledby={`${uid}-going`} className="stack" style={{ gap: '0.5rem' }}>
        <h3 id={`${uid}-going`} style={{ margin: 0 }}>
          {t(`${k}.going`, { count: people })}
        </h3>
        <p className="field-hint" style={{ margin: 0 }}>
          {capacity
            ? t(`${k}.placesTaken`, { taken: people + guests, capacity })
            : maxGuests > 0
              ? t(`${k}.withGuests`, { count: guests })
              : t(`${k}.noLimit`)}
        </p>
        {r.going.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            {t(`${k}.nobody`)}
          </p>
        ) : (
          <ul className="list">
            {r.going.map((x) => (
              <PersonRow key={x.person.id} row={x} />
            ))}
          </ul>
        )}
      </section>
      {r.waitlist.length > 0 && (
        <section aria-labelledby={`${uid}-wait`} className="stack" style={{ gap: '0.5rem' }}>
          <h3 id={`${uid}-wait`} style={{ margin: 0 }}>
            {t(`${k}.waitlist`, { count: r.waitlist.length })}
          </h3>
          <p className="field-hint" style={{ margin: 0 }}>
            {t(`${k}.waitlistHint`)}
          </p>
          <ol className="list" style={{ listStyle: 'decimal', paddingLeft: '1.5rem' }}>
            {r.waitlist.map((x) => (
              <li key={x.person.id} style={{ display: 'list-item' }}>
                <PersonLine row={x} />
              </li>
            ))}
          </ol>
        </section>
      )}
      <AttendanceForm eventId={eventId} occurrenceKey={occurrenceKey} roster={r} />
      <ImportForm eventId={eventId} occurrenceKey={occurrenceKey} />
    </>
  );
}

function PersonLine({ row }: { row: RsvpRow }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: '0.6rem', flexWrap: 'wrap' }}>
      <Avatar name={row.person.name} src={row.person.image} size={28} />
      <span className="list-title">{row.person.name}</span>
      {row.guests > 0 && <span className="badge">{t(`${k}.guests`, { count: row.guests })}</span>}
      {row.series && <span className="badge badge-info">{t(`${k}.wholeSeries`)}</span>}
      {row.email && <span className="list-meta">{row.email}</span>}
    </span>
  );
}

function PersonRow({ row }: { row: RsvpRow }) {
  return (
    <li style={{ padding: '0.5rem 0' }}>
      <PersonLine row={row} />
    </li>
  );
}

function AttendanceForm({
  eventId,
  occurrenceKey,
  roster,
}: {
  eventId: string;
  occurrenceKey: string;
  roster: Roster;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const everyone = [
    ...roster.going.map((x) => ({ row: x, note: '' })),
    ...roster.attendedOnly.map((x) => ({ row: x, note: t(`${k}.attendedOnly`) })),
    ...roster.waitlist.map((x) => ({ row: x, note: t(`${k}.onWaitlist`) })),
  ];
  // Until the host ticks something, the boxes follow the roster (an import shows up at once).
  const [edited, setEdited] = useState<Set<string> | null>(null);
  const checked = edited ?? new Set(everyone.filter((x) => x.row.attended).map((x) => x.row.person.id));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (userIds: string[]) =>
      api.put<Roster>(
        `/api/events/${encodeURIComponent(eventId)}/occurrences/${encodeURIComponent(occurrenceKey)}/attendance`,
        { userIds },
      ),
    onSuccess: (r) => {
      queryClient.setQueryData(hostKeys.roster(eventId, occurrenceKey), r);
      setEdited(null);
      setSaved(true);
    },
  });
  const toggle = (id: string, on: boolean) => {
    setSaved(false);
    const n = new Set(checked);
    if (on) n.add(id);
    else n.delete(id);
    setEdited(n);
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate([...checked]);
  };
  if (everyone.length === 0) return null;
  return (
    <form onSubmit={submit} className="stack" style={{ gap: '0.75rem' }} data-testid="attendance-form">
      <Group
        id={`${uid}-att`}
        legend={<span style={{ fontSize: '1.17rem', fontWeight: 700 }}>{t(`${k}.attendance`)}</span>}
        hint={t(`${k}.attendanceHint`)}
      >
        <div style={{ display: 'grid', gap: '0.25rem' }}>
          {everyone.map(({ row, note }) => (
            <Checkbox
              key={row.person.id}
              label={note ? `${row.person.name} (${note})` : row.person.name}
              checked={checked.has(row.person.id)}
              onChange={(x) => toggle(row.person.id, x.target.checked)}
            />
          ))}
        </div>
      </Group>
      <div className="form-actions">
        <Button type="submit" loading={save.isPending} data-testid="attendance-save">
          {t(`${k}.attendanceSave`)}
        </Button>
        {roster.going.length > 0 && (
          <Button
            variant="ghost"
            onClick={() => {
              setSaved(false);
              setEdited(new Set([...checked, ...roster.going.map((x) => x.person.id)]));
            }}
          >
            {t(`${k}.markAllGoing`)}
          </Button>
        )}
      </div>
      <div aria-live="polite">
        {saved && (
          <Alert tone="success" announce={false}>
            {t(`${k}.attendanceSaved`, { count: checked.size })}
          </Alert>
        )}
      </div>
      {save.isError && <Alert tone="error">{errorMessage(save.error, t)}</Alert>}
    </form>
  );
}

function ImportForm({ eventId, occurrenceKey }: { eventId: string; occurrenceKey: string }) {
  const { t } = useTranslation();
  const uid = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [empty, setEmpty] = useState(false);
  const run = useMutation({
    mutationFn: (body: string) =>
      api.post<ImportResult>(
        `/api/events/${encodeURIComponent(eventId)}/occurrences/${encodeURIComponent(occurrenceKey)}/attendance/import`,
        { text: body },
      ),
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: hostKeys.roster(eventId, occurrenceKey) });
      await refreshEvents();
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!text.trim()) {
      setEmpty(true);
      document.getElementById(`${uid}-text`)?.focus();
      return;
    }
    setEmpty(false);
    run.mutate(text);
  };
  const result = run.data;
  const textError = serverFieldErrors(run.error, t).text;
  return (
    <section aria-labelledby={`${uid}-h`} className="stack" style={{ gap: '0.75rem' }}>
      <h3 id={`${uid}-h`} style={{ margin: 0 }}>
        {t(`${k}.importHeading`)}
      </h3>
      {!open ? (
        <div className="form-actions">
          <Button variant="secondary" aria-expanded={false} onClick={() => setOpen(true)}>
            {t(`${k}.importOpen`)}
          </Button>
        </div>
      ) : (
        <form
          onSubmit={submit}
          noValidate
          className="stack"
          style={{ gap: '0.75rem' }}
          data-testid="import-form"
        >
          <TextArea
            id={`${uid}-text`}
            label={t(`${k}.importLabel`)}
            hint={t(`${k}.importHint`)}
            rows={6}
            value={text}
            onChange={(x) => {
              setText(x.target.value);
              setEmpty(false);
            }}
            error={empty ? t(`${k}.importEmpty`) : textError}
          />
          <div className="form-actions">
            <Button type="submit" loading={run.isPending}>
              {t(`${k}.importRun`)}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
          </div>
        </form>
      )}
      <div aria-live="polite">
        {result && (
          <Alert tone={result.unknown.length ? 'info' : 'success'} announce={false} testId="import-result">
            <p style={{ margin: 0 }}>
              {t(`${k}.importMarked`, { count: result.marked })}{' '}
              {result.alreadyMarked > 0 && t(`${k}.importAlready`, { count: result.alreadyMarked })}
            </p>
            {result.unknown.length > 0 && (
              <>
                <p style={{ margin: '0.5rem 0 0' }}>
                  {t(`${k}.importUnknown`, { count: result.unknown.length })}
                </p>
                <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.25rem' }}>
                  {result.unknown.map((a) => (
                    <li key={a} className="mono">
                      {a}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        )}
      </div>
      {run.isError && !textError && <Alert tone="error">{errorMessage(run.error, t)}</Alert>}
    </section>
  );
}
