import { useTranslation } from 'react-i18next';
import { useMe, useTitle } from '../../../web/session.ts';
import { Loading, PageHeader } from '../../../web/ui/index.ts';
import { DeleteAccountSection } from './settings/DeleteAccountSection.tsx';
import { EmailSection } from './settings/EmailSection.tsx';
import { PasswordSection } from './settings/PasswordSection.tsx';
import { SessionsSection } from './settings/SessionsSection.tsx';
import { TwoFactorSection } from './settings/TwoFactorSection.tsx';

export default function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('settings.title'));
  const me = useMe().data;
  if (!me) return <Loading />;
  return (
    <>
      <PageHeader title={t('settings.title')} lead={t('settings.lead')} />
      <div className="stack">
        <div className="grid-2">
          <EmailSection me={me} />
          <PasswordSection />
        </div>
        <TwoFactorSection me={me} />
        <SessionsSection />
        <DeleteAccountSection />
      </div>
    </>
  );
}
