import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import { queryClient, useTitle } from '../../../../web/session.ts';
import { TextArea, TextField } from '../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../schema.ts';
import '../strings.ts';
import { patchSettings } from './setup/data.ts';
import { formats, fromLocalInput, timeZone, toLocalInput } from './setup/format.ts';
import { InterestList } from './setup/InterestList.tsx';
import { MailSequence } from './setup/MailSequence.tsx';
import { Radios, SettingsCard, WithSettings } from './setup/ui.tsx';
import { useSetupForm } from './setup/useSetupForm.ts';

/** `{{name}}` in these texts is shown as it is: the server fills it in per recipient. */
const NAME = { name: '{{name}}' };
const k = 'memberships.setup.enrolment';

/** `/admin/memberships/enrolment`: the public page, when enrolment is open, and the interest list with its mails. */
export default function EnrolmentPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.common.tabs.enrolment'));
  return (
    <WithSettings>
      {(s) => (
        <>
          <EnrolmentCard settings={s} />
          <PageCard settings={s} />
          <OpeningMailCard settings={s} />
          <MailSequence />
          <ConsentCard settings={s} />
          <InterestList />
        </>
      )}
    </WithSettings>
  );
}

function PageCard({ settings }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const form = useSetupForm({
    initial: { headline: settings.headline, pitch: settings.pitch },
    labels: { headline: t(`${k}.page.headline`), pitch: t(`${k}.page.pitch`) },
    save: { mutationFn: patchSettings },
  });
  return (
    <SettingsCard
      title={t(`${k}.page.title`)}
      lead={t(`${k}.page.lead`)}
      testId="page-form"
      form={form}
      onSubmit={() => form.save.mutate({ headline: form.d.headline.trim(), pitch: form.d.pitch })}
      actions={
        <a href="/join" target="_blank" rel="noopener">
          {t(`${k}.page.view`)}
          <span className="sr-only"> {t(`${k}.newTab`)}</span>
        </a>
      }
    >
      <TextField
        {...form.text('headline')}
        placeholder={t(`${k}.page.headlinePlaceholder`)}
        maxLength={200}
      />
      <TextArea
        {...form.text('pitch')}
        hint={t(`${k}.page.pitchHint`)}
        placeholder={t(`${k}.page.pitchPlaceholder`)}
        rows={8}
        maxLength={20_000}
      />
    </SettingsCard>
  );
}

function EnrolmentCard({ settings }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const closesBeforeOpens = t(`${k}.mode.closesBeforeOpens`);
  const form = useSetupForm({
    initial: {
      mode: settings.enrolmentMode,
      opens: toLocalInput(settings.enrolmentOpensAt),
      closes: toLocalInput(settings.enrolmentClosesAt),
    },
    labels: { enrolmentOpensAt: t(`${k}.mode.opensAt`), enrolmentClosesAt: t(`${k}.mode.closesAt`) },
    messages: { enrolmentClosesAt: closesBeforeOpens },
    save: { mutationFn: patchSettings },
  });
  const { mode } = form.d;
  const submit = () => {
    const o = fromLocalInput(form.d.opens);
    const c = fromLocalInput(form.d.closes);
    const found: FieldErrors =
      mode === 'window'
        ? {
            enrolmentOpensAt: !o && !c ? t(`${k}.mode.windowEmpty`) : undefined,
            enrolmentClosesAt: o && c && c <= o ? closesBeforeOpens : undefined,
          }
        : {};
    if (!form.check(found)) return;
    // The dates only count in the "window" mode; they are kept so switching back restores them.
    const patch =
      mode === 'window'
        ? { enrolmentMode: mode, enrolmentOpensAt: o, enrolmentClosesAt: c }
        : { enrolmentMode: mode };
    form.save.mutate(patch, {
      // Opening may have mailed the interest list.
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['memberships', 'interest'] }),
    });
  };
  const zone = timeZone();
  return (
    <SettingsCard
      title={t(`${k}.mode.title`)}
      lead={t(`${k}.mode.lead`)}
      testId="enrolment-form"
      form={form}
      onSubmit={submit}
      intro={
        <p data-testid="enrolment-state">
          <span className={`badge ${settings.enrolmentOpen ? 'badge-success' : ''}`}>
            {t(settings.enrolmentOpen ? `${k}.mode.openNow` : `${k}.mode.closedNow`)}
          </span>{' '}
          {settings.enrolmentMode === 'window' && (
            <span className="muted">
              {settings.enrolmentOpensAt &&
                t(`${k}.mode.from`, { date: f.dateTime(settings.enrolmentOpensAt) })}{' '}
              {settings.enrolmentClosesAt &&
                t(`${k}.mode.to`, { date: f.dateTime(settings.enrolmentClosesAt) })}
            </span>
          )}
        </p>
      }
    >
      <Radios
        legend={t(`${k}.mode.legend`)}
        name={`${form.uid}-mode`}
        options={['open', 'closed', 'window'] as const}
        value={mode}
        onChange={(m) => form.set('mode', m)}
        label={(m) => t(`${k}.mode.${m}`)}
      />
      {mode === 'window' && (
        <>
          <div className="grid-2 tight su-row">
            <TextField
              {...form.text('opens', 'enrolmentOpensAt')}
              type="datetime-local"
              hint={t(`${k}.mode.opensHint`)}
            />
            <TextField
              {...form.text('closes', 'enrolmentClosesAt')}
              type="datetime-local"
              hint={t(`${k}.mode.closesHint`)}
            />
          </div>
          {zone && <p className="field-hint">{t(`${k}.mode.timeZone`, { zone })}</p>}
        </>
      )}
    </SettingsCard>
  );
}

function OpeningMailCard({ settings }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const form = useSetupForm({
    initial: { openingMailSubject: settings.openingMailSubject, openingMailBody: settings.openingMailBody },
    labels: { openingMailSubject: t(`${k}.opening.subject`), openingMailBody: t(`${k}.opening.body`) },
    save: { mutationFn: patchSettings },
  });
  const { d } = form;
  return (
    <SettingsCard
      title={t(`${k}.opening.title`)}
      lead={t(`${k}.opening.lead`)}
      testId="opening-form"
      form={form}
      onSubmit={() =>
        form.save.mutate({
          openingMailSubject: d.openingMailSubject.trim(),
          openingMailBody: d.openingMailBody,
        })
      }
      intro={
        <p data-testid="opening-state">
          {settings.openingMailedAt ? (
            <span className="badge badge-success">
              {t(`${k}.opening.sentAt`, { date: f.dateTime(settings.openingMailedAt) })}
            </span>
          ) : (
            <span className="badge">{t(`${k}.opening.notSent`)}</span>
          )}
        </p>
      }
    >
      <TextField
        {...form.text('openingMailSubject')}
        placeholder={t(`${k}.opening.subjectPlaceholder`)}
        maxLength={200}
      />
      <TextArea
        {...form.text('openingMailBody')}
        hint={t(`${k}.opening.bodyHint`, NAME)}
        placeholder={t(`${k}.opening.bodyPlaceholder`, NAME)}
        rows={6}
        maxLength={20_000}
      />
    </SettingsCard>
  );
}

function ConsentCard({ settings }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const form = useSetupForm({
    initial: { consentText: settings.consentText },
    labels: { consentText: t(`${k}.consent.text`) },
    save: { mutationFn: patchSettings },
  });
  const text = form.d.consentText.trim();
  const submit = () => {
    if (form.check({ consentText: text ? undefined : t('validation.required') })) {
      form.save.mutate({ consentText: text });
    }
  };
  return (
    <SettingsCard
      title={t(`${k}.consent.title`)}
      lead={t(`${k}.consent.lead`)}
      testId="consent-form"
      form={form}
      onSubmit={submit}
      saved={t(`${k}.consent.saved`, { version: settings.consentVersion })}
      submitLabel={
        text !== settings.consentText
          ? t(`${k}.consent.submit`, { version: settings.consentVersion + 1 })
          : undefined
      }
    >
      <TextArea
        {...form.text('consentText')}
        hint={t(`${k}.consent.hint`, { version: settings.consentVersion })}
        rows={4}
        maxLength={2000}
        counter
      />
    </SettingsCard>
  );
}
