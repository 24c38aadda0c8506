import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldErrors, hasErrors } from '../../../../web/errors.ts';
import { QueryError } from '../../../../web/guards.tsx';
import { useTitle } from '../../../../web/session.ts';
import { Button, Card, Checkbox, Loading, TextArea, TextField } from '../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../schema.ts';
import '../strings.ts';
import { useSettings, useSettingsSave } from './setup/data.ts';
import { defined, parsePercent, parseWhole, percentText, serverFieldErrors } from './setup/format.ts';
import { PausesCard } from './setup/PausesCard.tsx';
import { StripeCard } from './setup/StripeCard.tsx';
import { Saved, SetupFormError } from './setup/ui.tsx';

const k = 'memberships.setup.settings';

/** `/admin/memberships/settings`: who sells (for invoices), taxes, bank transfer, Stripe, pauses. */
export default function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.common.tabs.settings'));
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <QueryError error={settings.error} />;
  const s = settings.data;
  return (
    <div className="stack">
      <InvoiceCard settings={s} />
      <BankCard settings={s} />
      <StripeCard settings={s} />
      <LegalCard settings={s} />
      <MemberPauseCard settings={s} />
      <PausesCard />
    </div>
  );
}

/** A form's values as one object with a setter that also hides the last "saved". */
function useDraft<T extends Record<string, unknown>>(initial: T, touch: () => void) {
  const [d, setD] = useState<T>(initial);
  const set = <K extends keyof T>(key: K, v: T[K]) => {
    setD((x) => ({ ...x, [key]: v }));
    touch();
  };
  return [d, set] as const;
}

const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/;
const BIC = /^[A-Z0-9]{8}([A-Z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_OK = (u: string) => u === '' || /^https?:\/\/[^\s]+\.[^\s]+/.test(u);

function InvoiceCard({ settings: s }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { save, saved, touch } = useSettingsSave();
  const [d, set] = useDraft(
    {
      sellerName: s.sellerName,
      sellerAddress: s.sellerAddress,
      sellerEmail: s.sellerEmail,
      taxNumber: s.taxNumber,
      vatId: s.vatId,
      smallBusiness: s.smallBusiness,
      taxRate: percentText(s.taxRateBp, i18n.resolvedLanguage ?? 'de'),
    },
    touch,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const labels = {
    sellerName: t(`${k}.invoice.name`),
    sellerAddress: t(`${k}.invoice.address`),
    sellerEmail: t(`${k}.invoice.email`),
    taxNumber: t(`${k}.invoice.taxNumber`),
    vatId: t(`${k}.invoice.vatId`),
    taxRateBp: t(`${k}.invoice.taxRate`),
  };
  const ids = {
    sellerName: `${id}-name`,
    sellerAddress: `${id}-address`,
    sellerEmail: `${id}-email`,
    taxNumber: `${id}-taxno`,
    vatId: `${id}-vatid`,
    taxRateBp: `${id}-rate`,
  };
  const fields = {
    ...serverFieldErrors(save.error, t, {
      sellerEmail: t('validation.email'),
      taxRateBp: t(`${k}.invoice.taxRateInvalid`),
    }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bp = parsePercent(d.taxRate);
    const found: FieldErrors = {
      sellerEmail:
        d.sellerEmail.trim() && !EMAIL.test(d.sellerEmail.trim()) ? t('validation.email') : undefined,
      taxRateBp:
        !d.smallBusiness && (bp === null || bp > 10_000) ? t(`${k}.invoice.taxRateInvalid`) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({
      sellerName: d.sellerName.trim(),
      sellerAddress: d.sellerAddress.trim(),
      sellerEmail: d.sellerEmail.trim(),
      taxNumber: d.taxNumber.trim(),
      vatId: d.vatId.trim(),
      smallBusiness: d.smallBusiness,
      ...(bp !== null && bp <= 10_000 ? { taxRateBp: bp } : {}),
    });
  };
  return (
    <Card title={t(`${k}.invoice.title`)} description={t(`${k}.invoice.lead`)}>
      <form onSubmit={submit} noValidate data-testid="invoice-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.sellerName}
            label={labels.sellerName}
            placeholder={t(`${k}.invoice.namePlaceholder`)}
            autoComplete="organization"
            maxLength={200}
            value={d.sellerName}
            onChange={(e) => set('sellerName', e.target.value)}
            error={fields.sellerName}
          />
          <TextField
            id={ids.sellerEmail}
            type="email"
            label={labels.sellerEmail}
            hint={t(`${k}.invoice.emailHint`)}
            placeholder={t(`${k}.invoice.emailPlaceholder`)}
            autoComplete="email"
            maxLength={254}
            value={d.sellerEmail}
            onChange={(e) => set('sellerEmail', e.target.value)}
            error={fields.sellerEmail}
          />
        </div>
        <TextArea
          id={ids.sellerAddress}
          label={labels.sellerAddress}
          placeholder={t(`${k}.invoice.addressPlaceholder`)}
          rows={3}
          maxLength={500}
          value={d.sellerAddress}
          onChange={(e) => set('sellerAddress', e.target.value)}
          error={fields.sellerAddress}
        />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.taxNumber}
            label={labels.taxNumber}
            hint={t(`${k}.invoice.taxNumberHint`)}
            placeholder="12/345/67890"
            maxLength={40}
            value={d.taxNumber}
            onChange={(e) => set('taxNumber', e.target.value)}
            error={fields.taxNumber}
          />
          <TextField
            id={ids.vatId}
            label={labels.vatId}
            hint={t(`${k}.invoice.vatIdHint`)}
            placeholder="DE123456789"
            maxLength={40}
            value={d.vatId}
            onChange={(e) => set('vatId', e.target.value)}
            error={fields.vatId}
          />
        </div>
        <Checkbox
          label={t(`${k}.invoice.smallBusiness`)}
          hint={t(`${k}.invoice.smallBusinessHint`)}
          checked={d.smallBusiness}
          onChange={(e) => set('smallBusiness', e.target.checked)}
        />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.taxRateBp}
            label={labels.taxRateBp}
            hint={d.smallBusiness ? t(`${k}.invoice.taxRateOff`) : t(`${k}.invoice.taxRateHint`)}
            inputMode="decimal"
            placeholder="19"
            disabled={d.smallBusiness}
            value={d.taxRate}
            onChange={(e) => set('taxRate', e.target.value)}
            error={fields.taxRateBp}
          />
        </div>
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

function BankCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const { save, saved, touch } = useSettingsSave();
  const [d, set] = useDraft(
    { bankHolder: s.bankHolder, iban: s.iban, bic: s.bic, paymentTermsDays: String(s.paymentTermsDays) },
    touch,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const labels = {
    bankHolder: t(`${k}.bank.holder`),
    iban: t(`${k}.bank.iban`),
    bic: t(`${k}.bank.bic`),
    paymentTermsDays: t(`${k}.bank.terms`),
  };
  const ids = {
    bankHolder: `${id}-holder`,
    iban: `${id}-iban`,
    bic: `${id}-bic`,
    paymentTermsDays: `${id}-terms`,
  };
  const fields = {
    ...serverFieldErrors(save.error, t, {
      iban: t(`${k}.bank.ibanInvalid`),
      bic: t(`${k}.bank.bicInvalid`),
      paymentTermsDays: t(`${k}.bank.termsInvalid`),
    }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iban = d.iban.replace(/\s+/g, '').toUpperCase();
    const bic = d.bic.trim().toUpperCase();
    const terms = parseWhole(d.paymentTermsDays);
    const found: FieldErrors = {
      iban: iban && !IBAN.test(iban) ? t(`${k}.bank.ibanInvalid`) : undefined,
      bic: bic && !BIC.test(bic) ? t(`${k}.bank.bicInvalid`) : undefined,
      paymentTermsDays: typeof terms !== 'number' || terms > 90 ? t(`${k}.bank.termsInvalid`) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({ bankHolder: d.bankHolder.trim(), iban, bic, paymentTermsDays: terms as number });
  };
  return (
    <Card title={t(`${k}.bank.title`)} description={t(`${k}.bank.lead`)}>
      <form onSubmit={submit} noValidate data-testid="bank-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <TextField
          id={ids.bankHolder}
          label={labels.bankHolder}
          placeholder={t(`${k}.bank.holderPlaceholder`)}
          maxLength={200}
          value={d.bankHolder}
          onChange={(e) => set('bankHolder', e.target.value)}
          error={fields.bankHolder}
        />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.iban}
            label={labels.iban}
            placeholder="DE89 3704 0044 0532 0130 00"
            autoComplete="off"
            spellCheck={false}
            maxLength={42}
            value={d.iban}
            onChange={(e) => set('iban', e.target.value)}
            error={fields.iban}
          />
          <TextField
            id={ids.bic}
            label={labels.bic}
            placeholder="COBADEFFXXX"
            autoComplete="off"
            spellCheck={false}
            maxLength={11}
            value={d.bic}
            onChange={(e) => set('bic', e.target.value)}
            error={fields.bic}
          />
        </div>
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.paymentTermsDays}
            type="number"
            inputMode="numeric"
            min={0}
            max={90}
            label={labels.paymentTermsDays}
            hint={t(`${k}.bank.termsHint`)}
            value={d.paymentTermsDays}
            onChange={(e) => set('paymentTermsDays', e.target.value)}
            error={fields.paymentTermsDays}
          />
        </div>
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

function LegalCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const { save, saved, touch } = useSettingsSave();
  const [d, set] = useDraft({ imprintUrl: s.imprintUrl, privacyUrl: s.privacyUrl }, touch);
  const [errors, setErrors] = useState<FieldErrors>({});
  const labels = { imprintUrl: t(`${k}.legal.imprint`), privacyUrl: t(`${k}.legal.privacy`) };
  const ids = { imprintUrl: `${id}-imprint`, privacyUrl: `${id}-privacy` };
  const urlError = t(`${k}.legal.urlInvalid`);
  const fields = {
    ...serverFieldErrors(save.error, t, { imprintUrl: urlError, privacyUrl: urlError }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const imprintUrl = d.imprintUrl.trim();
    const privacyUrl = d.privacyUrl.trim();
    const found: FieldErrors = {
      imprintUrl: URL_OK(imprintUrl) ? undefined : urlError,
      privacyUrl: URL_OK(privacyUrl) ? undefined : urlError,
    };
    setErrors(found);
    if (!hasErrors(found)) save.mutate({ imprintUrl, privacyUrl });
  };
  return (
    <Card title={t(`${k}.legal.title`)} description={t(`${k}.legal.lead`)}>
      <form onSubmit={submit} noValidate data-testid="legal-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.imprintUrl}
            type="url"
            label={labels.imprintUrl}
            placeholder="https://beispiel.de/impressum"
            maxLength={500}
            value={d.imprintUrl}
            onChange={(e) => set('imprintUrl', e.target.value)}
            error={fields.imprintUrl}
          />
          <TextField
            id={ids.privacyUrl}
            type="url"
            label={labels.privacyUrl}
            placeholder="https://beispiel.de/datenschutz"
            maxLength={500}
            value={d.privacyUrl}
            onChange={(e) => set('privacyUrl', e.target.value)}
            error={fields.privacyUrl}
          />
        </div>
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

function MemberPauseCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const { save, saved, touch } = useSettingsSave();
  const [d, set] = useDraft({ allowed: s.memberPauseAllowed, months: String(s.memberPauseMaxMonths) }, touch);
  const [errors, setErrors] = useState<FieldErrors>({});
  const labels = { memberPauseMaxMonths: t(`${k}.memberPause.months`) };
  const ids = { memberPauseMaxMonths: `${id}-months` };
  const fields = {
    ...serverFieldErrors(save.error, t, { memberPauseMaxMonths: t(`${k}.memberPause.monthsInvalid`) }),
    ...defined(errors),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const months = parseWhole(d.months);
    const valid = typeof months === 'number' && months >= 1 && months <= 12;
    const found: FieldErrors = {
      memberPauseMaxMonths: d.allowed && !valid ? t(`${k}.memberPause.monthsInvalid`) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate({ memberPauseAllowed: d.allowed, ...(valid ? { memberPauseMaxMonths: months } : {}) });
  };
  return (
    <Card title={t(`${k}.memberPause.title`)} description={t(`${k}.memberPause.lead`)}>
      <form onSubmit={submit} noValidate data-testid="member-pause-form">
        <SetupFormError error={save.error} fields={fields} labels={labels} ids={ids} />
        <Checkbox
          label={t(`${k}.memberPause.allowed`)}
          hint={t(`${k}.memberPause.allowedHint`)}
          checked={d.allowed}
          onChange={(e) => set('allowed', e.target.checked)}
        />
        <div className="grid-2 tight su-row">
          <TextField
            id={ids.memberPauseMaxMonths}
            type="number"
            inputMode="numeric"
            min={1}
            max={12}
            label={labels.memberPauseMaxMonths}
            hint={t(`${k}.memberPause.monthsHint`)}
            disabled={!d.allowed}
            value={d.months}
            onChange={(e) => set('months', e.target.value)}
            error={fields.memberPauseMaxMonths}
          />
        </div>
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
