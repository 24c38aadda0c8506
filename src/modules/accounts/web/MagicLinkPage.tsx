import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api.ts';
import { useTitle } from '../../../web/session.ts';
import { Alert } from '../../../web/ui/index.ts';
import { EmailOnlyForm } from './EmailOnlyForm.tsx';
import { AuthCard } from './shared.tsx';

export default function MagicLinkPage() {
  const { t } = useTranslation();
  useTitle(t('magic.title'));
  const request = useMutation({
    mutationFn: (email: string) => api.post('/api/auth/sign-in/magic-link', { email, callbackURL: '/' }),
  });
  return (
    <AuthCard title={t('magic.title')} lead={request.isSuccess ? undefined : t('magic.lead')}>
      {request.isSuccess ? (
        <Alert tone="success" testId="magic-done">
          {t('magic.done')}
        </Alert>
      ) : (
        <EmailOnlyForm mutation={request} submitLabel={t('magic.submit')} />
      )}
      <div className="auth-links-below">
        <p>
          <Link to="/login">{t('magic.withPassword')}</Link>
        </p>
      </div>
    </AuthCard>
  );
}
