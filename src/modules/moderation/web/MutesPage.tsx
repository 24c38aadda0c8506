import { useTranslation } from 'react-i18next';
import { useTitle } from '../../../web/session.ts';
import { PageHeader } from '../../../web/ui/index.ts';
import { MutesSection } from './MutesSection.tsx';

/** `/settings/mutes`: who I muted or blocked (beside `/settings/notifications`, like the other settings pages). */
export default function MutesPage() {
  const { t } = useTranslation();
  useTitle(t('moderation.mutes.title'));
  return (
    <>
      <PageHeader title={t('moderation.mutes.title')} lead={t('moderation.mutes.pageLead')} />
      <MutesSection title={t('moderation.mutes.listTitle')} />
    </>
  );
}
