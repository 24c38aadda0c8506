import { PageHeader } from '../../../../web/ui/index.ts';
import '../strings.ts';

/** Placeholder; replaced by the real page. */
export default function DashboardPage() {
  return <PageHeader title="DashboardPage" />;
}
