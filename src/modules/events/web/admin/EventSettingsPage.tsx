import { useMutation } from '@tanstack/react-query';
import type { ComponentProps, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type FieldErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  ConfirmButton,
  FormError,
  Loading,
  TextField,
} from '../../../../web/ui/index.ts';
import type { EventSettings } from '../../schema.ts';
import '../strings.ts';
import { useDraftForm } from '../../../../web/ui/useDraftForm.ts';
import { patchSettings, useEventSettings } from './data.ts';
import { type BoundField, Choices, Group, ProviderSelect, ZoneSelect } from './fields.tsx';
import { isHttpUrl, parseWhole, serverFieldErrors } from './format.ts';

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

/** A settings card: its form, the summary of problems, the fields, and "Saved" after a save. */
function SettingsForm({
  title,
  lead,
  testId,
  form,
  onSubmit,
  children,
}: {
  title: string;
  lead: string;
  testId: string;
  form: {
    summary: ComponentProps<typeof FormError>;
    save: { isPending: boolean; isSuccess: boolean };
    dirty: boolean;
  };
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Card title={title} description={lead}>
      <form onSubmit={submit} noValidate className="stack" style={{ gap: '1rem' }} data-testid={testId}>
        <FormError {...form.summary} />
        {children}
        <div className="form-actions">
          <Button type="submit" loading={form.save.isPending}>
            {t('common.save')}
          </Button>
        </div>
        {/* "Saved", announced politely, hidden again once the form changes. */}
        <div aria-live="polite">
          {form.save.isSuccess && !form.dirty && (
            <Alert tone="success" announce={false}>
              {t(`${k}.saved`)}
            </Alert>
          )}
        </div>
      </form>
    </Card>
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
  const messages = { jitsiBaseUrl: t(`${k}.urlInvalid`), bbbUrl: t(`${k}.urlInvalid`) };
  const form = useDraftForm({
    initial: {
      defaultProvider: s.defaultProvider,
      jitsiBaseUrl: s.jitsiBaseUrl,
      jitsiAppId: s.jitsiAppId,
      jitsiSecret: '',
      bbbUrl: s.bbbUrl,
      bbbSecret: '',
      bbbAlgorithm: s.bbbAlgorithm,
    },
    order: VIDEO_ORDER,
    labels: {
      defaultProvider: t(`${k}.defaultProvider`),
      jitsiBaseUrl: t(`${k}.jitsiBaseUrl`),
      jitsiAppId: t(`${k}.jitsiAppId`),
      jitsiSecret: t(`${k}.jitsiSecret`),
      bbbUrl: t(`${k}.bbbUrl`),
      bbbSecret: t(`${k}.bbbSecret`),
      bbbAlgorithm: t(`${k}.bbbAlgorithm`),
    },
    serverErrors: (err) => serverFieldErrors(err, t, messages),
    keepMessages: true,
    save: { mutationFn: patchSettings },
  });
  const { d } = form;
  const submit = () => {
    const found: FieldErrors = {
      jitsiBaseUrl: isHttpUrl(d.jitsiBaseUrl.trim()) ? undefined : messages.jitsiBaseUrl,
      bbbUrl: isHttpUrl(d.bbbUrl.trim()) ? undefined : messages.bbbUrl,
    };
    if (!form.check(found)) return;
    const body = {
      defaultProvider: d.defaultProvider,
      jitsiBaseUrl: d.jitsiBaseUrl.trim(),
      jitsiAppId: d.jitsiAppId.trim(),
      bbbUrl: d.bbbUrl.trim(),
      bbbAlgorithm: d.bbbAlgorithm,
      // Secrets are write-only: an empty box keeps the stored one.
      ...(d.jitsiSecret.trim() ? { jitsiSecret: d.jitsiSecret.trim() } : {}),
      ...(d.bbbSecret.trim() ? { bbbSecret: d.bbbSecret.trim() } : {}),
    };
    // Secrets are write-only: once stored, their boxes empty again.
    form.save.mutate(body, { onSuccess: () => form.setD((x) => ({ ...x, jitsiSecret: '', bbbSecret: '' })) });
  };
  return (
    <SettingsForm
      title={t(`${k}.videoTitle`)}
      lead={t(`${k}.videoLead`)}
      testId="video-settings"
      form={form}
      onSubmit={submit}
    >
      <ProviderSelect {...form.text('defaultProvider')} hint={t(`${k}.defaultProviderHint`)} />
      <Group
        separated
        legend={t('events.host.provider.jitsi')}
        hint={t(`${k}.jitsiLead`)}
        id={`${form.uid}-jitsi`}
      >
        <TextField
          {...form.text('jitsiBaseUrl')}
          type="url"
          hint={t(`${k}.jitsiBaseUrlHint`)}
          placeholder="https://meet.jit.si"
        />
        <TextField
          {...form.text('jitsiAppId')}
          hint={t(`${k}.jitsiAppIdHint`)}
          autoComplete="off"
          maxLength={200}
        />
        <SecretField {...form.text('jitsiSecret')} field="jitsiSecret" stored={s.jitsiSecretSet} />
      </Group>
      <Group separated legend={t('events.host.provider.bbb')} hint={t(`${k}.bbbLead`)} id={`${form.uid}-bbb`}>
        <TextField
          {...form.text('bbbUrl')}
          type="url"
          hint={t(`${k}.bbbUrlHint`)}
          placeholder="https://bbb.example.org/bigbluebutton/"
        />
        <SecretField {...form.text('bbbSecret')} field="bbbSecret" stored={s.bbbSecretSet} />
        <Choices
          {...form.text('bbbAlgorithm')}
          hint={t(`${k}.bbbAlgorithmHint`)}
          options={ALGORITHMS.map((a) => ({ value: a, label: a.toUpperCase() }))}
        />
      </Group>
    </SettingsForm>
  );
}

/** A write-only secret: whether one is stored, a box to replace it, and a way to remove it. */
function SecretField({
  field,
  stored,
  label = '',
  ...bound
}: BoundField & { field: 'jitsiSecret' | 'bbbSecret'; stored: boolean }) {
  const { t } = useTranslation();
  const clear = useMutation({ mutationFn: () => patchSettings({ [field]: '' }) });
  return (
    <div className="stack" style={{ gap: '0.4rem' }}>
      <p className="su-meta" style={{ margin: 0 }}>
        <span>{label}:</span>
        {stored ? (
          <span className="badge badge-success">{t(`${k}.secretSet`)}</span>
        ) : (
          <span className="badge">{t(`${k}.secretNotSet`)}</span>
        )}
        {stored && (
          <ConfirmButton
            label={
              <>
                {t(`${k}.secretClear`)}
                <span className="sr-only">: {label}</span>
              </>
            }
            question={t(`${k}.secretClearQuestion`)}
            confirmLabel={t(`${k}.secretClearConfirm`)}
            loading={clear.isPending}
            onConfirm={() => clear.mutate()}
          />
        )}
      </p>
      {clear.isError && (
        <p className="field-error" role="alert">
          {errorMessage(clear.error, t)}
        </p>
      )}
      <TextField
        {...bound}
        type="password"
        autoComplete="new-password"
        label={stored ? t(`${k}.secretReplace`, { label }) : t(`${k}.secretEnter`, { label })}
        hint={stored ? t(`${k}.secretHint`) : t(`${k}.secretHintNew`)}
        maxLength={500}
      />
    </div>
  );
}

const CAL_ORDER = ['joinOpensMinutes', 'defaultReminders', 'timeZone'];

function CalendarCard({ settings: s }: { settings: EventSettings }) {
  const { t } = useTranslation();
  const form = useDraftForm({
    initial: {
      joinOpensMinutes: String(s.joinOpensMinutes),
      defaultReminders: s.defaultReminders,
      timeZone: s.timeZone,
    },
    order: CAL_ORDER,
    labels: {
      joinOpensMinutes: t(`${k}.joinOpens`),
      defaultReminders: t(`${k}.reminders`),
      timeZone: t(`${k}.timeZone`),
    },
    serverErrors: (err) => serverFieldErrors(err, t),
    keepMessages: true,
    save: { mutationFn: patchSettings },
  });
  const { d } = form;
  const choices = [...new Set([...REMINDER_CHOICES, ...d.defaultReminders])].sort((a, b) => a - b);
  const submit = () => {
    const join = parseWhole(d.joinOpensMinutes);
    const found: FieldErrors = {
      joinOpensMinutes: typeof join !== 'number' || join > 240 ? t(`${k}.joinOpensInvalid`) : undefined,
      defaultReminders:
        d.defaultReminders.length > MAX_REMINDERS
          ? t(`${k}.remindersTooMany`, { count: MAX_REMINDERS })
          : undefined,
    };
    if (!form.check(found) || typeof join !== 'number') return;
    form.save.mutate({
      joinOpensMinutes: join,
      defaultReminders: [...d.defaultReminders].sort((a, b) => b - a),
      timeZone: d.timeZone,
    });
  };
  return (
    <SettingsForm
      title={t(`${k}.calendarTitle`)}
      lead={t(`${k}.calendarLead`)}
      testId="calendar-settings"
      form={form}
      onSubmit={submit}
    >
      <ZoneSelect {...form.text('timeZone')} hint={t(`${k}.timeZoneHint`)} />
      <TextField
        {...form.text('joinOpensMinutes')}
        type="number"
        inputMode="numeric"
        min={0}
        max={240}
        style={{ maxWidth: '8rem' }}
        hint={t(`${k}.joinOpensHint`)}
      />
      <Group
        id={form.ids.defaultReminders}
        legend={form.labels.defaultReminders}
        hint={t(`${k}.remindersHint`)}
        error={form.fields.defaultReminders}
      >
        <div style={{ display: 'grid', gap: '0.25rem' }}>
          {choices.map((m) => (
            <Checkbox
              key={m}
              label={beforeText(m, t)}
              checked={d.defaultReminders.includes(m)}
              onChange={(e) =>
                form.set(
                  'defaultReminders',
                  e.target.checked ? [...d.defaultReminders, m] : d.defaultReminders.filter((x) => x !== m),
                )
              }
            />
          ))}
        </div>
      </Group>
    </SettingsForm>
  );
}

/** "1 Tag vorher", "3 Stunden vorher", "15 Minuten vorher". */
export function beforeText(minutes: number, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (minutes % 10080 === 0) return t(`${k}.before.weeks`, { count: minutes / 10080 });
  if (minutes % 1440 === 0) return t(`${k}.before.days`, { count: minutes / 1440 });
  if (minutes % 60 === 0) return t(`${k}.before.hours`, { count: minutes / 60 });
  return t(`${k}.before.minutes`, { count: minutes });
}
