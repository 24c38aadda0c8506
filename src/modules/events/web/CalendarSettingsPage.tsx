import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../web/session.ts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  ConfirmButton,
  FormError,
  Loading,
  PageHeader,
} from '../../../web/ui/index.ts';
import type { ReminderPrefs } from '../schema.ts';
import { dateOfInstant, localeTag, timeOf } from './calendar/dates.ts';
import { MAX_REMINDERS, offsetLabel, REMINDER_PRESETS } from './calendar/reminders.ts';
import {
  eventError,
  eventKeys,
  fetchAttendance,
  fetchFeed,
  fetchReminders,
  occurrencePath,
  rotateFeed,
  saveReminders,
} from './data.ts';
import './events.css';
import './strings.ts';

const P = 'events.calendar.settings';

/** `/settings/calendar`: my calendar feed, reminder preferences and the meetings I attended. */
export default function CalendarSettingsPage() {
  const { t } = useTranslation();
  useTitle(t(`${P}.title`));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/calendar">
          <span aria-hidden="true">← </span>
          {t(`${P}.back`)}
        </Link>
      </p>
      <PageHeader title={t(`${P}.title`)} lead={t(`${P}.lead`)} />
      <div className="stack">
        <FeedCard />
        <RemindersCard />
        <AttendanceCard />
      </div>
    </>
  );
}

/** A read-only address with a copy button ("Kopiert" is announced). */
function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 4000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  // Browsers offer the clipboard only on secure pages (https, localhost); the field stays selectable.
  const canCopy = typeof navigator !== 'undefined' && Boolean(navigator.clipboard);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="ev-copy">
        <input
          id={id}
          type="text"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="mono"
          data-testid={testId}
        />
        {canCopy && (
          <Button
            variant="secondary"
            onClick={() =>
              navigator.clipboard.writeText(value).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {t(`${P}.copy`)}
            <span className="sr-only"> {label}</span>
          </Button>
        )}
      </div>
      <p className="field-hint" role="status">
        {copied ? t(`${P}.copied`) : ''}
      </p>
    </div>
  );
}

function FeedCard() {
  const { t } = useTranslation();
  const feed = useQuery({ queryKey: eventKeys.feed, queryFn: ({ signal }) => fetchFeed(signal) });
  const rotate = useMutation({
    mutationFn: rotateFeed,
    onSuccess: (data) => queryClient.setQueryData(eventKeys.feed, data),
  });
  return (
    <Card title={t(`${P}.feed.title`)} description={t(`${P}.feed.lead`)} data-testid="calendar-feed">
      {feed.isPending ? (
        <Loading />
      ) : feed.isError ? (
        <QueryError error={feed.error} />
      ) : (
        <div className="stack ev-feed">
          <CopyField label={t(`${P}.feed.personal`)} value={feed.data.url} testId="calendar-feed-url" />
          <p className="form-actions">
            <a className="btn btn-primary" href={feed.data.webcalUrl} data-testid="calendar-feed-webcal">
              {t(`${P}.feed.webcal`)}
            </a>
          </p>
          <div className="ev-howto">
            <p>{t(`${P}.feed.howto1`)}</p>
            <p>{t(`${P}.feed.howto2`)}</p>
          </div>
          <Alert tone="info" announce={false}>
            {t(`${P}.feed.private`)}
          </Alert>
          <div>
            <ConfirmButton
              label={t(`${P}.feed.rotate`)}
              question={t(`${P}.feed.rotateQuestion`)}
              confirmLabel={t(`${P}.feed.rotateConfirm`)}
              onConfirm={() => rotate.mutate()}
              loading={rotate.isPending}
            />
          </div>
          {rotate.isSuccess && (
            <Alert tone="success" testId="calendar-feed-rotated">
              {t(`${P}.feed.rotated`)}
            </Alert>
          )}
          {rotate.isError && <Alert tone="error">{eventError(rotate.error, t)}</Alert>}
          <div className="ev-public-feed">
            <h3>{t(`${P}.feed.publicTitle`)}</h3>
            <p className="muted">{t(`${P}.feed.publicLead`)}</p>
            <CopyField
              label={t(`${P}.feed.public`)}
              value={feed.data.publicUrl}
              testId="calendar-feed-public"
            />
          </div>
        </div>
      )}
    </Card>
  );
}

function RemindersCard() {
  const { t } = useTranslation();
  const prefs = useQuery({ queryKey: eventKeys.reminders, queryFn: ({ signal }) => fetchReminders(signal) });
  return (
    <Card
      title={t(`${P}.reminders.title`)}
      description={t(`${P}.reminders.lead`)}
      data-testid="calendar-reminders"
    >
      {prefs.isPending ? (
        <Loading />
      ) : prefs.isError ? (
        <QueryError error={prefs.error} />
      ) : (
        <ReminderForm initial={prefs.data} />
      )}
    </Card>
  );
}

function ReminderForm({ initial }: { initial: ReminderPrefs }) {
  const { t } = useTranslation();
  const [offsets, setOffsets] = useState<number[]>(initial.offsets);
  const [byMail, setByMail] = useState(initial.byMail);
  const [inApp, setInApp] = useState(initial.inApp);
  const hintId = useId();
  const save = useMutation({
    mutationFn: saveReminders,
    onSuccess: (data) => {
      queryClient.setQueryData(eventKeys.reminders, data);
      setOffsets(data.offsets);
    },
  });
  // The presets, plus any other time chosen earlier (e.g. a community default), longest first.
  const choices = [...new Set<number>([...REMINDER_PRESETS, ...initial.offsets])].sort((a, b) => b - a);
  const atMax = offsets.length >= MAX_REMINDERS;
  const noWay = offsets.length > 0 && !byMail && !inApp;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ offsets: [...offsets].sort((a, b) => b - a), byMail, inApp });
  };
  const touched = () => save.reset();

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError error={save.error} />
      <fieldset className="ev-fieldset" aria-describedby={hintId}>
        <legend>{t(`${P}.reminders.when`)}</legend>
        <p className="field-hint" id={hintId}>
          {t(`${P}.reminders.max`, { count: MAX_REMINDERS })}
        </p>
        <div className="ev-checks">
          {choices.map((m) => {
            const checked = offsets.includes(m);
            return (
              <Checkbox
                key={m}
                label={offsetLabel(t, m)}
                checked={checked}
                disabled={!checked && atMax}
                onChange={(e) => {
                  touched();
                  setOffsets((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)));
                }}
                data-testid={`reminder-${m}`}
              />
            );
          })}
        </div>
      </fieldset>
      <fieldset className="ev-fieldset">
        <legend>{t(`${P}.reminders.how`)}</legend>
        <div className="ev-checks">
          <Checkbox
            label={t(`${P}.reminders.byMail`)}
            checked={byMail}
            onChange={(e) => {
              touched();
              setByMail(e.target.checked);
            }}
            data-testid="reminder-mail"
          />
          <Checkbox
            label={t(`${P}.reminders.inApp`)}
            checked={inApp}
            onChange={(e) => {
              touched();
              setInApp(e.target.checked);
            }}
            data-testid="reminder-inapp"
          />
        </div>
      </fieldset>
      {offsets.length === 0 && <p className="muted">{t(`${P}.reminders.none`)}</p>}
      {noWay && <p className="muted">{t(`${P}.reminders.noWay`)}</p>}
      <div className="form-actions">
        <Button type="submit" loading={save.isPending} data-testid="reminder-save">
          {t(`${P}.reminders.save`)}
        </Button>
      </div>
      <div aria-live="polite">
        {save.isSuccess && (
          <Alert tone="success" announce={false} testId="reminder-saved">
            {t(`${P}.reminders.saved`)}
          </Alert>
        )}
      </div>
    </form>
  );
}

function AttendanceCard() {
  const { t, i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const list = useQuery({ queryKey: eventKeys.attendance, queryFn: ({ signal }) => fetchAttendance(signal) });
  return (
    <Card
      title={t(`${P}.attendance.title`)}
      description={t(`${P}.attendance.lead`)}
      data-testid="calendar-attendance"
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} />
      ) : list.data.length === 0 ? (
        <p className="muted">{t(`${P}.attendance.empty`)}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t(`${P}.attendance.title`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`${P}.attendance.date`)}</th>
                <th scope="col">{t(`${P}.attendance.event`)}</th>
              </tr>
            </thead>
            <tbody>
              {[...list.data]
                .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
                .map((a) => (
                  <tr key={`${a.eventId}-${a.key}`}>
                    <td>
                      {dateOfInstant(a.startsAt, tag)}, {timeOf(a.startsAt, tag)}
                    </td>
                    <td>
                      <Link to={occurrencePath(a.eventId, a.key)}>{a.title}</Link>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
