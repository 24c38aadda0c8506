import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  FormError,
  Loading,
  Select,
  TextField,
} from '../../../../web/ui/index.ts';
import type { EventSettings, VideoProvider } from '../../schema.ts';
import { VIDEO_PROVIDERS } from '../../shared.ts';
import '../strings.ts';
import { patchSettings, useEventSettings } from './data.ts';
import { defined, focusFirstError, isHttpUrl, parseWhole, serverFieldErrors, zoneOptions } from './format.ts';
import { Group } from './Group.tsx';
import { SecretField } from './SecretField.tsx';

const k = 'events.host.settings';
const ALGORITHMS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;
/** Reminder times a host can offer as the default (minutes before the start). */
export const REMINDER_CHOICES = [15, 60, 180, 1440, 2880, 10080];
const MAX_REMINDERS = 5;

/** `/admin/events/settings`: video rooms and the calendar's defaults. */
export default function EventSettingsPage() {
  const { t } = useTranslation();
  useTitle(t('events.host.layout.tabs.settings'));
  const settings = useEventSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <QueryError error={settings.error} />;
  return (
    <div className="stack">
      <VideoCard settings={settings.data} />
      <CalendarCard settings={settings.data} />
    </div>
  );
}

/** "Saved", announced politely, hidden again once the form changes. */
function Saved({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return (
    <div aria-live="polite">
      {show && (
        <Alert tone="success" announce={false}>
          {t(`${k}.saved`)}
        </Alert>
      )}
    </div>
  );
}

const VIDEO_ORDER = [
  'defaultProvider',
  'jitsiBaseUrl',
  'jitsiAppId',
  'jitsiSecret',
  'bbbUrl',
  'bbbSecret',
  'bbbAlgorithm',
];

function VideoCard({ settings: s }: { settings: EventSettings }) {
  const { t } = useTranslation();
  const uid = useId();
  const [d, setD] = useState({
    defaultProvider: s.defaultProvider,
    jitsiBaseUrl: s.jitsiBaseUrl,
    jitsiAppId: s.jitsiAppId,
    jitsiSecret: '',
    bbbUrl: s.bbbUrl,
    bbbSecret: '',
    bbbAlgorithm: s.bbbAlgorithm,
  });
  const [dirty, setDirty] = useState(false);
  const set = <K extends keyof typeof d>(key: K, v: (typeof d)[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    setDirty(true);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = Object.fromEntries(VIDEO_ORDER.map((f) => [f, `${uid}-${f}`]));
  const labels = {
    defaultProvider: t(`${k}.defaultProvider`),
    jitsiBaseUrl: t(`${k}.jitsiBaseUrl`),
    jitsiAppId: t(`${k}.jitsiAppId`),
    jitsiSecret: t(`${k}.jitsiSecret`),
    bbbUrl: t(`${k}.bbbUrl`),
    bbbSecret: t(`${k}.bbbSecret`),
    bbbAlgorithm: t(`${k}.bbbAlgorithm`),
  };
  const messages = { jitsiBaseUrl: t(`${k}.urlInvalid`), bbbUrl: t(`${k}.urlInvalid`) };
  const save = useMutation({
    mutationFn: patchSettings,
    onSuccess: () => {
      setDirty(false);
      setD((x) => ({ ...x, jitsiSecret: '', bbbSecret: '' }));
    },
    onError: (err) => focusFirstError(VIDEO_ORDER, serverFieldErrors(err, t, messages), ids),
  });
  const fields = { ...serverFieldErrors(save.error, t, messages), ...defined(errors) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {
      jitsiBaseUrl: isHttpUrl(d.jitsiBaseUrl.trim()) ? undefined : messages.jitsiBaseUrl,
      bbbUrl: isHttpUrl(d.bbbUrl.trim()) ? undefined : messages.bbbUrl,
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirstError(VIDEO_ORDER, found, ids);
      return;
    }
    save.mutate({
      defaultProvider: d.defaultProvider,
      jitsiBaseUrl: d.jitsiBaseUrl.trim(),
      jitsiAppId: d.jitsiAppId.trim(),
      bbbUrl: d.bbbUrl.trim(),
      bbbAlgorithm: d.bbbAlgorithm,
      // Secrets are write-only: an empty box keeps the stored one.
      ...(d.jitsiSecret.trim() ? { jitsiSecret: d.jitsiSecret.trim() } : {}),
      ...(d.bbbSecret.trim() ? { bbbSecret: d.bbbSecret.trim() } : {}),
    });
  };
  return (
    <Card title={t(`${k}.videoTitle`)} description={t(`${k}.videoLead`)}>
      <form
        onSubmit={submit}
        noValidate
        className="stack"
        style={{ gap: '1rem' }}
        data-testid="video-settings"
      >
        <FormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <Select
          id={ids.defaultProvider}
          label={labels.defaultProvider}
          hint={t(`${k}.defaultProviderHint`)}
          value={d.defaultProvider}
          onChange={(e) => set('defaultProvider', e.target.value as VideoProvider)}
        >
          {VIDEO_PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {t(`events.host.provider.${p}`)}
            </option>
          ))}
        </Select>
        <Group
          separated
          legend={t('events.host.provider.jitsi')}
          hint={t(`${k}.jitsiLead`)}
          id={`${uid}-jitsi`}
        >
          <TextField
            id={ids.jitsiBaseUrl}
            type="url"
            label={labels.jitsiBaseUrl}
            hint={t(`${k}.jitsiBaseUrlHint`)}
            placeholder="https://meet.jit.si"
            value={d.jitsiBaseUrl}
            onChange={(e) => set('jitsiBaseUrl', e.target.value)}
            error={fields.jitsiBaseUrl}
          />
          <TextField
            id={ids.jitsiAppId}
            label={labels.jitsiAppId}
            hint={t(`${k}.jitsiAppIdHint`)}
            autoComplete="off"
            maxLength={200}
            value={d.jitsiAppId}
            onChange={(e) => set('jitsiAppId', e.target.value)}
            error={fields.jitsiAppId}
          />
          <SecretField
            id={ids.jitsiSecret!}
            field="jitsiSecret"
            label={labels.jitsiSecret}
            stored={s.jitsiSecretSet}
            value={d.jitsiSecret}
            onChange={(v) => set('jitsiSecret', v)}
            error={fields.jitsiSecret}
          />
        </Group>
        <Group separated legend={t('events.host.provider.bbb')} hint={t(`${k}.bbbLead`)} id={`${uid}-bbb`}>
          <TextField
            id={ids.bbbUrl}
            type="url"
            label={labels.bbbUrl}
            hint={t(`${k}.bbbUrlHint`)}
            placeholder="https://bbb.example.org/bigbluebutton/"
            value={d.bbbUrl}
            onChange={(e) => set('bbbUrl', e.target.value)}
            error={fields.bbbUrl}
          />
          <SecretField
            id={ids.bbbSecret!}
            field="bbbSecret"
            label={labels.bbbSecret}
            stored={s.bbbSecretSet}
            value={d.bbbSecret}
            onChange={(v) => set('bbbSecret', v)}
            error={fields.bbbSecret}
          />
          <Select
            id={ids.bbbAlgorithm}
            label={labels.bbbAlgorithm}
            hint={t(`${k}.bbbAlgorithmHint`)}
            value={d.bbbAlgorithm}
            onChange={(e) => set('bbbAlgorithm', e.target.value as (typeof ALGORITHMS)[number])}
          >
            {ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a.toUpperCase()}
              </option>
            ))}
          </Select>
        </Group>
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
        <Saved show={save.isSuccess && !dirty} />
      </form>
    </Card>
  );
}

const CAL_ORDER = ['joinOpensMinutes', 'defaultReminders', 'timeZone'];

function CalendarCard({ settings: s }: { settings: EventSettings }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'de';
  const uid = useId();
  const [d, setD] = useState({
    joinOpensMinutes: String(s.joinOpensMinutes),
    defaultReminders: s.defaultReminders,
    timeZone: s.timeZone,
  });
  const [dirty, setDirty] = useState(false);
  const set = <K extends keyof typeof d>(key: K, v: (typeof d)[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    setDirty(true);
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = Object.fromEntries(CAL_ORDER.map((f) => [f, `${uid}-${f}`]));
  const labels = {
    joinOpensMinutes: t(`${k}.joinOpens`),
    defaultReminders: t(`${k}.reminders`),
    timeZone: t(`${k}.timeZone`),
  };
  const save = useMutation({
    mutationFn: patchSettings,
    onSuccess: () => setDirty(false),
    onError: (err) => focusFirstError(CAL_ORDER, serverFieldErrors(err, t), ids),
  });
  const fields = { ...serverFieldErrors(save.error, t), ...defined(errors) };
  const choices = [...new Set([...REMINDER_CHOICES, ...d.defaultReminders])].sort((a, b) => a - b);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const join = parseWhole(d.joinOpensMinutes);
    const found: FieldErrors = {
      joinOpensMinutes: typeof join !== 'number' || join > 240 ? t(`${k}.joinOpensInvalid`) : undefined,
      defaultReminders:
        d.defaultReminders.length > MAX_REMINDERS
          ? t(`${k}.remindersTooMany`, { count: MAX_REMINDERS })
          : undefined,
    };
    setErrors(found);
    if (Object.values(found).some(Boolean) || typeof join !== 'number') {
      focusFirstError(CAL_ORDER, found, ids);
      return;
    }
    save.mutate({
      joinOpensMinutes: join,
      defaultReminders: [...d.defaultReminders].sort((a, b) => b - a),
      timeZone: d.timeZone,
    });
  };
  return (
    <Card title={t(`${k}.calendarTitle`)} description={t(`${k}.calendarLead`)}>
      <form
        onSubmit={submit}
        noValidate
        className="stack"
        style={{ gap: '1rem' }}
        data-testid="calendar-settings"
      >
        <FormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <Select
          id={ids.timeZone}
          label={labels.timeZone}
          hint={t(`${k}.timeZoneHint`)}
          value={d.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
          error={fields.timeZone}
        >
          {zoneOptions(locale, d.timeZone).map((z) => (
            <option key={z.value} value={z.value}>
              {z.label}
            </option>
          ))}
        </Select>
        <TextField
          id={ids.joinOpensMinutes}
          type="number"
          inputMode="numeric"
          min={0}
          max={240}
          style={{ maxWidth: '8rem' }}
          label={labels.joinOpensMinutes}
          hint={t(`${k}.joinOpensHint`)}
          value={d.joinOpensMinutes}
          onChange={(e) => set('joinOpensMinutes', e.target.value)}
          error={fields.joinOpensMinutes}
        />
        <Group
          id={ids.defaultReminders}
          legend={labels.defaultReminders}
          hint={t(`${k}.remindersHint`)}
          error={fields.defaultReminders}
        >
          <div style={{ display: 'grid', gap: '0.25rem' }}>
            {choices.map((m) => (
              <Checkbox
                key={m}
                label={beforeText(m, t)}
                checked={d.defaultReminders.includes(m)}
                onChange={(e) =>
                  set(
                    'defaultReminders',
                    e.target.checked ? [...d.defaultReminders, m] : d.defaultReminders.filter((x) => x !== m),
                  )
                }
              />
            ))}
          </div>
        </Group>
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
        <Saved show={save.isSuccess && !dirty} />
      </form>
    </Card>
  );
}

/** "1 Tag vorher", "3 Stunden vorher", "15 Minuten vorher". */
export function beforeText(minutes: number, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (minutes % 10080 === 0) return t(`${k}.before.weeks`, { count: minutes / 10080 });
  if (minutes % 1440 === 0) return t(`${k}.before.days`, { count: minutes / 1440 });
  if (minutes % 60 === 0) return t(`${k}.before.hours`, { count: minutes / 60 });
  return t(`${k}.before.minutes`, { count: minutes });
}
