import { PageHeader } from '../../../../web/ui/index.ts';
import '../strings.ts';

/** Placeholder; replaced by the real page. */
export default function SettingsPage() {
  return <PageHeader title="SettingsPage" />;
}
