import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldErrors, hasErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { queryClient, useTitle } from '../../../../web/session.ts';
import { Button, Card, Loading, TextArea, TextField } from '../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../schema.ts';
import '../strings.ts';
import { useSettings, useSettingsSave } from './setup/data.ts';
import {
  defined,
  formats,
  fromLocalInput,
  serverFieldErrors,
  timeZone,
  toLocalInput,
} from './setup/format.ts';
import { InterestList } from './setup/InterestList.tsx';
import { MailSequence } from './setup/MailSequence.tsx';
import { Saved, SetupFormError } from './setup/ui.tsx';

/** `{{name}}` in these texts is shown as it is: the server fills it in per recipient. */
const NAME = { name: '{{name}}' };
const k = 'memberships.setup.enrolment';

/** `/admin/memberships/enrolment`: the public page, when enrolment is open, and the interest list with its mails. */
export default function EnrolmentPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.common.tabs.enrolment'));
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <QueryError error={settings.error} />;
  const s = settings.data;
  return (
    <div className="stack">
      <EnrolmentCard settings={s} />
      <PageCard settings={s} />
      <OpeningMailCard settings={s} />
      <MailSequence />
      <ConsentCard settings={s} />
      <InterestList />
    </div>
  );
}

function PageCard({ settings }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const [headline, setHeadline] = useState(settings.headline);
  const [pitch, setPitch] = useState(settings.pitch);
  const { save, saved, touch } = useSettingsSave();
  const labels = { headline: t(`${k}.page.headline`), pitch: t(`${k}.page.pitch`) };
  const ids = { headline: `${id}-headline`, pitch: `${id}-pitch` };
  const fields = serverFieldErrors(save.error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ headline: headline.trim(), pitch });
  };
  return (
    <Card title={t(`${k}.page.title`)} description={t(`${k}.page.lead`)}>
      <form onSubmit={submit} noValidate data-testid="page-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <TextField
          id={ids.headline}
          label={labels.headline}
          placeholder={t(`${k}.page.headlinePlaceholder`)}
          maxLength={200}
          value={headline}
          onChange={(e) => {
            setHeadline(e.target.value);
            touch();
          }}
          error={fields.headline}
        />
        <TextArea
          id={ids.pitch}
          label={labels.pitch}
          hint={t(`${k}.page.pitchHint`)}
          placeholder={t(`${k}.page.pitchPlaceholder`)}
          rows={8}
          maxLength={20_000}
          value={pitch}
          onChange={(e) => {
            setPitch(e.target.value);
            touch();
          }}
          error={fields.pitch}
        />
        <Saved show={saved} />
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <a href="/join" target="_blank" rel="noopener">
            {t(`${k}.page.view`)}
            <span className="sr-only"> {t(`${k}.newTab`)}</span>
          </a>
        </div>
      </form>
    </Card>
  );
}

type Mode = MembershipSettings['enrolmentMode'];

function EnrolmentCard({ settings }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const [mode, setMode] = useState<Mode>(settings.enrolmentMode);
  const [opens, setOpens] = useState(toLocalInput(settings.enrolmentOpensAt));
  const [closes, setCloses] = useState(toLocalInput(settings.enrolmentClosesAt));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { save, saved, touch } = useSettingsSave();
  const labels = { enrolmentOpensAt: t(`${k}.mode.opensAt`), enrolmentClosesAt: t(`${k}.mode.closesAt`) };
  const ids = { enrolmentOpensAt: `${id}-opens`, enrolmentClosesAt: `${id}-closes` };
  const fields = {
    ...serverFieldErrors(save.error, t, { enrolmentClosesAt: t(`${k}.mode.closesBeforeOpens`) }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const o = fromLocalInput(opens);
    const c = fromLocalInput(closes);
    const found: FieldErrors =
      mode === 'window'
        ? {
            enrolmentOpensAt: !o && !c ? t(`${k}.mode.windowEmpty`) : undefined,
            enrolmentClosesAt: o && c && c <= o ? t(`${k}.mode.closesBeforeOpens`) : undefined,
          }
        : {};
    setErrors(found);
    if (hasErrors(found)) return;
    // The dates only count in the "window" mode; they are kept so switching back restores them.
    const patch =
      mode === 'window'
        ? { enrolmentMode: mode, enrolmentOpensAt: o, enrolmentClosesAt: c }
        : { enrolmentMode: mode };
    save.mutate(patch, {
      // Opening may have mailed the interest list.
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['memberships', 'interest'] }),
    });
  };
  const zone = timeZone();
  return (
    <Card title={t(`${k}.mode.title`)} description={t(`${k}.mode.lead`)}>
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
      <form onSubmit={submit} noValidate data-testid="enrolment-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <fieldset className="radio-stack">
          <legend>{t(`${k}.mode.legend`)}</legend>
          {(['open', 'closed', 'window'] as const).map((m) => (
            <label key={m} className="radio-label">
              <input
                type="radio"
                name={`${id}-mode`}
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  touch();
                }}
              />
              {t(`${k}.mode.${m}`)}
            </label>
          ))}
        </fieldset>
        {mode === 'window' && (
          <>
            <div className="grid-2 tight su-row">
              <TextField
                id={ids.enrolmentOpensAt}
                type="datetime-local"
                label={labels.enrolmentOpensAt}
                hint={t(`${k}.mode.opensHint`)}
                value={opens}
                onChange={(e) => {
                  setOpens(e.target.value);
                  touch();
                }}
                error={fields.enrolmentOpensAt}
              />
              <TextField
                id={ids.enrolmentClosesAt}
                type="datetime-local"
                label={labels.enrolmentClosesAt}
                hint={t(`${k}.mode.closesHint`)}
                value={closes}
                onChange={(e) => {
                  setCloses(e.target.value);
                  touch();
                }}
                error={fields.enrolmentClosesAt}
              />
            </div>
            {zone && <p className="field-hint">{t(`${k}.mode.timeZone`, { zone })}</p>}
          </>
        )}
        <Saved show={saved} />
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function OpeningMailCard({ settings }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const f = formats(i18n.resolvedLanguage ?? 'de');
  const [subject, setSubject] = useState(settings.openingMailSubject);
  const [body, setBody] = useState(settings.openingMailBody);
  const { save, saved, touch } = useSettingsSave();
  const labels = { openingMailSubject: t(`${k}.opening.subject`), openingMailBody: t(`${k}.opening.body`) };
  const ids = { openingMailSubject: `${id}-subject`, openingMailBody: `${id}-body` };
  const fields = serverFieldErrors(save.error, t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ openingMailSubject: subject.trim(), openingMailBody: body });
  };
  return (
    <Card title={t(`${k}.opening.title`)} description={t(`${k}.opening.lead`)}>
      <p data-testid="opening-state">
        {settings.openingMailedAt ? (
          <span className="badge badge-success">
            {t(`${k}.opening.sentAt`, { date: f.dateTime(settings.openingMailedAt) })}
          </span>
        ) : (
          <span className="badge">{t(`${k}.opening.notSent`)}</span>
        )}
      </p>
      <form onSubmit={submit} noValidate data-testid="opening-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <TextField
          id={ids.openingMailSubject}
          label={labels.openingMailSubject}
          placeholder={t(`${k}.opening.subjectPlaceholder`)}
          maxLength={200}
          value={subject}
          onChange={(e) => {
            setSubject(e.target.value);
            touch();
          }}
          error={fields.openingMailSubject}
        />
        <TextArea
          id={ids.openingMailBody}
          label={labels.openingMailBody}
          hint={t(`${k}.opening.bodyHint`, NAME)}
          placeholder={t(`${k}.opening.bodyPlaceholder`, NAME)}
          rows={6}
          maxLength={20_000}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            touch();
          }}
          error={fields.openingMailBody}
        />
        <Saved show={saved} />
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function ConsentCard({ settings }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(settings.consentText);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { save, saved, touch } = useSettingsSave();
  const labels = { consentText: t(`${k}.consent.text`) };
  const ids = { consentText: `${id}-consent` };
  const fields = { ...serverFieldErrors(save.error, t), ...defined(errors) };
  const changed = text.trim() !== settings.consentText;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = { consentText: text.trim() ? undefined : t('validation.required') };
    setErrors(found);
    if (!hasErrors(found)) save.mutate({ consentText: text.trim() });
  };
  return (
    <Card title={t(`${k}.consent.title`)} description={t(`${k}.consent.lead`)}>
      <form onSubmit={submit} noValidate data-testid="consent-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <TextArea
          id={ids.consentText}
          label={labels.consentText}
          hint={t(`${k}.consent.hint`, { version: settings.consentVersion })}
          rows={4}
          maxLength={2000}
          counter
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            touch();
          }}
          error={fields.consentText}
        />
        <Saved show={saved}>{t(`${k}.consent.saved`, { version: settings.consentVersion })}</Saved>
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            {changed ? t(`${k}.consent.submit`, { version: settings.consentVersion + 1 }) : t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
