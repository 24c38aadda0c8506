import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api.ts';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import {
  Button,
  Checkbox,
  ConfirmButton,
  FormError,
  Select,
  TextArea,
  TextField,
} from '../../../../web/ui/index.ts';
import type { OccurrenceChange, OccurrenceDetail, Person, VideoProvider } from '../../schema.ts';
import { VIDEO_PROVIDERS } from '../../shared.ts';
import '../strings.ts';
import { refreshEvents } from './data.ts';
import { defined, focusFirstError, isHttpUrl, serverFieldErrors } from './format.ts';
import { Group } from './Group.tsx';
import { HostPicker } from './HostPicker.tsx';
import { useFixed } from './useFixed.ts';

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
  const uid = useId();
  const { event: e, occurrence: o } = detail;
  const path = `/api/events/${encodeURIComponent(e.id)}/occurrences/${encodeURIComponent(o.key)}`;
  const [initial] = useState<Draft>(() => ({
    date: o.startsLocal.slice(0, 10),
    startTime: o.startsLocal.slice(11, 16),
    endTime: o.endsLocal.slice(11, 16),
    note: o.note,
    placeName: o.placeName,
    placeAddress: o.placeAddress,
    videoProvider: e.videoProvider ?? 'jitsi',
    videoUrl: e.videoUrl ?? '',
    hosts: o.hosts,
  }));
  const [d, setD] = useState<Draft>(initial);
  const fixed = useFixed();
  const set = <K extends keyof Draft>(key: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    fixed.touch(
      ...(['date', 'startTime', 'endTime'].includes(key) ? ['date', 'startTime', 'endTime'] : [key]),
    );
  };
  const [notify, setNotify] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = Object.fromEntries(ORDER.map((f) => [f, `${uid}-${f}`]));
  const labels: Record<string, string> = {
    date: t(`${k}.date`),
    startTime: t('events.host.form.startTime'),
    endTime: t('events.host.form.endTime'),
    note: t(`${k}.note`),
    placeName: t('events.host.form.placeName'),
    placeAddress: t('events.host.form.placeAddress'),
    videoProvider: t('events.host.form.videoProvider'),
    videoUrl: t('events.host.form.videoUrl'),
    hosts: t(`${k}.hosts`),
  };
  const toServer: Record<string, string> = { startsLocal: 'date', endsLocal: 'endTime', hostIds: 'hosts' };
  const serverErrors = (err: unknown): FieldErrors =>
    Object.fromEntries(
      Object.entries(serverFieldErrors(err, t, { endsLocal: t('events.host.form.endAfterStart') })).map(
        ([p, m]) => [toServer[p] ?? p, m],
      ),
    );
  const put = useMutation({
    mutationFn: (body: Partial<OccurrenceChange>) => api.put<OccurrenceDetail>(path, { ...body }),
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
    onError: (err) => focusFirstError(ORDER, serverErrors(err), ids),
  });
  const reset = useMutation({
    mutationFn: () => api.delete<OccurrenceDetail>(path),
    onSuccess: async () => {
      await refreshEvents();
      onDone(t(`${k}.resetDone`));
    },
  });
  const fromServer = serverErrors(put.error);
  const fields = fixed.hide({ ...fromServer, ...defined(errors) });
  const onsite = o.format !== 'online';
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
    setErrors(found);
    fixed.reset();
    if (Object.values(found).some(Boolean)) {
      focusFirstError(ORDER, found, ids);
      return;
    }
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
        <FormError error={fixed.error(put.error, fromServer)} fields={fields} labels={labels} ids={ids} />
        <p className="field-hint" style={{ margin: 0 }}>
          {t(`${k}.formLead`, { zone: o.timeZone })}
        </p>
        <div className="grid-2 tight" style={{ alignItems: 'start' }}>
          <TextField
            id={ids.date}
            type="date"
            label={labels.date}
            value={d.date}
            onChange={(x) => set('date', x.target.value)}
            error={fields.date}
          />
          <div className="grid-2 tight" style={{ gridTemplateColumns: '1fr 1fr', alignItems: 'start' }}>
            <TextField
              id={ids.startTime}
              type="time"
              label={labels.startTime}
              value={d.startTime}
              onChange={(x) => set('startTime', x.target.value)}
              error={fields.startTime}
            />
            <TextField
              id={ids.endTime}
              type="time"
              label={labels.endTime}
              value={d.endTime}
              onChange={(x) => set('endTime', x.target.value)}
              error={fields.endTime}
            />
          </div>
        </div>
        <TextArea
          id={ids.note}
          label={labels.note}
          hint={t(`${k}.noteHint`)}
          rows={2}
          maxLength={1000}
          value={d.note}
          onChange={(x) => set('note', x.target.value)}
          error={fields.note}
        />
        {onsite && (
          <Group legend={t('events.host.form.place')}>
            <TextField
              id={ids.placeName}
              label={labels.placeName}
              maxLength={200}
              value={d.placeName}
              onChange={(x) => set('placeName', x.target.value)}
              error={fields.placeName}
            />
            <TextArea
              id={ids.placeAddress}
              label={labels.placeAddress}
              rows={2}
              maxLength={500}
              value={d.placeAddress}
              onChange={(x) => set('placeAddress', x.target.value)}
              error={fields.placeAddress}
            />
          </Group>
        )}
        {online && (
          <Group legend={t('events.host.form.video')}>
            <Select
              id={ids.videoProvider}
              label={labels.videoProvider}
              value={d.videoProvider}
              onChange={(x) => set('videoProvider', x.target.value as VideoProvider)}
              error={fields.videoProvider}
            >
              {VIDEO_PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {t(`events.host.provider.${p}`)}
                </option>
              ))}
            </Select>
            {d.videoProvider === 'link' && (
              <TextField
                id={ids.videoUrl}
                type="url"
                label={labels.videoUrl}
                placeholder="https://"
                maxLength={2000}
                value={d.videoUrl}
                onChange={(x) => set('videoUrl', x.target.value)}
                error={fields.videoUrl}
              />
            )}
          </Group>
        )}
        <HostPicker
          id={ids.hosts!}
          legend={labels.hosts}
          hint={t(`${k}.hostsHint`)}
          value={d.hosts}
          onChange={(h) => set('hosts', h)}
          error={fields.hosts}
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
