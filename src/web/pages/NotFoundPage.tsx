import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../session.ts';
import { Card } from '../ui/index.ts';

export default function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('notFound.title'));
  return (
    <Card className="auth-card" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link className="btn btn-primary" to="/">
        {t('common.backHome')}
      </Link>
    </Card>
  );
}
