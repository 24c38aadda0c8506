import { PageHeader } from '../../../../web/ui/index.ts';
import '../strings.ts';

/** Placeholder; replaced by the real page. */
export default function EnrolmentPage() {
  return <PageHeader title="EnrolmentPage" />;
}
