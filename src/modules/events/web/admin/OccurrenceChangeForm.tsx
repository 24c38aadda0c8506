import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import { Button, Checkbox, ConfirmButton, FormError, TextArea, TextField } from '../../../../web/ui/index.ts';
import type { OccurrenceChange, OccurrenceDetail, Person, VideoProvider } from '../../schema.ts';
import '../strings.ts';
import { useDraftForm } from '../../../../web/ui/useDraftForm.ts';
import { refreshEvents } from './data.ts';
import { Pair, PlaceFields, TimeRange, VideoFields } from './fields.tsx';
import { isHttpUrl, serverFieldErrors } from './format.ts';
import { HostPicker } from './HostPicker.tsx';

const k = 'events.host.occurrence';
const ORDER = [
  'date',
  'startTime',
  'endTime',
  'note',
  'placeName',
  'placeAddress',
  'videoProvider',
  'videoUrl',
  'hosts',
];
/** A new date or time can fix each other's messages ("the end is before the start"). */
const WHEN = ['date', 'startTime', 'endTime'];

interface Draft {
  date: string;
  startTime: string;
  endTime: string;
  note: string;
  placeName: string;
  placeAddress: string;
  videoProvider: VideoProvider;
  videoUrl: string;
  hosts: Person[];
}

const sameIds = (a: Person[], b: Person[]) =>
  a
    .map((p) => p.id)
    .sort()
    .join() ===
  b
    .map((p) => p.id)
    .sort()
    .join();

/**
 * Changes one date of a series: another time, a note, another place, room or host; or cancels just
 * this date. Only what the host touched is sent, and a value equal to the series' drops the change.
 */
export function OccurrenceChangeForm({
  detail,
  onDone,
}: {
  detail: OccurrenceDetail;
  onDone: (msg?: string) => void;
}) {
  const { t } = useTranslation();
  const { event: e, occurrence: o } = detail;
  const path = `/api/events/${encodeURIComponent(e.id)}/occurrences/${encodeURIComponent(o.key)}`;
  // The date as it is now: its own time, note, place, room and hosts where it has them.
  const [initial] = useState<Draft>(() => ({
    date: o.startsLocal.slice(0, 10),
    startTime: o.startsLocal.slice(11, 16),
    endTime: o.endsLocal.slice(11, 16),
    note: o.note,
    placeName: o.placeName,
    placeAddress: o.placeAddress,
    videoProvider: o.videoProvider ?? e.videoProvider ?? 'jitsi',
    videoUrl: o.videoUrl ?? e.videoUrl ?? '',
    hosts: o.hosts,
  }));
  const toServer: Record<string, string> = { startsLocal: 'date', endsLocal: 'endTime', hostIds: 'hosts' };
  const form = useDraftForm<Draft, OccurrenceDetail, Partial<OccurrenceChange>>({
    initial,
    order: ORDER,
    labels: {
      date: t(`${k}.date`),
      startTime: t('events.host.form.startTime'),
      endTime: t('events.host.form.endTime'),
      note: t(`${k}.note`),
      placeName: t('events.host.form.placeName'),
      placeAddress: t('events.host.form.placeAddress'),
      videoProvider: t('events.host.form.videoProvider'),
      videoUrl: t('events.host.form.videoUrl'),
      hosts: t(`${k}.hosts`),
    },
    touches: (key) => (WHEN.includes(key) ? WHEN : [key]),
    serverErrors: (err) =>
      Object.fromEntries(
        Object.entries(serverFieldErrors(err, t, { endsLocal: t('events.host.form.endAfterStart') })).map(
          ([p, m]) => [toServer[p] ?? p, m],
        ),
      ),
    save: {
      mutationFn: (body) => api.put<OccurrenceDetail>(path, { ...body }),
      onSuccess: async (_, body) => {
        await refreshEvents();
        onDone(
          body.cancelled === true
            ? t(`${k}.cancelledDone`)
            : body.cancelled === false
              ? t(`${k}.restoredDone`)
              : t(`${k}.savedDone`),
        );
      },
    },
  });
  const { d, save: put } = form;
  const [notify, setNotify] = useState(true);
  const reset = useMutation({
    mutationFn: () => api.delete<OccurrenceDetail>(path),
    onSuccess: async () => {
      await refreshEvents();
      onDone(t(`${k}.resetDone`));
    },
  });
  const online = o.format !== 'onsite';

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const startsLocal = `${d.date}T${d.startTime}`;
    const endsLocal = `${d.date}T${d.endTime}`;
    const found: FieldErrors = {
      date: /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? undefined : t('events.host.form.dateRequired'),
      startTime: /^\d{2}:\d{2}$/.test(d.startTime) ? undefined : t('events.host.form.timeRequired'),
      endTime: !/^\d{2}:\d{2}$/.test(d.endTime)
        ? t('events.host.form.timeRequired')
        : endsLocal <= startsLocal
          ? t('events.host.form.endAfterStart')
          : undefined,
      videoUrl:
        online && d.videoProvider === 'link' && (!d.videoUrl.trim() || !isHttpUrl(d.videoUrl.trim()))
          ? t('events.host.form.urlInvalid')
          : undefined,
    };
    if (!form.check(found)) return;
    const body: Partial<OccurrenceChange> = { notify };
    if (startsLocal !== o.startsLocal) body.startsLocal = startsLocal;
    if (endsLocal !== o.endsLocal) body.endsLocal = endsLocal;
    if (d.note.trim() !== initial.note) body.note = d.note.trim();
    if (d.placeName.trim() !== initial.placeName) {
      body.placeName = d.placeName.trim() === e.placeName ? null : d.placeName.trim();
    }
    if (d.placeAddress.trim() !== initial.placeAddress) {
      body.placeAddress = d.placeAddress.trim() === e.placeAddress ? null : d.placeAddress.trim();
    }
    if (d.videoProvider !== initial.videoProvider || d.videoUrl.trim() !== initial.videoUrl) {
      const url = d.videoProvider === 'link' ? d.videoUrl.trim() : '';
      const same = d.videoProvider === e.videoProvider && url === (e.videoUrl ?? '');
      body.videoProvider = same ? null : d.videoProvider;
      body.videoUrl = same ? null : url;
    }
    if (!sameIds(d.hosts, initial.hosts))
      body.hostIds = sameIds(d.hosts, e.hosts) ? null : d.hosts.map((h) => h.id);
    if (Object.keys(body).length === 1) {
      onDone(t(`${k}.nothingChanged`));
      return;
    }
    put.mutate(body);
  };

  return (
    <div className="stack" style={{ gap: '1rem' }}>
      <form
        onSubmit={submit}
        noValidate
        className="stack"
        style={{ gap: '1rem' }}
        data-testid="occurrence-form"
      >
        <FormError {...form.summary} />
        <p className="field-hint" style={{ margin: 0 }}>
          {t(`${k}.formLead`, { zone: o.timeZone })}
        </p>
        <Pair>
          <TextField {...form.text('date')} type="date" />
          <TimeRange field={form.text} style={{ gridTemplateColumns: '1fr 1fr' }} />
        </Pair>
        <TextArea {...form.text('note')} hint={t(`${k}.noteHint`)} rows={2} maxLength={1000} />
        {o.format !== 'online' && <PlaceFields field={form.text} />}
        {online && <VideoFields field={form.text} />}
        <HostPicker
          id={form.ids.hosts!}
          legend={form.labels.hosts}
          hint={t(`${k}.hostsHint`)}
          value={d.hosts}
          onChange={(h) => form.set('hosts', h)}
          error={form.fields.hosts}
        />
        <Checkbox
          label={t('events.host.form.notify')}
          hint={t(`${k}.notifyHint`)}
          checked={notify}
          onChange={(x) => setNotify(x.target.checked)}
        />
        <div className="form-actions">
          <Button type="submit" loading={put.isPending && put.variables?.cancelled === undefined}>
            {t(`${k}.save`)}
          </Button>
          <Button variant="ghost" onClick={() => onDone()}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
      <div className="form-actions su-block">
        {o.cancelled ? (
          <Button
            variant="secondary"
            loading={put.isPending && put.variables?.cancelled === false}
            onClick={() => put.mutate({ cancelled: false, notify })}
          >
            {t(`${k}.restore`)}
          </Button>
        ) : (
          <ConfirmButton
            size="md"
            label={t(`${k}.cancel`)}
            question={t(`${k}.cancelQuestion`)}
            confirmLabel={t(`${k}.cancelConfirm`)}
            loading={put.isPending && put.variables?.cancelled === true}
            onConfirm={() => put.mutate({ cancelled: true, notify })}
          />
        )}
        {(o.changed || o.cancelled) && (
          <ConfirmButton
            size="md"
            label={t(`${k}.reset`)}
            question={t(`${k}.resetQuestion`)}
            confirmLabel={t(`${k}.resetConfirm`)}
            loading={reset.isPending}
            onConfirm={() => reset.mutate()}
          />
        )}
      </div>
      {reset.isError && (
        <p className="field-error" role="alert">
          {errorMessage(reset.error, t)}
        </p>
      )}
    </div>
  );
}
