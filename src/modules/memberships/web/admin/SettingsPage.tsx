import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../../web/errors.ts';
import { useTitle } from '../../../../web/session.ts';
import { Checkbox, TextArea, TextField } from '../../../../web/ui/index.ts';
import type { MembershipSettings } from '../../schema.ts';
import '../strings.ts';
import { patchSettings } from './setup/data.ts';
import { parsePercent, parseWhole, percentText } from './setup/format.ts';
import { PausesCard } from './setup/PausesCard.tsx';
import { StripeCard } from './setup/StripeCard.tsx';
import { SettingsCard, WithSettings } from './setup/ui.tsx';
import { useSetupForm } from './setup/useSetupForm.ts';

const k = 'memberships.setup.settings';

/** `/admin/memberships/settings`: who sells (for invoices), taxes, bank transfer, Stripe, pauses. */
export default function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('memberships.common.tabs.settings'));
  return (
    <WithSettings>
      {(s) => (
        <>
          <InvoiceCard settings={s} />
          <BankCard settings={s} />
          <StripeCard settings={s} />
          <LegalCard settings={s} />
          <MemberPauseCard settings={s} />
          <PausesCard />
        </>
      )}
    </WithSettings>
  );
}

const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/;
const BIC = /^[A-Z0-9]{8}([A-Z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_OK = (u: string) => u === '' || /^https?:\/\/[^\s]+\.[^\s]+/.test(u);

function InvoiceCard({ settings: s }: { settings: MembershipSettings }) {
  const { t, i18n } = useTranslation();
  const form = useSetupForm({
    initial: {
      sellerName: s.sellerName,
      sellerAddress: s.sellerAddress,
      sellerEmail: s.sellerEmail,
      taxNumber: s.taxNumber,
      vatId: s.vatId,
      smallBusiness: s.smallBusiness,
      taxRate: percentText(s.taxRateBp, i18n.resolvedLanguage ?? 'de'),
    },
    labels: {
      sellerName: t(`${k}.invoice.name`),
      sellerEmail: t(`${k}.invoice.email`),
      sellerAddress: t(`${k}.invoice.address`),
      taxNumber: t(`${k}.invoice.taxNumber`),
      vatId: t(`${k}.invoice.vatId`),
      taxRateBp: t(`${k}.invoice.taxRate`),
    },
    messages: { sellerEmail: t('validation.email'), taxRateBp: t(`${k}.invoice.taxRateInvalid`) },
    save: { mutationFn: patchSettings },
  });
  const { d, set } = form;
  const submit = () => {
    const bp = parsePercent(d.taxRate);
    const found: FieldErrors = {
      sellerEmail:
        d.sellerEmail.trim() && !EMAIL.test(d.sellerEmail.trim()) ? t('validation.email') : undefined,
      taxRateBp:
        !d.smallBusiness && (bp === null || bp > 10_000) ? t(`${k}.invoice.taxRateInvalid`) : undefined,
    };
    if (!form.check(found)) return;
    form.save.mutate({
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
    <SettingsCard
      title={t(`${k}.invoice.title`)}
      lead={t(`${k}.invoice.lead`)}
      testId="invoice-form"
      form={form}
      onSubmit={submit}
    >
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('sellerName')}
          placeholder={t(`${k}.invoice.namePlaceholder`)}
          autoComplete="organization"
          maxLength={200}
        />
        <TextField
          {...form.text('sellerEmail')}
          type="email"
          hint={t(`${k}.invoice.emailHint`)}
          placeholder={t(`${k}.invoice.emailPlaceholder`)}
          autoComplete="email"
          maxLength={254}
        />
      </div>
      <TextArea
        {...form.text('sellerAddress')}
        placeholder={t(`${k}.invoice.addressPlaceholder`)}
        rows={3}
        maxLength={500}
      />
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('taxNumber')}
          hint={t(`${k}.invoice.taxNumberHint`)}
          placeholder="12/345/67890"
          maxLength={40}
        />
        <TextField
          {...form.text('vatId')}
          hint={t(`${k}.invoice.vatIdHint`)}
          placeholder="DE123456789"
          maxLength={40}
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
          {...form.text('taxRate', 'taxRateBp')}
          hint={d.smallBusiness ? t(`${k}.invoice.taxRateOff`) : t(`${k}.invoice.taxRateHint`)}
          inputMode="decimal"
          placeholder="19"
          disabled={d.smallBusiness}
        />
      </div>
    </SettingsCard>
  );
}

function BankCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const messages = {
    iban: t(`${k}.bank.ibanInvalid`),
    bic: t(`${k}.bank.bicInvalid`),
    paymentTermsDays: t(`${k}.bank.termsInvalid`),
  };
  const form = useSetupForm({
    initial: {
      bankHolder: s.bankHolder,
      iban: s.iban,
      bic: s.bic,
      paymentTermsDays: String(s.paymentTermsDays),
    },
    labels: {
      bankHolder: t(`${k}.bank.holder`),
      iban: t(`${k}.bank.iban`),
      bic: t(`${k}.bank.bic`),
      paymentTermsDays: t(`${k}.bank.terms`),
    },
    messages,
    save: { mutationFn: patchSettings },
  });
  const { d } = form;
  const submit = () => {
    const iban = d.iban.replace(/\s+/g, '').toUpperCase();
    const bic = d.bic.trim().toUpperCase();
    const terms = parseWhole(d.paymentTermsDays);
    const found: FieldErrors = {
      iban: iban && !IBAN.test(iban) ? messages.iban : undefined,
      bic: bic && !BIC.test(bic) ? messages.bic : undefined,
      paymentTermsDays: typeof terms !== 'number' || terms > 90 ? messages.paymentTermsDays : undefined,
    };
    if (!form.check(found)) return;
    form.save.mutate({ bankHolder: d.bankHolder.trim(), iban, bic, paymentTermsDays: terms as number });
  };
  return (
    <SettingsCard
      title={t(`${k}.bank.title`)}
      lead={t(`${k}.bank.lead`)}
      testId="bank-form"
      form={form}
      onSubmit={submit}
    >
      <TextField
        {...form.text('bankHolder')}
        placeholder={t(`${k}.bank.holderPlaceholder`)}
        maxLength={200}
      />
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('iban')}
          placeholder="DE89 3704 0044 0532 0130 00"
          autoComplete="off"
          spellCheck={false}
          maxLength={42}
        />
        <TextField
          {...form.text('bic')}
          placeholder="COBADEFFXXX"
          autoComplete="off"
          spellCheck={false}
          maxLength={11}
        />
      </div>
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('paymentTermsDays')}
          type="number"
          inputMode="numeric"
          min={0}
          max={90}
          hint={t(`${k}.bank.termsHint`)}
        />
      </div>
    </SettingsCard>
  );
}

function LegalCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const urlError = t(`${k}.legal.urlInvalid`);
  const form = useSetupForm({
    initial: { imprintUrl: s.imprintUrl, privacyUrl: s.privacyUrl },
    labels: { imprintUrl: t(`${k}.legal.imprint`), privacyUrl: t(`${k}.legal.privacy`) },
    messages: { imprintUrl: urlError, privacyUrl: urlError },
    save: { mutationFn: patchSettings },
  });
  const submit = () => {
    const imprintUrl = form.d.imprintUrl.trim();
    const privacyUrl = form.d.privacyUrl.trim();
    const found: FieldErrors = {
      imprintUrl: URL_OK(imprintUrl) ? undefined : urlError,
      privacyUrl: URL_OK(privacyUrl) ? undefined : urlError,
    };
    if (form.check(found)) form.save.mutate({ imprintUrl, privacyUrl });
  };
  return (
    <SettingsCard
      title={t(`${k}.legal.title`)}
      lead={t(`${k}.legal.lead`)}
      testId="legal-form"
      form={form}
      onSubmit={submit}
    >
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('imprintUrl')}
          type="url"
          placeholder="https://beispiel.de/impressum"
          maxLength={500}
        />
        <TextField
          {...form.text('privacyUrl')}
          type="url"
          placeholder="https://beispiel.de/datenschutz"
          maxLength={500}
        />
      </div>
    </SettingsCard>
  );
}

function MemberPauseCard({ settings: s }: { settings: MembershipSettings }) {
  const { t } = useTranslation();
  const monthsInvalid = t(`${k}.memberPause.monthsInvalid`);
  const form = useSetupForm({
    initial: { allowed: s.memberPauseAllowed, months: String(s.memberPauseMaxMonths) },
    labels: { memberPauseMaxMonths: t(`${k}.memberPause.months`) },
    messages: { memberPauseMaxMonths: monthsInvalid },
    save: { mutationFn: patchSettings },
  });
  const { d } = form;
  const submit = () => {
    const months = parseWhole(d.months);
    const valid = typeof months === 'number' && months >= 1 && months <= 12;
    if (!form.check({ memberPauseMaxMonths: d.allowed && !valid ? monthsInvalid : undefined })) return;
    form.save.mutate({ memberPauseAllowed: d.allowed, ...(valid ? { memberPauseMaxMonths: months } : {}) });
  };
  return (
    <SettingsCard
      title={t(`${k}.memberPause.title`)}
      lead={t(`${k}.memberPause.lead`)}
      testId="member-pause-form"
      form={form}
      onSubmit={submit}
    >
      <Checkbox
        label={t(`${k}.memberPause.allowed`)}
        hint={t(`${k}.memberPause.allowedHint`)}
        checked={d.allowed}
        onChange={(e) => form.set('allowed', e.target.checked)}
      />
      <div className="grid-2 tight su-row">
        <TextField
          {...form.text('months', 'memberPauseMaxMonths')}
          type="number"
          inputMode="numeric"
          min={1}
          max={12}
          hint={t(`${k}.memberPause.monthsHint`)}
          disabled={!d.allowed}
        />
      </div>
    </SettingsCard>
  );
}
